"""The read-only table view the list pages share, and how wide a cell must be for
its text to read whole on two lines."""

from __future__ import annotations

import math

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtGui import QFont, QFontMetricsF
from PySide6.QtWidgets import QAbstractItemView, QStyle, QTableView


def table_view(model: QAbstractItemModel, name: str) -> QTableView:
    """Rows selected whole; columns fit their contents again after every refresh."""
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.verticalHeader().hide()
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setAlternatingRowColors(True)
    view.horizontalHeader().setStretchLastSection(True)
    model.modelReset.connect(view.resizeColumnsToContents)
    return view


def two_line_width(font: QFont, text: str) -> int:
    """The narrowest width at which `text` reads whole on two lines, broken at a space
    (a text without one needs its whole width). Measured in fractions of a pixel, as
    the text is laid out, with a pixel to spare: Qt's layout wraps a line that only
    just fits."""
    exact = QFontMetricsF(font)
    words = text.split(" ")
    lines = [(" ".join(words[:k]), " ".join(words[k:])) for k in range(1, len(words))]
    return 1 + math.ceil(
        min(
            (max(exact.horizontalAdvance(a), exact.horizontalAdvance(b)) for a, b in lines),
            default=exact.horizontalAdvance(text),
        )
    )


def cell_margins(view: QTableView) -> int:
    """What a column adds beside its text, left and right together: the item
    delegate's text margin on each side, and the grid line."""
    style = view.style()
    margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1
    return 2 * margin + (1 if view.showGrid() else 0)
