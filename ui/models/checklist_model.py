"""The checklist, as the examination edits it and the application's detail shows it.

The examination's: one row per required material, with the station head's finding
and, for a missing or insufficient one, the reason. Edits are announced one row at a
time (`edited`), so the page stores each finding as it is made."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal

from app.domain.vocabulary import ChecklistStatus
from app.intake.application_view import ChecklistEntry
from ui.models.rows_model import Index, RowsModel

COL_MATERIAL, COL_STATUS, COL_REASON = range(3)
STATUSES = tuple(ChecklistStatus)


@dataclass
class Finding:
    material_code: str
    status: str
    reason: str


class ChecklistModel(RowsModel[Finding]):
    """Signals: edited(row) after a finding's status or reason was changed here.

    The material column's user role is its code."""

    edited = Signal(int)

    def __init__(self, material_names: dict[str, str], parent: QObject | None = None) -> None:
        super().__init__([], parent)
        self.material_names = material_names
        self.headers = [
            self.tr("Material"),
            self.tr("Finding"),
            self.tr("Reason (if missing or insufficient)"),
        ]
        self.status_names = {
            "pending": self.tr("not checked"),
            "provided": self.tr("provided"),
            "missing": self.tr("missing"),
            "insufficient": self.tr("insufficient"),
        }

    @property
    def findings(self) -> list[Finding]:
        """The rows, as edited here."""
        return self.rows

    def set_findings(self, findings: list[Finding]) -> None:
        self.set_rows(findings)

    def set_status(self, row: int, status: str) -> None:
        self.rows[row].status = status
        changed = self.index(row, COL_STATUS)
        self.dataChanged.emit(changed, changed)
        self.edited.emit(row)

    def display(self, row: Finding, column: int) -> str:
        if column == COL_MATERIAL:
            return self.material_names.get(row.material_code, row.material_code)
        if column == COL_STATUS:
            return self.status_names[row.status]
        return row.reason

    # -- the table ----------------------------------------------------------------

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        return flags | Qt.ItemFlag.ItemIsEditable if index.column() == COL_REASON else flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.UserRole and index.column() == COL_MATERIAL:
            return self.rows[index.row()].material_code
        if role == Qt.ItemDataRole.EditRole:
            role = Qt.ItemDataRole.DisplayRole  # the reason is edited as it reads
        return super().data(index, role)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != COL_REASON or role != Qt.ItemDataRole.EditRole:
            return False
        self.rows[index.row()].reason = str(value)
        self.dataChanged.emit(index, index)
        self.edited.emit(index.row())
        return True


MARKS: dict[str, str] = {
    ChecklistStatus.PROVIDED: "✔",
    ChecklistStatus.MISSING: "✘",
    ChecklistStatus.INSUFFICIENT: "！",
    # Not "…": the bundled Chinese font draws it as "⋯", which reads as cut-off text.
    ChecklistStatus.PENDING: "○",
}


class ChecklistMarksModel(RowsModel[ChecklistEntry]):
    """The application's detail: each material marked with its status, and the reason
    when one was given."""

    def __init__(self, material_names: dict[str, str], parent: QObject | None = None) -> None:
        super().__init__([""], parent)  # one column, shown as a list without a header
        self.material_names = material_names

    def display(self, row: ChecklistEntry, column: int) -> str:
        reason = row.reason
        if not reason and row.status == ChecklistStatus.PENDING:
            reason = self.tr("not checked yet")  # the mark alone says nothing to a clerk
        reason = f" — {reason}" if reason else ""
        name = self.material_names.get(row.material_code, row.material_code)
        return f"{MARKS.get(row.status, '?')} {name}{reason}"
