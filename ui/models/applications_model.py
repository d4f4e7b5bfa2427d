"""The applications table: rows fetched a page at a time, sorted in the database."""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtCore import QModelIndex, Qt

from app.domain.quarters import quarter_label
from app.domain.workflow import state_term
from app.i18n import join_list
from app.intake.listing import ApplicationFilter, ApplicationList, ApplicationRow
from ui.models.rows_model import Index, RowRole, RowsModel

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
ApplicationIdRole = RowRole + 1
StateRole = RowRole + 2
PAGE_SIZE = 200
COUNT_LIMIT = 10_000  # past it the list says "more than", and still scrolls on


class ApplicationsModel(RowsModel[ApplicationRow]):
    sort_keys: ClassVar[dict[int, str]] = SORT_KEYS  # a subclass with other columns names its own
    tooltip_columns: ClassVar[tuple[int, ...]] = (COL_DISEASES,)  # long cells, read whole

    def __init__(self, listing: ApplicationList, disease_names: dict[str, str]) -> None:
        super().__init__([])
        self.listing = listing
        self.disease_names = disease_names
        self.filter = ApplicationFilter()
        self.sort_key = "updated"
        self.descending = True
        self.total = 0  # at most COUNT_LIMIT + 1: see `more_than_counted`
        self._exhausted = False  # the last page fetched was short: nothing further
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

    @property
    def more_than_counted(self) -> bool:
        """More applications than COUNT_LIMIT: the list says "more than" that."""
        return self.total > COUNT_LIMIT

    def reload(self) -> None:
        self.beginResetModel()
        self.total = self.listing.count(self.filter, COUNT_LIMIT)
        self.rows = self.listing.page(self.filter, self.sort_key, self.descending, 0, PAGE_SIZE)
        self._exhausted = len(self.rows) < PAGE_SIZE
        self.endResetModel()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        if parent.isValid() or self._exhausted:
            return False
        return len(self.rows) < self.total or self.more_than_counted

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        more = self.listing.page(
            self.filter, self.sort_key, self.descending, len(self.rows), PAGE_SIZE
        )
        self._exhausted = len(more) < PAGE_SIZE
        if more:
            self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(more) - 1)
            self.rows.extend(more)
            self.endInsertRows()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if column not in self.sort_keys:
            return
        self.sort_key = self.sort_keys[column]
        self.descending = order == Qt.SortOrder.DescendingOrder
        self.reload()

    # -- the table ----------------------------------------------------------------

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and role == ApplicationIdRole:
            return self.rows[index.row()].id
        if index.isValid() and role == StateRole:
            return self.rows[index.row()].state
        return super().data(index, role)

    def display(self, row: ApplicationRow, column: int) -> str:
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
            return join_list(self.disease_names.get(c, c) for c in row.diseases)
        if column == COL_STATE:
            return str(state_term(row.state))
        if column == COL_QUARTER:
            return quarter_label(row.quarter) if row.quarter else ""
        if column == COL_RECEIVED:
            return row.received_at.astimezone().strftime("%Y-%m-%d") if row.received_at else ""
        return ""
