"""The county's cases: every station's applications in one table, fetched a page at
a time as the station's list is, with the station, the diagnosing hospital and the
duplicate flag the county reviews by."""

from __future__ import annotations

from typing import ClassVar

from app.domain.quarters import quarter_label
from app.domain.workflow import state_term
from app.i18n import join_list
from app.intake.listing import ApplicationList, ApplicationRow
from ui.models.applications_model import ApplicationsModel

(
    COL_NUMBER,
    COL_STATION,
    COL_NAME,
    COL_ID,
    COL_DISEASES,
    COL_HOSPITAL,
    COL_STATE,
    COL_QUARTER,
    COL_DUPLICATE,
) = range(9)


class CasesModel(ApplicationsModel):
    sort_keys: ClassVar[dict[int, str]] = {
        COL_NUMBER: "number",
        COL_STATION: "station",
        COL_NAME: "name",
        COL_STATE: "state",
        COL_QUARTER: "quarter",
    }
    tooltip_columns: ClassVar[tuple[int, ...]] = (COL_DISEASES, COL_HOSPITAL, COL_DUPLICATE)

    def __init__(
        self,
        listing: ApplicationList,
        disease_names: dict[str, str],
        station_names: dict[str, str],
        hospital_names: dict[str, str],
    ) -> None:
        super().__init__(listing, disease_names)
        self.station_names = station_names
        self.hospital_names = hospital_names
        self.sort_key, self.descending = "number", False  # by station, as numbers begin
        self.headers = [
            self.tr("Number"),
            self.tr("Station"),
            self.tr("Name"),
            self.tr("ID number"),
            self.tr("Diseases"),
            self.tr("Diagnosing hospital"),
            self.tr("State"),
            self.tr("Quarter"),
            self.tr("Duplicate"),
        ]

    def display(self, row: ApplicationRow, column: int) -> str:
        if column == COL_NUMBER:
            return row.number
        if column == COL_STATION:
            return self.station_names.get(row.station_code, row.station_code)
        if column == COL_NAME:
            return row.name
        if column == COL_ID:
            return row.id_number
        if column == COL_DISEASES:
            return join_list(self.disease_names.get(c, c) for c in row.diseases)
        if column == COL_HOSPITAL:
            return self.hospital_names.get(row.hospital_code, row.hospital_code)
        if column == COL_STATE:
            return str(state_term(row.state))
        if column == COL_QUARTER:
            return quarter_label(row.quarter) if row.quarter else ""
        if column == COL_DUPLICATE:
            if not row.duplicate:
                return ""
            if row.duplicate_number:  # the other file, to look for beside this one
                return self.tr("To check: {0}").format(row.duplicate_number)
            return self.tr("To check")
        return ""
