"""The red sentence beside a field that names what is wrong with it."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

from app.errors import NcmsError, ValidationError

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


def hide_all(labels: dict[str, QLabel]) -> None:
    for label in labels.values():
        label.hide()


def show_problems(labels: dict[str, QLabel], error: NcmsError, fallback: str) -> None:
    """Each problem of `error` on the label of its field; one of a field without a
    label here, or an error that names no field, on `fallback`'s."""
    problems = error.problems if isinstance(error, ValidationError) else []
    if not problems:
        labels[fallback].setText(str(error))
        labels[fallback].show()
    for problem in problems:
        label = labels.get(problem.field, labels[fallback])
        label.setText(problem.message)
        label.show()


def add_rows(
    form: QFormLayout, rows: tuple[tuple[str, QWidget, str], ...], labels: dict[str, QLabel]
) -> None:
    """(label text with its &mnemonic, field, name): each field, and its error line
    under it."""
    for text, widget, name in rows:
        label = QLabel(text)
        label.setBuddy(widget)
        form.addRow(label, widget)
        form.addRow("", labels[name])
