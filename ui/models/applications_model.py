"""The applications table: rows fetched a page at a time, sorted in the database."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from app.domain.quarters import quarter_label
from app.domain.workflow import state_term
from app.intake.listing import ApplicationFilter, ApplicationList, ApplicationRow

Index = QModelIndex | QPersistentModelIndex

(
    COL_NUMBER,
    COL_NAME,
    COL_ID,
    COL_GENDER,
    COL_VILLAGE,
    COL_DISEASES,
    COL_STATE,
    COL_QUARTER,
    COL_RECEIVED,
) = range(9)
# Column → the service's sort key (None: not sortable).
SORT_KEYS = {
    COL_NUMBER: "number",
    COL_NAME: "name",
    COL_VILLAGE: "village",
    COL_STATE: "state",
    COL_QUARTER: "quarter",
    COL_RECEIVED: "received",
}
ApplicationIdRole = Qt.ItemDataRole.UserRole + 1
StateRole = Qt.ItemDataRole.UserRole + 2
PAGE_SIZE = 200


class ApplicationsModel(QAbstractTableModel):
    def __init__(self, listing: ApplicationList, disease_names: dict[str, str]) -> None:
        super().__init__()
        self.listing = listing
        self.disease_names = disease_names
        self.filter = ApplicationFilter()
        self.sort_key = "updated"
        self.descending = True
        self.rows: list[ApplicationRow] = []
        self.total = 0
        self.headers = [
            self.tr("Number"),
            self.tr("Name"),
            self.tr("ID number"),
            self.tr("Sex"),
            self.tr("Village"),
            self.tr("Diseases"),
            self.tr("State"),
            self.tr("Quarter"),
            self.tr("Received"),
        ]

    # -- loading ------------------------------------------------------------------

    def set_filter(self, flt: ApplicationFilter) -> None:
        self.filter = flt
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self.total = self.listing.count(self.filter)
        self.rows = self.listing.page(self.filter, self.sort_key, self.descending, 0, PAGE_SIZE)
        self.endResetModel()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and len(self.rows) < self.total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        more = self.listing.page(
            self.filter, self.sort_key, self.descending, len(self.rows), PAGE_SIZE
        )
        if more:
            self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(more) - 1)
            self.rows.extend(more)
            self.endInsertRows()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if column not in SORT_KEYS:
            return
        self.sort_key = SORT_KEYS[column]
        self.descending = order == Qt.SortOrder.DescendingOrder
        self.reload()

    # -- the table ----------------------------------------------------------------

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
        if role == ApplicationIdRole:
            return row.id
        if role == StateRole:
            return row.state
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return self._display(row, index.column())

    def _display(self, row: ApplicationRow, column: int) -> str:
        if column == COL_NUMBER:
            return row.number
        if column == COL_NAME:
            return row.name
        if column == COL_ID:
            return row.id_number
        if column == COL_GENDER:
            return self.tr("M") if row.gender == "M" else self.tr("F")
        if column == COL_VILLAGE:
            return row.village
        if column == COL_DISEASES:
            return "、".join(self.disease_names.get(c, c) for c in row.diseases)
        if column == COL_STATE:
            return str(state_term(row.state))
        if column == COL_QUARTER:
            return quarter_label(row.quarter) if row.quarter else ""
        if column == COL_RECEIVED:
            return row.received_at.astimezone().strftime("%Y-%m-%d") if row.received_at else ""
        return ""
