"""A word-wrapped label that the form it sits in always gives every line."""

from __future__ import annotations

from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QWidget


class WrappedLabel(QLabel):
    """A word-wrapped QLabel held at the height its text needs at its width.

    A QFormLayout inside a scroll area does not always ask a wrapped label for its
    height at the width it gives it: after the text changes it may lay the label out
    at its size hint, worked out for another width, so that a text of three lines or
    more is cut and the next field sits on it. Holding the label at the height of its
    text, refitted whenever the text or the width changes, leaves the layout nothing
    to guess. An empty label takes no height.
    """

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)
        self._fit()

    def setText(self, text: str) -> None:
        super().setText(text)
        self._fit()

    def clear(self) -> None:
        super().clear()
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        height = max(0, self.heightForWidth(self.width())) if self.text() else 0
        if (self.minimumHeight(), self.maximumHeight()) != (height, height):
            self.setFixedHeight(height)
