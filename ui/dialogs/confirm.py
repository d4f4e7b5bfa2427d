"""The questions the window asks: one before a step that cannot be undone, and a
choice between a few named answers."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QMessageBox, QWidget


def confirm(parent: QWidget | None, title: str, question: str) -> bool:
    """True only on an explicit Yes: No is the default, so a stray Enter changes nothing."""
    answer = QMessageBox.question(
        parent,
        title,
        question,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def choose(
    parent: QWidget | None,
    title: str,
    question: str,
    answers: Sequence[str],
    default: int = 0,
    cancel: int | None = None,
) -> int | None:
    """The index of the answer clicked, its words on its button (Enter: `default`);
    Escape or closing the box answers `cancel` (None when no answer is the cancel)."""
    box = QMessageBox(QMessageBox.Icon.Question, title, question, parent=parent)
    buttons = []
    for index, text in enumerate(answers):
        role = (
            QMessageBox.ButtonRole.RejectRole
            if index == cancel
            else QMessageBox.ButtonRole.AcceptRole
        )
        buttons.append(box.addButton(text, role))
    box.setDefaultButton(buttons[default])
    if cancel is not None:
        box.setEscapeButton(buttons[cancel])
    box.exec()
    clicked = box.clickedButton()
    return next((i for i, button in enumerate(buttons) if button is clicked), cancel)
