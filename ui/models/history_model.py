"""An application's history as a timeline: one line per move, oldest first, with who
made it and the reasons given."""

from __future__ import annotations

from PySide6.QtCore import QObject

from app.domain.workflow import state_term
from app.i18n import bracketed, join_clauses
from app.intake.application_view import HistoryEntry
from ui.models.rows_model import RowsModel


class HistoryModel(RowsModel[HistoryEntry]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__([""], parent)  # one column, shown as a list without a header

    def display(self, row: HistoryEntry, column: int) -> str:
        source = f"{state_term(row.from_state)} → " if row.from_state else ""
        reasons = bracketed(" ", join_clauses(row.reasons)) if row.reasons else ""
        return (
            f"{row.at.astimezone():%Y-%m-%d %H:%M}  {row.actor_name or row.actor}  "
            f"{source}{state_term(row.to_state)}{reasons}"
        )
