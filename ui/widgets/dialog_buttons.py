"""A dialog's Cancel and its one action, the action pressed by Enter in any field."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox, QPushButton


def action_buttons(text: str) -> tuple[QDialogButtonBox, QPushButton]:
    """The box and its action button. Qt hands the default to Cancel when the dialog
    is shown (it comes first and is auto-default), so Enter after typing an ID number
    threw the form away: Cancel is never the default here."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    action = buttons.addButton(text, QDialogButtonBox.ButtonRole.AcceptRole)
    cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
    cancel.setAutoDefault(False)
    action.setDefault(True)
    return buttons, action
