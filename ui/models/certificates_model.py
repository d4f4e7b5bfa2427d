"""The certificates the county issued for this station's applicants."""

from __future__ import annotations

from PySide6.QtCore import QObject

from app.certificates.events import CANCEL, REPORT_LOST
from app.certificates.issued import IssuedCertificate
from app.i18n import join_list
from ui.models.rows_model import RowsModel

(
    COL_NUMBER,
    COL_NAME,
    COL_ID,
    COL_DISEASES,
    COL_VALID_FROM,
    COL_VALID_UNTIL,
    COL_PRINTS,
    COL_HANDED_OUT,
) = range(8)


class CertificatesModel(RowsModel[IssuedCertificate]):
    def __init__(self, disease_names: dict[str, str], parent: QObject | None = None) -> None:
        super().__init__([], parent)
        self.disease_names = disease_names
        self.headers = [
            self.tr("Certificate"),
            self.tr("Name"),
            self.tr("ID number"),
            self.tr("Diseases"),
            self.tr("Valid from"),
            self.tr("Valid until"),
            self.tr("Prints"),
            self.tr("Handed out"),
        ]

    def display(self, row: IssuedCertificate, column: int) -> str:
        if column == COL_NUMBER:
            return row.number
        if column == COL_NAME:
            return row.name
        if column == COL_ID:
            return row.id_number
        if column == COL_DISEASES:
            return join_list(self.disease_names.get(d, d) for d in row.disease_codes)
        if column == COL_VALID_FROM:
            return f"{row.valid_from:%Y-%m-%d}"
        if column == COL_VALID_UNTIL:
            if row.revoked_on is not None:  # the county's word: printed no more
                return self.tr("revoked {0}").format(f"{row.revoked_on:%Y-%m-%d}")
            if row.reported == CANCEL:  # until the county's word comes back
                return self.tr("cancellation reported")
            if row.reported == REPORT_LOST:
                return self.tr("reported lost")
            return f"{row.valid_until:%Y-%m-%d}" if row.valid_until else self.tr("permanent")
        if column == COL_PRINTS:
            return str(row.print_count)
        if row.handed_out_on is not None:  # when, and to whom when not the applicant
            return " ".join(filter(None, (f"{row.handed_out_on:%Y-%m-%d}", row.agent)))
        return self.tr("yes") if row.handed_out else self.tr("no")
