"""The county's reports as tables: the quarter by station × disease (its total as
the last row), the compliance rate per diagnosing hospital, one hospital's cases,
and the appeals."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject

from app.review.appeal_report import AppealLine
from app.review.reports import NO_HOSPITAL, ComplianceCase, HospitalRow, OutcomeRow
from ui.models.rows_model import RowsModel


def rate_text(rate: float | None) -> str:
    return "—" if rate is None else f"{rate:.1%}"


def hospital_name(row: HospitalRow) -> str:
    if row.code == NO_HOSPITAL:
        return QCoreApplication.translate("ReportsModel", "(no diagnosing hospital)")
    return row.name


def outcome_names() -> dict[str, str]:
    translate = QCoreApplication.translate
    return {
        "approved": translate("ReportsModel", "approved"),
        "rejected": translate("ReportsModel", "rejected"),
    }


class OutcomesModel(RowsModel[OutcomeRow]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__([], parent)
        self.headers = [
            self.tr("Station"),
            self.tr("Disease"),
            self.tr("Received"),
            self.tr("Approved"),
            self.tr("of which partly"),
            self.tr("Rejected"),
            self.tr("Examination"),
            self.tr("Supplement"),
            self.tr("Waiting"),
            self.tr("Withdrawn"),
        ]

    def display(self, row: OutcomeRow, column: int) -> str:
        if column == 0:
            if not row.station_code:  # the last row
                return self.tr("Total")
            return f"{row.station_code} {row.station_name}"
        if column == 1:
            return row.disease_name
        return str(row.figures()[column - 2])


class HospitalsModel(RowsModel[HospitalRow]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__([], parent)
        self.headers = [
            self.tr("Diagnosing hospital"),
            self.tr("Rate"),
            self.tr("Reviewed"),
            self.tr("Approved"),
            self.tr("Rejected"),
        ]

    def display(self, row: HospitalRow, column: int) -> str:
        values = (
            hospital_name(row),
            rate_text(row.rate),
            str(row.reviewed),
            str(row.approved),
            str(row.rejected),
        )
        return values[column]


class ComplianceCasesModel(RowsModel[ComplianceCase]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__([], parent)
        self.headers = [
            self.tr("Application"),
            self.tr("Name"),
            self.tr("Station"),
            self.tr("Disease"),
            self.tr("Outcome"),
            self.tr("Decided on"),
            self.tr("Reasons"),
        ]

    def display(self, row: ComplianceCase, column: int) -> str:
        values = (
            row.application_number,
            row.name,
            row.station_code,
            row.disease_name,
            outcome_names().get(row.outcome, row.outcome),
            row.decided_on.isoformat() if row.decided_on else "",
            "；".join(row.reasons),
        )
        return values[column]


def standing_names() -> dict[str, str]:
    translate = QCoreApplication.translate
    return {
        "upheld": translate("ReportsModel", "upheld: approved"),
        "dismissed": translate("ReportsModel", "dismissed: rejected again"),
        "waiting": translate("ReportsModel", "waiting for the committee"),
        "exam_required": translate("ReportsModel", "physical examination"),
        "supplement_requested": translate("ReportsModel", "supplement requested"),
        "withdrawn": translate("ReportsModel", "withdrawn"),
    }


class AppealsModel(RowsModel[AppealLine]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__([], parent)
        self.headers = [
            self.tr("Application"),
            self.tr("Name"),
            self.tr("Station"),
            self.tr("Disease"),
            self.tr("Lodged on"),
            self.tr("Standing"),
            self.tr("Decided on"),
            self.tr("Applicant's reasons"),
        ]

    def display(self, row: AppealLine, column: int) -> str:
        values = (
            row.application_number,
            row.name,
            row.station_code,
            row.disease_name,
            row.lodged_on.isoformat(),
            standing_names().get(row.standing, row.standing),
            row.decided_on.isoformat() if row.decided_on else "",
            "；".join(row.reasons),
        )
        return values[column]
