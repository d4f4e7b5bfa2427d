"""The county's stations and, for the one chosen, its batches reconciled, its packages
received and its packages refused (rows from app/sync/stations.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor

from app.i18n import join_list
from app.sync.outgoing import Outgoing
from app.sync.reconciliation import BatchReconciliation
from app.sync.refusals import Refusal
from app.sync.stations import ReceivedPackage, StationOverview, TokenState
from ui.models.rows_model import Index, RowsModel
from ui.sizes import size_text

(
    COL_STATION,
    COL_LAST_PACKAGE,
    COL_LAST_SYNC,
    COL_RECEIVED,
    COL_REFUSED,
    COL_TOKEN,
) = range(6)
COL_RECEIVED_AT, COL_SEQUENCE, COL_FILE, COL_SIZE, COL_CONTENTS = range(5)
COL_REFUSED_AT, COL_REFUSED_FILE, COL_REASON = range(3)
DIFFERS = QColor("#b00020")


def when(moment: datetime | None) -> str:
    return "" if moment is None else moment.astimezone().strftime("%Y-%m-%d %H:%M")


class StationsModel(RowsModel[StationOverview]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__([], parent)
        self.headers = [
            self.tr("Station"),
            self.tr("Last package"),
            self.tr("Last sync"),
            self.tr("Received"),
            self.tr("Refused"),
            self.tr("Sync token"),
        ]

    def token_text(self, row: StationOverview) -> str:
        if row.token == TokenState.REVOKED:
            return self.tr("revoked {0}").format(when(row.revoked_at))
        if row.token == TokenState.ISSUED:
            issued = when(row.token_issued_at)
            return self.tr("issued {0}").format(issued) if issued else self.tr("issued")
        return self.tr("none issued")

    def display(self, row: StationOverview, column: int) -> str:
        if column == COL_STATION:
            return f"{row.code} {row.name}"
        if column == COL_LAST_PACKAGE:
            last = row.last_package
            if last is None:
                return self.tr("none yet")
            return self.tr("No. {0}, {1}").format(last.sequence, when(last.received_at))
        if column == COL_LAST_SYNC:
            return when(row.last_sync_at)
        if column == COL_RECEIVED:
            return str(row.received)
        if column == COL_REFUSED:
            return str(row.refused) if row.refused else ""
        return self.token_text(row)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid():
            row = self.rows[index.row()]
            if index.column() == COL_REFUSED and row.refused:
                return DIFFERS
            if row.token == TokenState.REVOKED:
                return QColor("#777777")
        return super().data(index, role)


class ReconciliationModel(RowsModel[BatchReconciliation]):
    """One sentence a batch, differences in red: a list view shows column 0."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__([], parent)
        self.headers = [self.tr("Batch")]

    def display(self, row: BatchReconciliation, column: int) -> str:
        return row.sentence

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid():
            row = self.rows[index.row()]
            return None if row.agrees or row.stated is None else DIFFERS
        return super().data(index, role)


class ReceivedPackagesModel(RowsModel[ReceivedPackage]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__([], parent)
        self.headers = [
            self.tr("Received"),
            self.tr("No."),
            self.tr("File"),
            self.tr("Size"),
            self.tr("Applied"),
        ]

    def display(self, row: ReceivedPackage, column: int) -> str:
        if column == COL_RECEIVED_AT:
            return when(row.received_at)
        if column == COL_SEQUENCE:
            return str(row.sequence)
        if column == COL_FILE:
            return row.file_name
        if column == COL_SIZE:
            return size_text(row.size)
        counts = row.changes or row.counts
        return join_list(f"{self.record_name(k)} {v}" for k, v in sorted(counts.items()))

    def record_name(self, table: str) -> str:
        """A package's kind of record, in the clerk's words (the package names its
        tables; a table not named here is shown as it is)."""
        names = {
            "person": self.tr("applicants"),
            "application": self.tr("applications"),
            "application_state": self.tr("application states"),
            "batch": self.tr("batches"),
            "document": self.tr("documents"),
            "state_change": self.tr("history entries"),
            "decision": self.tr("decisions"),
            "certificate": self.tr("certificates"),
            "catalogue": self.tr("catalogue entries"),
            "acks": self.tr("acknowledgements"),
        }
        return names.get(table, table)


class RefusalsModel(RowsModel[Refusal]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__([], parent)
        self.headers = [self.tr("Refused"), self.tr("File"), self.tr("Reason")]

    def display(self, row: Refusal, column: int) -> str:
        if column == COL_REFUSED_AT:
            return when(row.refused_at)
        if column == COL_REFUSED_FILE:
            return row.file_name
        return row.reason


class OutgoingModel(RowsModel[Outgoing]):
    """Per station: what it has still to pick up, and the last package made for it."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__([], parent)
        self.headers = [
            self.tr("Station"),
            self.tr("Decisions to pick up"),
            self.tr("Certificates to pick up"),
            self.tr("Other changes to pick up"),
            self.tr("Held for the public notice"),
            self.tr("Last package made"),
        ]

    def display(self, row: Outgoing, column: int) -> str:
        if column == 0:
            return f"{row.station} {row.name}"
        if column in (1, 2, 3, 4):
            return str((row.decisions, row.certificates, row.changed, row.held)[column - 1])
        if row.last_sequence is None:
            return self.tr("none yet")
        return self.tr("No. {0}, {1}").format(row.last_sequence, when(row.last_made_at))
