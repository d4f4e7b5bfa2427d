"""The examination's queue: the applications waiting for the station head, each as
its number and name over its diseases and state."""

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
        return f"{row.number}  {row.name}\n{bracketed(names, str(state_term(row.state)))}"

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == ApplicationIdRole and index.isValid():
            return self.rows[index.row()].id
        return super().data(index, role)
