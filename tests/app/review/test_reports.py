"""The county's reports: the quarter by station × disease, and each diagnosing
hospital's compliance rate with the cases behind it (on SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.examination.batches import BatchService
from app.intake.listing import ApplicationFilter, ApplicationList
from app.review.duplicates import DuplicateService
from app.review.meeting import Conclusion, MeetingService
from app.review.reports import NO_HOSPITAL, ReportService
from app.review.reports_workbook import write_compliance, write_outcomes
from tests.app.helpers import CHINESE_MEDICINE, COUNTY_HOSPITAL
from tests.app.review.helpers import APPROVE, MEMBERS, Clock
from tests.app.sync.helpers import HEAD, REVIEWER, County, accepted
from tests.conftest import TODAY

REJECT = Conclusion("rejected", "病历不能证明为Ⅱ期及以上高血压", ("张医生", "李医生"))
SUPPLEMENT = Conclusion("supplement_requested", "补充近一月血糖化验单", ("张医生", "李医生"))
QUARTER = date(2026, 10, 1)


def _hold_meeting(county_center: County) -> None:
    """S001's first file approved, its second rejected; S002's approved and sent
    back for materials, in agenda order; the meeting closed (certificates numbered)."""
    meetings = MeetingService(county_center.county.db, today=Clock())
    meeting = meetings.open(REVIEWER, TODAY, MEMBERS)
    items = meetings.items(meeting.id)
    for item, conclusion in zip(items, (APPROVE, REJECT, APPROVE, SUPPLEMENT), strict=True):
        meetings.conclude(REVIEWER, item.id, conclusion, item.version)
    meetings.close(REVIEWER, meeting.id, county_center.county.keys.signing)


def test_the_quarter_by_station_and_disease(county_center: County) -> None:
    reports = ReportService(county_center.county.db)
    before = reports.quarter_outcomes(QUARTER)
    assert [(r.station_code, r.disease_code, r.received, r.waiting) for r in before.rows] == [
        ("S001", "HTN", 2, 2),
        ("S002", "DM", 1, 1),
        ("S002", "HTN", 1, 1),
    ]
    _hold_meeting(county_center)
    after = reports.quarter_outcomes(QUARTER)
    figures = {
        (r.station_code, r.disease_code): (
            r.approved,
            r.rejected,
            r.supplement_requested,
            r.waiting,
        )
        for r in after.rows
    }
    assert sum(figures[k][0] for k in figures) == 2
    assert figures[("S001", "HTN")] == (1, 1, 0, 0)
    assert after.total.received == 4 and after.total.waiting == 0
    assert after.total.approved + after.total.rejected + after.total.supplement_requested == 4
    assert after.rows[0].station_name == "宜沟镇合管站"
    assert reports.quarter_outcomes(date(2026, 7, 1)).rows == ()  # another quarter: nothing
    assert reports.quarter_outcomes(None).total == after.total


def test_compliance_is_approved_over_reviewed_per_hospital(county_center: County) -> None:
    reports = ReportService(county_center.county.db)
    assert reports.compliance(QUARTER).hospitals == ()  # nothing concluded yet
    _hold_meeting(county_center)
    compliance = reports.compliance(QUARTER)
    # A file sent back for materials is not reviewed: it counts in no rate.
    assert compliance.total.reviewed == 3
    assert compliance.total.approved == 2
    rates = {h.code: (h.approved, h.reviewed, h.rate) for h in compliance.hospitals}
    # S001's two files (county hospital): one approved, one rejected; S002's diabetes
    # file (hospital of Chinese medicine) approved.
    assert rates == {COUNTY_HOSPITAL: (1, 2, 0.5), CHINESE_MEDICINE: (1, 1, 1.0)}
    lowest = compliance.hospitals[0]
    assert lowest.code == COUNTY_HOSPITAL  # the lowest rate first: the one to look into
    assert lowest.name and lowest.level
    cases = reports.compliance_cases(lowest.code, QUARTER)
    assert len(cases) == lowest.reviewed
    rejected = [c for c in cases if c.outcome == "rejected"]
    assert rejected and rejected == cases[: len(rejected)]  # rejected first
    assert rejected[0].reasons == ("病历不能证明为Ⅱ期及以上高血压",)
    assert rejected[0].decided_on == TODAY and rejected[0].name
    assert reports.compliance_cases(NO_HOSPITAL, QUARTER) == []


def test_a_file_approved_for_one_disease_and_rejected_for_the_other_is_partly_approved(
    county_center: County, tmp_path: Path
) -> None:
    station = county_center.stations["S001"]
    accepted(station.db, 7, ["HTN", "DM"])
    BatchService(station.db).make(HEAD, date(2027, 1, 1))
    county_center.county.import_(station.export(tmp_path / "second.ncmspkg"))
    _not_duplicates(county_center)  # so that every file may be approved
    meetings = MeetingService(county_center.county.db, today=Clock())
    meeting = meetings.open(REVIEWER, TODAY, MEMBERS)
    for item in meetings.items(meeting.id):
        two = item.case.application_number.endswith("000003")
        rejected = two and item.case.disease_code == "DM"
        conclusion = REJECT if rejected else APPROVE
        meetings.conclude(REVIEWER, item.id, conclusion, item.version)
    meetings.close(REVIEWER, meeting.id, county_center.county.keys.signing)
    rows = {
        (r.station_code, r.disease_code): r
        for r in ReportService(county_center.county.db).quarter_outcomes(QUARTER).rows
    }
    assert (rows[("S001", "HTN")].approved, rows[("S001", "HTN")].partly) == (3, 1)
    assert (rows[("S001", "DM")].rejected, rows[("S001", "DM")].partly) == (1, 0)
    assert rows[("S002", "HTN")].partly == 0


def _not_duplicates(county_center: County) -> None:
    """Every flagged pair found not to be duplicates, as a reviewer would first."""
    db = county_center.county.db
    duplicates = DuplicateService(db)
    for flagged in ApplicationList(db).page(ApplicationFilter(duplicates=True)):
        pair = duplicates.pair(flagged.id)
        assert pair is not None
        duplicates.mark_not_duplicate(REVIEWER, pair.flagged, pair.other, "已核实为不同人")


@pytest.mark.parametrize("which", ["outcomes", "compliance"])
def test_each_report_saves_as_a_workbook(county_center: County, tmp_path: Path, which: str) -> None:
    _hold_meeting(county_center)
    reports = ReportService(county_center.county.db)
    out = tmp_path / f"{which}.xlsx"
    if which == "outcomes":
        write_outcomes(reports.quarter_outcomes(QUARTER), "汤阴县合管中心", out)
        sheet = load_workbook(out).active
        assert sheet is not None
        cells = [[c.value for c in row] for row in sheet.iter_rows()]
        assert "2026Q4" in str(cells[0][0]) and "汤阴县合管中心" in str(cells[0][0])
        assert cells[2][:3] == ["S001", "宜沟镇合管站", "HTN"]
        assert cells[-1][0] == "合计" and 4 in cells[-1]
    else:
        compliance = reports.compliance(QUARTER)
        lowest = compliance.hospitals[0]
        write_compliance(compliance, reports.compliance_cases, "汤阴县合管中心", out)
        book = load_workbook(out)
        summary = book.worksheets[0]
        names = [summary.cell(row=r, column=2).value for r in range(3, summary.max_row + 1)]
        assert lowest.name in names
        assert summary._charts, "the rates are drawn as a chart"
        cases = book.worksheets[1]
        values = [c.value for row in cases.iter_rows() for c in row]
        assert "病历不能证明为Ⅱ期及以上高血压" in values
