"""The county's records for the national platform, one row each with where it
stands, and the catalogue's national codes, one row a hospital or disease."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication, QObject

from app.national.codes import Mapping
from app.national.status import FilingLine, FilingState
from ui.models.rows_model import RowsModel


def state_names() -> dict[FilingState, str]:
    translate = QCoreApplication.translate
    return {
        FilingState.HELD_BACK: translate("NationalModel", "held back"),
        FilingState.TO_SEND: translate("NationalModel", "to send"),
        FilingState.SENT: translate("NationalModel", "sent, no reply yet"),
        FilingState.ANSWERED: translate("NationalModel", "registered"),
        FilingState.REVOCATION_TO_SEND: translate("NationalModel", "revocation to send"),
        FilingState.REVOCATION_SENT: translate("NationalModel", "revocation sent"),
    }


def _when(at: datetime | None) -> str:
    return at.astimezone().strftime("%Y-%m-%d %H:%M") if at is not None else ""


class FilingsModel(RowsModel[FilingLine]):
    # What a record lacks may name several fields: read whole in its tooltip.
    tooltip_columns = (7,)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__([], parent)
        self.headers = [
            self.tr("Certificate"),
            self.tr("Name"),
            self.tr("Station"),
            self.tr("Disease"),
            self.tr("Standing"),
            self.tr("Sent"),
            self.tr("Platform serial"),
            self.tr("Missing"),
        ]

    def display(self, row: FilingLine, column: int) -> str:
        h = row.holder
        values = [
            h.number,
            h.name,
            h.station,
            h.disease_name,
            state_names()[row.state],
            _when(row.sent_at),
            row.serial,
            row.why,
        ]
        return values[column]


class MappingsModel(RowsModel[Mapping]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__([], parent)
        self.headers = [
            self.tr("Kind"),
            self.tr("Code"),
            self.tr("Name in the catalogue"),
            self.tr("National code"),
            self.tr("National name"),
        ]

    def display(self, row: Mapping, column: int) -> str:
        kind = self.tr("Hospital") if row.kind == "hospital" else self.tr("Disease")
        national = row.national_code or self.tr("(not mapped)")
        return [kind, row.code, row.name, national, row.national_name][column]
