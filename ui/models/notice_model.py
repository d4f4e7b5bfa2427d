"""A public notice's list and the objections raised during it."""

from __future__ import annotations

from PySide6.QtCore import QObject

from app.certificates.issued import IssuedCertificate
from app.review.notice import DISMISSED, UPHELD, ObjectionInfo
from ui.models.rows_model import RowsModel


class ListedModel(RowsModel[IssuedCertificate]):
    """What the public list shows of each person (masked ID numbers only), and
    whether an upheld objection set the certificate aside."""

    tooltip_columns = (5,)  # the diseases

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__([], parent)
        self.closed = False  # the notice is over: the certificates left took effect
        self.headers = [
            self.tr("Certificate"),
            self.tr("Name"),
            self.tr("ID number"),
            self.tr("Station"),
            self.tr("Village"),
            self.tr("Diseases"),
            self.tr("Standing"),
        ]

    def display(self, row: IssuedCertificate, column: int) -> str:
        values = [
            row.number,
            row.name,
            row.masked_id,
            row.station,
            row.village,
            row.diseases_label,
        ]
        if column < len(values):
            return values[column]
        if row.revoked_on is not None:
            return self.tr("set aside {0}").format(row.revoked_on.isoformat())
        return self.tr("in effect") if self.closed else self.tr("on the list")


class ObjectionsModel(RowsModel[ObjectionInfo]):
    tooltip_columns = (2, 4, 5)  # who raised it, what it says, what was found

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__([], parent)
        self.headers = [
            self.tr("Certificate"),
            self.tr("Applicant"),
            self.tr("Raised by"),
            self.tr("Received"),
            self.tr("Objection"),
            self.tr("Finding"),
        ]

    def display(self, row: ObjectionInfo, column: int) -> str:
        if column == 0:
            return row.certificate_number
        if column == 1:
            return row.name
        if column == 2:
            return f"{row.raised_by} {row.contact}".strip()
        if column == 3:
            return row.received_on.isoformat()
        if column == 4:
            return row.text
        outcome = {UPHELD: self.tr("upheld"), DISMISSED: self.tr("dismissed")}.get(row.outcome)
        if outcome is None:
            return self.tr("to decide")
        return f"{outcome}: {row.finding} ({row.decided_by})"
