"""Date boxes in a form: Tab goes on to the next field."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from ui.widgets.dates import date_edit, day_of


def test_tab_leaves_the_date_box_for_the_next_field(qtbot: QtBot) -> None:
    form = QWidget()
    qtbot.addWidget(form)
    layout = QVBoxLayout(form)
    day = date_edit("received_on", date(2026, 12, 3))
    after = QLineEdit()
    layout.addWidget(day)
    layout.addWidget(after)
    form.show()
    form.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is form)
    day.setFocus()
    qtbot.keyClick(day, Qt.Key.Key_Tab)
    assert after.hasFocus()
    qtbot.keyClicks(after, "abc")
    assert after.text() == "abc" and day_of(day) == date(2026, 12, 3)
    qtbot.keyClick(after, Qt.Key.Key_Backtab)
    assert day.hasFocus()
