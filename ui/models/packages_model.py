"""Packages sent to and received from the other side, and the decisions that arrived
for an application changed since it was sent (conflicts)."""

from __future__ import annotations

from PySide6.QtCore import QObject

from app.domain.vocabulary import Direction
from app.sync.conflicts import Conflict
from app.sync.history import PackageRow
from ui.models.rows_model import RowsModel

COL_WHEN, COL_PACKAGE, COL_SEQUENCE, COL_STATUS, COL_CONTENTS, COL_FILE = range(6)
(
    COL_APPLICATION,
    COL_NAME,
    COL_DISEASE,
    COL_OUTCOME,
    COL_VERSIONS,
    COL_DECIDED,
) = range(6)


class PackageHistoryModel(RowsModel[PackageRow]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__([], parent)
        self.headers = [
            self.tr("When"),
            self.tr("Package"),
            self.tr("No."),
            self.tr("Status"),
            self.tr("Contents"),
            self.tr("File"),
        ]
        self.directions: dict[str, str] = {
            Direction.OUT: self.tr("sent to"),
            Direction.IN: self.tr("received from"),
        }

    def display(self, row: PackageRow, column: int) -> str:
        if column == COL_WHEN:
            return row.recorded_at.astimezone().strftime("%Y-%m-%d %H:%M")
        if column == COL_PACKAGE:
            return f"{self.directions[row.direction]} {row.peer}"
        if column == COL_SEQUENCE:
            return str(row.sequence)
        if column == COL_STATUS:
            if row.direction != Direction.OUT:
                return self.tr("applied")
            return self.tr("acknowledged") if row.acknowledged_at else self.tr("not yet")
        if column == COL_CONTENTS:
            return ", ".join(f"{k} {v}" for k, v in (row.changes or row.counts).items())
        return row.file_name


class ConflictsModel(RowsModel[Conflict]):
    def __init__(self, disease_names: dict[str, str], parent: QObject | None = None) -> None:
        super().__init__([], parent)
        self.disease_names = disease_names
        self.headers = [
            self.tr("Application"),
            self.tr("Name"),
            self.tr("Disease"),
            self.tr("County's decision"),
            self.tr("Version judged → here"),
            self.tr("Decided"),
        ]

    def display(self, row: Conflict, column: int) -> str:
        if column == COL_APPLICATION:
            return row.application_number
        if column == COL_NAME:
            return row.name
        if column == COL_DISEASE:
            return self.disease_names.get(row.disease_code, row.disease_code)
        if column == COL_OUTCOME:
            return row.outcome
        if column == COL_VERSIONS:
            return f"{row.judged_version} → {row.current_version}"
        return f"{row.decided_on:%Y-%m-%d}"
