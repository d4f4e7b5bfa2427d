"""Starts `ncms gui --demo county` through the `ncms` entry point (ui.launcher.main),
in a process of its own, for tests/ui/test_county_training_window.py: logs in with
what the login shows, reads what the county window shows, presses "Start over" on
the training banner (answering yes), logs in to the fresh county and closes it.

It prints one JSON line of what it saw. `python -m tests.ui.county_training_driver`.
"""

from __future__ import annotations

import json
import os
import sys
import time
from datetime import date

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox, QProgressDialog

from ui import launcher
from ui.county.county_window import CountyWindow
from ui.login import LoginDialog

TIMEOUT = 120.0


def main() -> int:
    seen: dict[str, object] = {"windows": 0}
    started = time.monotonic()

    def step() -> None:
        try:
            look()
        except Exception as error:  # said at once, not in a message box nobody closes
            seen["error"] = repr(error)
            print(json.dumps(seen, ensure_ascii=False), flush=True)
            os._exit(3)

    def look() -> None:
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        if time.monotonic() - started > TIMEOUT:
            seen["error"] = "timed out"
            app.exit(2)
        for widget in app.topLevelWidgets():
            if isinstance(widget, QProgressDialog) and widget.isVisible():
                seen["progress"] = widget.labelText()
            if isinstance(widget, LoginDialog) and widget.isVisible():
                seen["login"] = [widget.heading.text(), widget.username.text()]
                seen["password_given"] = bool(widget.password.text())
                widget.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
                return
            if isinstance(widget, CountyWindow) and widget.isVisible():
                on_window(widget)
                return

    def on_window(window: CountyWindow) -> None:
        windows = int(str(seen["windows"])) + 1
        seen["windows"] = windows
        seen["pages"] = [window.nav.item(i).text() for i in range(window.nav.count())]
        seen["banner"] = window.banner.text() if window.banner.isVisible() else None
        seen["user"] = window.user_label.text()
        seen[f"cases_{windows}"] = window.cases_page.model.rowCount()
        meetings = window.services.meetings
        seen[f"meeting_open_{windows}"] = meetings.current() is not None
        if windows == 1:
            # Something practised, which starting over must take away.
            meetings.open(window.actor, date.today(), ["培训专家甲", "培训专家乙"])
            seen["meeting_opened"] = meetings.current() is not None
            QMessageBox.question = lambda *a: QMessageBox.StandardButton.Yes  # type: ignore[method-assign]
            window.banner.start_over_button.click()
        else:
            window.close()

    # Made before the entry point makes its own, which it then uses (ui/app.py).
    QApplication(sys.argv[:1])
    timer = QTimer()
    timer.timeout.connect(step)
    timer.start(100)
    code = launcher.main(["gui", "--demo", "county"])
    print(json.dumps(seen, ensure_ascii=False), flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
