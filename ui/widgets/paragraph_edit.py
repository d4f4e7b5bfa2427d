"""A one-paragraph field shown on a few lines: an objection, a finding.

A QLineEdit scrolls a long sentence out of sight as it is typed; this wraps it. It
stays one paragraph to the rules (a line break is a control character there), so
Enter means "done", as in a line edit, and a pasted line break becomes a space.
"""

from __future__ import annotations

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QPlainTextEdit, QWidget

_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_PLAIN = Qt.KeyboardModifier.KeypadModifier | Qt.KeyboardModifier.ShiftModifier


def one_paragraph(text: str) -> str:
    return " ".join(text.splitlines())


class ParagraphEdit(QPlainTextEdit):
    returnPressed = Signal()  # noqa: N815 - named as QLineEdit's, which it stands in for

    def __init__(self, lines: int = 3, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)  # Tab moves on, as from any other field
        margins = self.contentsMargins()
        document = int(self.document().documentMargin()) * 2
        self.setFixedHeight(
            self.fontMetrics().lineSpacing() * lines + document + margins.top() + margins.bottom()
        )

    def text(self) -> str:
        return self.toPlainText()

    def insert(self, text: str) -> None:
        self.insertPlainText(one_paragraph(text))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in _ENTER:
            if not event.modifiers() & ~_PLAIN:
                self.returnPressed.emit()
            else:
                event.ignore()  # Ctrl+Enter and the like: the page's shortcuts
            return
        super().keyPressEvent(event)

    def insertFromMimeData(self, source: QMimeData) -> None:
        self.insertPlainText(one_paragraph(source.text()))
