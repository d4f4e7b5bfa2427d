"""A list wider than its table on a 1024-pixel screen: the long columns (read whole
in their tooltip) give up room first, so nothing is off to the right; with room to
spare, every column is as wide as its contents."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot

from ui.models.rows_model import RowsModel
from ui.widgets.tables import LEAST_CHARACTERS, table_view

LONG = "高血压病（Ⅱ、Ⅲ期）、糖尿病、冠状动脉粥样硬化性心脏病"


class _Model(RowsModel[tuple[str, ...]]):
    tooltip_columns = (1, 3)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(["证号", "病种", "姓名", "说明", "状态"], parent)

    def display(self, row: tuple[str, ...], column: int) -> str:
        return row[column]


def _shown(qtbot: QtBot, width: int) -> tuple[QTableView, _Model]:
    model = _Model()
    view = table_view(model, "fit")
    qtbot.addWidget(view)
    view.resize(width, 300)
    view.show()
    model.set_rows([("C41052027000001", LONG, "王秀英", LONG + "；" + LONG, "公示中")])
    qtbot.waitUntil(lambda: view.horizontalHeader().length() <= view.viewport().width())
    return view, model


def test_a_narrow_table_shortens_its_long_columns_only(qtbot: QtBot) -> None:
    view, model = _shown(qtbot, 520)
    header = view.horizontalHeader()
    assert view.horizontalScrollBar().maximum() == 0
    for column in (0, 2):  # the others read whole
        assert header.sectionSize(column) >= view.sizeHintForColumn(column)
    floor = LEAST_CHARACTERS * view.fontMetrics().horizontalAdvance("中")
    for column in (1, 3):
        assert floor <= header.sectionSize(column) < view.sizeHintForColumn(column)
        tip = model.index(0, column).data(Qt.ItemDataRole.ToolTipRole)
        assert tip == model.display(model.rows[0], column)  # read whole there
    assert model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole) is None


def test_with_room_to_spare_every_column_reads_whole(qtbot: QtBot) -> None:
    view, _ = _shown(qtbot, 1800)
    header = view.horizontalHeader()
    for column in range(header.count()):
        assert header.sectionSize(column) >= view.sizeHintForColumn(column), column
