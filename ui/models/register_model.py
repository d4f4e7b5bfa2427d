"""The county's certificate register: one row a certificate, with where it stands."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject

from app.certificates.events import REPORT_LOST
from app.review.register import RegisterEntry, Standing
from ui.models.rows_model import RowsModel


def standing_names() -> dict[Standing, str]:
    translate = QCoreApplication.translate
    return {
        Standing.ON_NOTICE: translate("RegisterModel", "on public notice until {0}"),
        Standing.IN_EFFECT: translate("RegisterModel", "in effect"),
        Standing.SET_ASIDE: translate("RegisterModel", "set aside {0}"),
        Standing.REVOKED: translate("RegisterModel", "revoked {0}: {1}"),
        Standing.EXPIRED: translate("RegisterModel", "expired"),
    }


def standing_text(entry: RegisterEntry) -> str:
    text = standing_names()[entry.standing]
    if entry.standing == Standing.ON_NOTICE and entry.notice_ends:
        return text.format(entry.notice_ends.isoformat())
    if entry.standing == Standing.IN_EFFECT and entry.certificate.reported == REPORT_LOST:
        return QCoreApplication.translate("RegisterModel", "in effect; reported lost, to replace")
    revoked = entry.certificate.revoked_on
    if entry.standing in (Standing.SET_ASIDE, Standing.REVOKED) and revoked:
        return text.format(revoked.isoformat(), entry.certificate.revoked_reason)
    return text


class RegisterModel(RowsModel[RegisterEntry]):
    # The standing holds a revocation's whole reason: read whole in its tooltip, so
    # the columns after it stay on a 1024-pixel screen.
    tooltip_columns = (2,)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__([], parent)
        self.headers = [
            self.tr("Certificate"),
            self.tr("Name"),
            self.tr("Standing"),
            self.tr("ID number"),
            self.tr("Station"),
            self.tr("Village"),
            self.tr("Diseases"),
            self.tr("Valid from"),
            self.tr("Valid until"),
        ]

    def display(self, row: RegisterEntry, column: int) -> str:
        c = row.certificate
        values = [
            c.number,
            c.name,
            standing_text(row),  # beside the name: what a reviewer looks for first
            c.masked_id,
            c.station,
            c.village,
            c.diseases_label,
            c.valid_from.isoformat(),
            c.valid_until.isoformat() if c.valid_until else self.tr("permanent"),
        ]
        return values[column]
