"""The examination's checklist: one row per required material, with the station head's
finding and, for a missing or insufficient one, the reason. Edits are announced one
row at a time (`edited`), so the page stores each finding as it is made."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from app.domain.vocabulary import ChecklistStatus

Index = QModelIndex | QPersistentModelIndex
COL_MATERIAL, COL_STATUS, COL_REASON = range(3)
STATUSES = tuple(ChecklistStatus)


@dataclass
class Finding:
    material_code: str
    status: str
    reason: str


class ChecklistModel(QAbstractTableModel):
    """Signals: edited(row) after a finding's status or reason was changed here.

    The material column's user role is its code."""

    edited = Signal(int)

    def __init__(self, material_names: dict[str, str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.material_names = material_names
        self.findings: list[Finding] = []
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

    def set_findings(self, findings: list[Finding]) -> None:
        self.beginResetModel()
        self.findings = findings
        self.endResetModel()

    def set_status(self, row: int, status: str) -> None:
        self.findings[row].status = status
        changed = self.index(row, COL_STATUS)
        self.dataChanged.emit(changed, changed)
        self.edited.emit(row)

    # -- the table ----------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.findings)

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

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        return flags | Qt.ItemFlag.ItemIsEditable if index.column() == COL_REASON else flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        finding = self.findings[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.UserRole and column == COL_MATERIAL:
            return finding.material_code
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return None
        if column == COL_MATERIAL:
            return self.material_names.get(finding.material_code, finding.material_code)
        if column == COL_STATUS:
            return self.status_names[finding.status]
        return finding.reason

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != COL_REASON or role != Qt.ItemDataRole.EditRole:
            return False
        self.findings[index.row()].reason = str(value)
        self.dataChanged.emit(index, index)
        self.edited.emit(index.row())
        return True
