"""The tables and lists of plain rows the pages show (applications, batches, packages,
certificates, the examination's queue, checklists, history): one base that holds the
rows; each subclass names its columns and says how a row reads in each. A list view
shows column 0 of a one-column model."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex
Row = TypeVar("Row")
RowRole = Qt.ItemDataRole.UserRole + 1  # the plain row itself


class RowsModel(QAbstractTableModel, Generic[Row]):
    # Long cells, shortened when the table is narrower than its contents (see
    # ui.widgets.tables.fit_columns) and read whole in their tooltip.
    tooltip_columns: ClassVar[tuple[int, ...]] = ()

    def __init__(self, headers: list[str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.headers = headers
        self.rows: list[Row] = []

    def display(self, row: Row, column: int) -> str:
        raise NotImplementedError

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == RowRole:
            return row
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(row, index.column())
        if role == Qt.ItemDataRole.ToolTipRole and index.column() in self.tooltip_columns:
            return self.display(row, index.column()) or None  # the cell whole
        return None
