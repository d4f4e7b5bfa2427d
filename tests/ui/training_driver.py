"""Drives `ncms gui --demo` as a person would, in a process of its own, for
tests/ui/test_training_window.py: logs in with the prefilled password, and then

  sync   presses F9, waits for the sync with the training county, chooses English
         in Settings, saves and closes the window;
  look   reads what the window shows and closes it.

It prints one JSON line of what it saw. `python -m tests.ui.training_driver STAGE`.
"""

from __future__ import annotations

import json
import sys
import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialogButtonBox

import ui.app
from ui.login import LoginDialog
from ui.main_window import MainWindow

APPLICATIONS = 24  # the training quarter, smaller than a user's to keep the test short
TIMEOUT = 240.0


def main(stage: str) -> int:
    app = ui.app.make_application()
    seen: dict[str, object] = {"stage": stage}
    started = time.monotonic()
    state = {"synced": False}

    def step() -> None:
        if time.monotonic() - started > TIMEOUT:
            seen["error"] = "timed out"
            app.exit(2)
        for widget in app.topLevelWidgets():
            if isinstance(widget, LoginDialog) and widget.isVisible():
                seen["prefilled"] = widget.username.text()
                widget.username.setText("training-head")  # the head syncs; a clerk may not
                widget.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
                return
            if isinstance(widget, MainWindow) and widget.isVisible():
                on_window(widget)
                return

    def on_window(window: MainWindow) -> None:
        seen["pages"] = [window.nav.item(i).text() for i in range(window.nav.count())]
        box = window.online_box
        seen["sync_url"] = box.url.text() if box else None
        if stage == "look":
            window.close()
            return
        if not state["synced"]:
            state["synced"] = True
            window.on_sync_key()
            return
        if box is None or box.running:
            return
        seen["sync_message"] = box.message.text()
        page = window.settings_page
        page.language.setCurrentIndex(page.language.findData("en"))
        page.findChild(type(box.sync_button), "save_settings").click()
        window.close()

    timer = QTimer()
    timer.timeout.connect(step)
    timer.start(200)
    ui.app.build_training.__defaults__ = (APPLICATIONS,)
    code = ui.app.run_gui(None, None, demo="station")
    print(json.dumps(seen, ensure_ascii=False), flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
