"""Answering the window's questions (QMessageBox) as the person at the counter would.

Each answerer polls for its box until it is answered or its test ends: a poller left
running would answer (or fail on) a later test's question on the same worker."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox
from pytestqt.qtbot import QtBot

D = TypeVar("D", bound=QDialog)
_waiting: list[list[bool]] = []  # one flag per live answerer; cleared stops it


def stop_answering() -> None:
    """Stop every answerer still waiting (tests/ui/conftest.py calls it after each test)."""
    for alive in _waiting:
        alive.clear()
    _waiting.clear()


def _poll(look: Callable[[], bool]) -> None:
    """Call `look` every 20 ms until it says it is done or the test ends."""
    alive = [True]
    _waiting.append(alive)

    def again() -> None:
        if alive and not look():
            QTimer.singleShot(20, again)

    QTimer.singleShot(0, again)


def when_shown(kind: type[D], act: Callable[[D], None]) -> list[D]:
    """Run `act` on the next modal dialog of `kind` once it is on screen (a dialog of
    the program's own, not a question box); returns it once acted on."""
    seen: list[D] = []

    def look() -> bool:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, kind):
            return False
        seen.append(dialog)
        act(dialog)
        return True

    _poll(look)
    return seen


def when_asked(qtbot: QtBot, answer: Callable[[QMessageBox], None]) -> list[str]:
    """Run `answer` on the next question box once it is on screen; returns the texts asked."""
    asked: list[str] = []

    def look() -> bool:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            return False
        asked.append(box.text())
        answer(box)
        return True

    _poll(look)
    return asked


def answer_each(qtbot: QtBot, *buttons: str) -> list[str]:
    """Answer the questions to come, one after the other, each by clicking the button
    with that text ("" presses Enter: the default answer). The texts asked, in order."""
    asked: list[str] = []
    answered: list[QMessageBox] = []

    def look() -> bool:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox) or box in answered:
            return False
        answered.append(box)
        asked.append(box.text())
        wanted = buttons[len(asked) - 1]
        if wanted:
            (button,) = [b for b in box.buttons() if b.text() == wanted]
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        else:
            qtbot.keyClick(box, Qt.Key.Key_Return)
        return len(asked) == len(buttons)

    _poll(look)
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
