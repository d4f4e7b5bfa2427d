"""The examination's queue: the applications waiting for the station head, oldest
received first, each as its received date, number and name over its diseases and state."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt

from app.domain.workflow import state_term
from app.i18n import bracketed, join_list
from app.intake.listing import ApplicationRow
from ui.models.applications_model import ApplicationIdRole
from ui.models.rows_model import Index, RowsModel


class QueueModel(RowsModel[ApplicationRow]):
    def __init__(self, disease_names: dict[str, str], parent: QObject | None = None) -> None:
        super().__init__([""], parent)  # one column, shown as a list without a header
        self.disease_names = disease_names

    def display(self, row: ApplicationRow, column: int) -> str:
        names = join_list(self.disease_names.get(c, c) for c in row.diseases)
        # The date first: the queue is worked in the order files were received.
        received = f"{row.received_at.astimezone():%Y-%m-%d}" if row.received_at else ""
        first = "  ".join(p for p in (received, row.number, row.name) if p)
        return f"{first}\n{bracketed(names, str(state_term(row.state)))}"

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == ApplicationIdRole and index.isValid():
            return self.rows[index.row()].id
        if role == Qt.ItemDataRole.ToolTipRole and index.isValid():
            return self.display(self.rows[index.row()], 0)  # the whole of a long line
        return super().data(index, role)

    def row_of(self, application_id: object) -> int:
        """The row of this application, -1 when it is not (or no longer) waiting."""
        return next((n for n, r in enumerate(self.rows) if r.id == application_id), -1)
