"""The read-only table view the list pages share, and how wide a cell must be for
its text to read whole on two lines."""

from __future__ import annotations

import math

from PySide6.QtCore import QAbstractItemModel, QTimer
from PySide6.QtGui import QFont, QFontMetricsF, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QStyle, QTableView


def table_view(model: QAbstractItemModel, name: str) -> QTableView:
    """Rows selected whole; columns fit the view again after every refresh and
    whenever it is resized (`fit_columns`)."""
    view = _FittedTable()
    view.setObjectName(name)
    view.setModel(model)
    view.verticalHeader().hide()
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setAlternatingRowColors(True)
    view.horizontalHeader().setStretchLastSection(True)
    model.modelReset.connect(view.fit)
    return view


class _FittedTable(QTableView):
    def fit(self) -> None:
        fit_columns(self)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        QTimer.singleShot(0, self, self.fit)  # once the viewport is its new width


# A shortened column keeps at least this many characters' width.
LEAST_CHARACTERS = 6


def fit_columns(view: QTableView) -> None:
    """Columns as wide as their contents; where that is wider than the view (a
    1024-pixel screen), the model's long columns (its `tooltip_columns`, read whole
    in their tooltip) give up room in proportion to their width, down to a few
    characters each, before the view scrolls sideways."""
    view.resizeColumnsToContents()
    header = view.horizontalHeader()
    shown = [c for c in range(header.count()) if not view.isColumnHidden(c)]
    excess = sum(header.sectionSize(c) for c in shown) - view.viewport().width()
    flexible = [c for c in getattr(view.model(), "tooltip_columns", ()) if c in shown]
    if excess <= 0 or not flexible:
        return
    floor = LEAST_CHARACTERS * view.fontMetrics().horizontalAdvance("中")
    spare = {c: max(0, header.sectionSize(c) - floor) for c in flexible}
    last = shown[-1]
    if header.stretchLastSection() and last in spare:
        # A stretched last column takes back whatever is left: it gives first.
        given = min(excess, spare.pop(last))
        header.resizeSection(last, header.sectionSize(last) - given)
        excess -= given
    room = sum(spare.values())
    if excess <= 0 or not room:
        return
    share = min(1.0, excess / room)
    for column, extra in spare.items():
        header.resizeSection(column, header.sectionSize(column) - math.ceil(extra * share))
    # What the header makes of it (a stretched last column keeps its caption's width):
    # any pixels still over come off the widest shortened column, as far as it can go.
    over = header.length() - view.viewport().width()
    widest = max(spare, key=header.sectionSize)
    if over > 0:
        header.resizeSection(widest, max(floor, header.sectionSize(widest) - over))


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
