"""Answering the window's questions (QMessageBox) as the person at the counter would."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot


def when_asked(qtbot: QtBot, answer: Callable[[QMessageBox], None]) -> list[str]:
    """Run `answer` on the next question box once it is on screen; returns the texts asked."""
    asked: list[str] = []

    def look() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, look)
            return
        asked.append(box.text())
        answer(box)

    QTimer.singleShot(0, look)
    return asked


def press_enter(qtbot: QtBot) -> list[str]:
    """Enter on the box: whatever its default button is."""
    return when_asked(qtbot, lambda box: qtbot.keyClick(box, Qt.Key.Key_Return))


def click_yes(qtbot: QtBot) -> list[str]:
    return when_asked(
        qtbot,
        lambda box: qtbot.mouseClick(
            box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton
        ),
    )
