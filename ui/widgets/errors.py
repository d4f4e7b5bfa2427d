"""The red sentence beside a field that names what is wrong with it."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

ERROR_STYLE = "color: #b00020;"


def error_label(name: str, hidden: bool = False) -> QLabel:
    """`hidden`: shown only while it has something to say (a form of many fields keeps
    its rows together when all is well)."""
    label = QLabel()
    label.setObjectName(name)
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    if hidden:
        label.hide()
    return label
