"""The quarter's batches, and what the next batch would hold by disease."""

from __future__ import annotations

from PySide6.QtCore import QObject

from app.domain.quarters import quarter_label
from app.domain.vocabulary import BatchState
from app.examination.batch_list import BatchRow
from ui.models.rows_model import RowsModel

COL_NUMBER, COL_QUARTER, COL_STATE, COL_APPLICATIONS = range(4)
COL_DISEASE, COL_FILES = range(2)


class BatchesModel(RowsModel[BatchRow]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__([], parent)
        self.headers = [
            self.tr("Batch"),
            self.tr("Quarter"),
            self.tr("State"),
            self.tr("Applications"),
        ]
        self.states: dict[str, str] = {
            BatchState.OPEN: self.tr("open"),
            BatchState.CLOSED: self.tr("ready"),
            BatchState.SENT: self.tr("sent"),
        }

    def display(self, row: BatchRow, column: int) -> str:
        if column == COL_NUMBER:
            return row.number
        if column == COL_QUARTER:
            return quarter_label(row.quarter)
        if column == COL_STATE:
            return self.states.get(row.state, row.state)
        return str(row.applications)


class BatchPreviewModel(RowsModel[tuple[str, int]]):
    """Rows: (disease code, applications declaring it), as the batch service counts them."""

    def __init__(self, disease_names: dict[str, str], parent: QObject | None = None) -> None:
        super().__init__([], parent)
        self.disease_names = disease_names
        self.headers = [self.tr("Disease"), self.tr("Applications")]

    def display(self, row: tuple[str, int], column: int) -> str:
        code, count = row
        return self.disease_names.get(code, code) if column == COL_DISEASE else str(count)
