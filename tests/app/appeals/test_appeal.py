"""An appeal from the counter to the committee and back, on SQLite and PostgreSQL:
the station records it within the catalogue's days with the applicant's reasons and
new materials, the county puts the diseases back on the next meeting's agenda as an
appeal case, and the committee's second answer comes back down."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from app.appeals.lodging import AppealService, NewMaterial
from app.db.models import Appeal, Application, AuditEntry, Certificate, Document, Installation
from app.errors import DocumentRefused, NcmsError, PackageRefused, ValidationError
from app.intake.catalogue import RULES_KEY
from app.intake.rules import duplicate_problems
from app.printing.forms import rejection_notice
from app.printing.printouts import PrintoutService, office
from app.review.committee import ReviewService
from app.review.duplicates import DuplicateService
from app.review.meeting import Conclusion, MeetingService
from app.review.minutes import write_minutes
from app.review.reports import ReportService
from tests.app.helpers import CLERK, row_counts
from tests.app.printing.helpers import text_of
from tests.app.review.helpers import APPROVE, MEMBERS, Clock
from tests.app.sync.helpers import REVIEWER, County, Side, png
from tests.conftest import TODAY

REJECTED = Conclusion("rejected", "诊断依据不足，不符合准入标准", ("张医生", "李医生"))
REASONS = ["已在县人民医院住院复查，诊断明确", "补充出院记录"]


def _rejected(county_center: County, tmp_path: Path) -> tuple[Side, uuid.UUID]:
    """S001-2026-000001 rejected by the committee (every other case deferred), the
    decision back at the station."""
    county = county_center.county
    meetings = MeetingService(county.db, today=Clock())
    meeting = meetings.open(REVIEWER, TODAY, MEMBERS)
    first, *others = meetings.items(meeting.id)
    meetings.conclude(REVIEWER, first.id, REJECTED, first.version)
    for item in others:
        meetings.defer(REVIEWER, item.id, True, item.version)
    meetings.close(REVIEWER, meeting.id, county.keys.signing)
    station = county_center.stations["S001"]
    station.import_(county.export(tmp_path / "down.ncmspkg", "S001"))
    return station, first.case.application_id


def _state(side: Side, app_id: uuid.UUID) -> str:
    with side.db.reader() as session:
        state = session.scalar(select(Application.state).where(Application.id == app_id))
    assert state is not None
    return state


def test_an_appeal_goes_back_to_the_committee_and_its_approval_comes_down(
    county_center: County, tmp_path: Path
) -> None:
    station, app_id = _rejected(county_center, tmp_path)
    county = county_center.county
    appeals = AppealService(station.db, today=Clock(TODAY + timedelta(days=3)))
    shown = appeals.appealable(app_id)
    assert (shown.rejected_on, shown.deadline) == (TODAY, TODAY + timedelta(days=60))
    assert [(d.code, d.reasons) for d in shown.diseases] == [("HTN", (REJECTED.reasons,))]
    with station.db.reader() as session:
        documents = session.scalar(select(func.count()).select_from(Document))

    lodged = appeals.lodge(
        CLERK, app_id, REASONS, materials=[NewMaterial("discharge_record", "出院记录.png", png(7))]
    )
    assert (lodged.lodged_on, lodged.reasons, lodged.diseases) == (
        TODAY + timedelta(days=3),
        tuple(REASONS),
        ("高血压病（Ⅱ、Ⅲ期）",),
    )
    assert _state(station, app_id) == "appealed"
    assert appeals.appeal_of(app_id) == lodged
    with station.db.reader() as session:
        assert session.scalar(select(func.count()).select_from(Document)) == documents + 1
        assert session.scalar(select(func.count()).where(AuditEntry.action == "application.appeal"))

    sent = station.export(tmp_path / "up.ncmspkg")
    assert sent.counts["appeal"] == 1
    county.import_(sent)
    assert _state(county, app_id) == "appealed"
    (case,) = [c for c in ReviewService(county.db).agenda() if c.application_id == app_id]
    assert case.appeal is not None
    assert (case.disease_code, case.appeal.reasons, case.documents) == (
        "HTN",
        tuple(REASONS),
        2,
    )  # the photo, the new record

    reports = ReportService(county.db)
    ((line,), counts) = (reports.appeals(None).lines, reports.appeals(None).counts)
    assert (line.application_number, line.standing, line.decided_on) == (
        case.application_number,
        "waiting",
        None,  # the rejection it appeals is not its answer
    )
    assert counts["waiting"] == 1 and counts["upheld"] == 0

    meetings = MeetingService(county.db, today=Clock(TODAY + timedelta(days=10)))
    meeting = meetings.open(REVIEWER, TODAY + timedelta(days=10), MEMBERS)
    for item in meetings.items(meeting.id):
        if item.case.application_id == app_id:
            assert item.case.appeal is not None
            meetings.conclude(REVIEWER, item.id, APPROVE, item.version)
        else:
            meetings.defer(REVIEWER, item.id, True, item.version)
    closed = meetings.close(REVIEWER, meeting.id, county.keys.signing)
    (number,) = closed.recorded.certificates
    (minute,) = [x for x in meetings.minutes(meeting.id).lines if x.certificate]
    assert minute.appeal
    (line,) = reports.appeals(None).lines
    assert (line.standing, line.decided_on, line.reasons) == (
        "upheld",
        TODAY + timedelta(days=10),
        tuple(REASONS),
    )
    quarter = reports.quarters()[0]
    assert reports.appeals(quarter).total == 1
    assert reports.appeals(quarter - timedelta(days=92)).total == 0
    minutes = tmp_path / "minutes.pdf"
    write_minutes(meetings.minutes(meeting.id), office(county.db), minutes)
    assert "申请复核" in "".join(text_of(minutes).split())

    station.import_(county.export(tmp_path / "down2.ncmspkg", "S001"))
    assert _state(station, app_id) == "certificate_issued"
    with station.db.reader() as session:
        assert (
            session.scalar(select(Certificate.number).where(Certificate.application_id == app_id))
            == number
        )
        # Acknowledged: the next package does not carry it again.
    assert station.export(tmp_path / "up2.ncmspkg").counts.get("appeal", 0) == 0


def test_an_appeal_the_counter_must_refuse_stores_nothing(
    county_center: County, tmp_path: Path
) -> None:
    station, app_id = _rejected(county_center, tmp_path)
    late = AppealService(station.db, today=Clock(TODAY + timedelta(days=61)))
    before = row_counts(station.db)
    with pytest.raises(ValidationError) as refused:
        late.lodge(CLERK, app_id, REASONS, materials=[NewMaterial("other", "a.png", png(3))])
    assert [(p.field, p.key) for p in refused.value.problems] == [("lodged_on", "appeal.too_late")]
    assert "2027-01-21" in refused.value.problems[0].message
    appeals = AppealService(station.db, today=Clock(TODAY + timedelta(days=5)))
    # Asked first by the window, storing nothing: the same problems as recording.
    checked = appeals.problems(app_id, ["  "], diseases=["DM"])
    with pytest.raises(ValidationError) as refused:
        appeals.lodge(CLERK, app_id, ["  "], diseases=["DM"])
    assert checked == refused.value.problems
    assert [(p.field, p.key) for p in refused.value.problems] == [
        ("reasons", "appeal.reason_required"),
        ("diseases", "appeal.not_rejected_disease"),
    ]
    with pytest.raises(DocumentRefused):
        appeals.lodge(CLERK, app_id, REASONS, materials=[NewMaterial("other", "x.png", b"no")])
    assert row_counts(station.db) == before
    assert _state(station, app_id) == "rejected"

    appeals.lodge(CLERK, app_id, REASONS)
    with pytest.raises(NcmsError, match="appealed"):
        appeals.appealable(app_id)
    with station.db.session() as session:  # as if it had been decided again
        session.execute(
            update(Application).where(Application.id == app_id).values(state="rejected")
        )
    with pytest.raises(ValidationError, match="already"):
        appeals.lodge(CLERK, app_id, REASONS)


def test_an_application_not_rejected_cannot_be_appealed(county_center: County) -> None:
    station = county_center.stations["S001"]
    with station.db.reader() as session:
        app_id = session.scalar(select(Application.id).where(Application.number.like("%000002")))
    assert app_id is not None
    appeals = AppealService(station.db, today=Clock())
    with pytest.raises(NcmsError, match="Only a rejected or partly approved application"):
        appeals.appealable(app_id)
    with pytest.raises(ValidationError, match="Only a rejected or partly approved application"):
        appeals.lodge(CLERK, app_id, REASONS)


def test_the_county_refuses_an_appeal_the_counter_would_refuse(
    county_center: County, tmp_path: Path
) -> None:
    station, app_id = _rejected(county_center, tmp_path)
    county = county_center.county
    AppealService(station.db, today=Clock(TODAY + timedelta(days=3))).lodge(CLERK, app_id, REASONS)
    with station.db.session() as session:  # past the deadline, by another program
        session.execute(update(Appeal).values(lodged_on=TODAY + timedelta(days=70)))
    before = row_counts(county.db)
    with pytest.raises(PackageRefused, match="appeal"):
        county.import_(station.export(tmp_path / "late.ncmspkg"))
    assert row_counts(county.db) == before
    assert _state(county, app_id) == "rejected"


def test_an_appeal_sent_again_is_acknowledged_again_and_a_changed_one_refused(
    county_center: County, tmp_path: Path
) -> None:
    station, app_id = _rejected(county_center, tmp_path)
    county = county_center.county
    AppealService(station.db, today=Clock(TODAY + timedelta(days=3))).lodge(CLERK, app_id, REASONS)
    package = station.export(tmp_path / "up.ncmspkg")
    county.import_(package)
    again = station.export(tmp_path / "again.ncmspkg")  # the county's ack not yet back
    assert again.counts["appeal"] == 1
    before = row_counts(county.db)
    county.import_(again)
    assert row_counts(county.db)["appeal"] == before["appeal"]
    with station.db.session() as session:
        session.execute(update(Appeal).values(version=2, reasons=["另一个理由"]))
    with pytest.raises(PackageRefused, match="changed after it was recorded"):
        county.import_(station.export(tmp_path / "changed.ncmspkg"))


def _id(side: Side, number: str) -> uuid.UUID:
    with side.db.reader() as session:
        found = session.scalar(select(Application.id).where(Application.number == number))
    assert found is not None
    return found


def _meeting(county: Side, day: date, concluded: dict[str, Conclusion]) -> list[str]:
    """A meeting on `day` concluding the cases of the applications numbered in
    `concluded` as given there, every other case deferred; the certificates issued."""
    meetings = MeetingService(county.db, today=Clock(day))
    meeting = meetings.open(REVIEWER, day, MEMBERS)
    for item in meetings.items(meeting.id):
        conclusion = concluded.get(item.case.application_number)
        if conclusion is None:
            meetings.defer(REVIEWER, item.id, True, item.version)
        else:
            meetings.conclude(REVIEWER, item.id, conclusion, item.version)
    return meetings.close(REVIEWER, meeting.id, county.keys.signing).recorded.certificates


def test_an_appeal_of_a_file_another_station_holds_approved_is_flagged_and_withdrawable(
    county_center: County, tmp_path: Path
) -> None:
    """The same person's hypertension at S001 (approved) and S002 (rejected, then
    appealed): the appeal is flagged again at the county, so approving it is refused
    until a reviewer decides the pair, and the appealed file can be withdrawn."""
    county, station = county_center.county, county_center.stations["S002"]
    kept, appealed = _id(county, "S001-2026-000002"), _id(county, "S002-2026-000001")
    _meeting(county, TODAY, {"S001-2026-000002": APPROVE, "S002-2026-000001": REJECTED})
    station.import_(county.export(tmp_path / "down.ncmspkg", "S002"))
    AppealService(station.db, today=Clock(TODAY + timedelta(days=3))).lodge(
        CLERK, appealed, REASONS
    )
    county.import_(station.export(tmp_path / "up.ncmspkg"))
    with county.db.reader() as session:
        held = session.get(Application, appealed)
        assert held is not None and (held.state, held.duplicate_of) == ("appealed", kept)
    with pytest.raises(ValidationError, match="S001-2026-000002"):
        _meeting(county, TODAY + timedelta(days=10), {"S002-2026-000001": APPROVE})
    DuplicateService(county.db).mark_duplicate(REVIEWER, appealed, kept, appealed, "同一人重复申请")
    assert _state(county, appealed) == "withdrawn"
    station.import_(county.export(tmp_path / "withdrawn.ncmspkg", "S002"))
    assert _state(station, appealed) == "withdrawn"


def test_while_an_appeal_runs_the_counter_takes_no_new_application_for_the_disease(
    county_center: County, tmp_path: Path
) -> None:
    station, app_id = _rejected(county_center, tmp_path)
    with station.db.reader() as session:
        person = session.scalar(select(Application.person_id).where(Application.id == app_id))
        assert person is not None
        assert duplicate_problems(session, person, ["HTN"], None, "new") == []  # rejected
    AppealService(station.db, today=Clock(TODAY + timedelta(days=3))).lodge(CLERK, app_id, REASONS)
    with station.db.reader() as session:
        (problem,) = duplicate_problems(session, person, ["HTN"], None, "new")
    assert "S001-2026-000001" in problem.message


def test_an_appeal_needs_the_disease_free_of_a_newer_application(
    county_center: County, tmp_path: Path
) -> None:
    """Applied again while rejected: the appeal would be a second open file."""
    station, app_id = _rejected(county_center, tmp_path)
    with station.db.session() as session:  # the applicant's new file for the disease
        again = session.get(Application, _id(station, "S001-2026-000002"))
        first = session.get(Application, app_id)
        assert again is not None and first is not None
        again.person_id = first.person_id
    appeals = AppealService(station.db, today=Clock(TODAY + timedelta(days=3)))
    with pytest.raises(ValidationError) as refused:
        appeals.lodge(CLERK, app_id, REASONS)
    assert [p.key for p in refused.value.problems] == ["appeal.open_elsewhere"]


def test_a_malformed_appeal_refuses_the_package_and_changes_nothing(
    county_center: County, tmp_path: Path
) -> None:
    station, app_id = _rejected(county_center, tmp_path)
    county = county_center.county
    AppealService(station.db, today=Clock(TODAY + timedelta(days=3))).lodge(CLERK, app_id, REASONS)
    for column, value in (("reasons", [1]), ("disease_codes", [["HTN"]])):
        with station.db.session() as session:
            session.execute(update(Appeal).values({column: value}))
        before = row_counts(county.db)
        with pytest.raises(PackageRefused, match="appeal"):
            county.import_(station.export(tmp_path / f"{column}.ncmspkg"))
        assert row_counts(county.db) == before


def test_the_deadline_is_the_one_the_rejection_fixed(county_center: County, tmp_path: Path) -> None:
    """The county shortens its appeal days after the rejection: an appeal lodged within
    the days the notice printed is still taken."""
    station, app_id = _rejected(county_center, tmp_path)
    county = county_center.county
    for side in (station, county):
        with side.db.session() as session:
            me = session.scalars(select(Installation)).one()
            me.settings = {
                **me.settings,
                RULES_KEY: {**me.settings.get(RULES_KEY, {}), "appeal_days": 10},
            }
    later = Clock(TODAY + timedelta(days=12))
    shown = AppealService(station.db, today=later).appealable(app_id)
    assert shown.deadline == TODAY + timedelta(days=60)
    AppealService(station.db, today=later).lodge(CLERK, app_id, REASONS)
    county.import_(station.export(tmp_path / "up.ncmspkg"))
    assert _state(county, app_id) == "appealed"


def test_an_appeal_answered_with_a_rejection_is_final(
    county_center: County, tmp_path: Path
) -> None:
    station, app_id = _rejected(county_center, tmp_path)
    county = county_center.county
    appeals = AppealService(station.db, today=Clock(TODAY + timedelta(days=3)))
    printouts = PrintoutService(station.db, Clock(TODAY + timedelta(days=1)))
    assert printouts.application(app_id).appeal_by == TODAY + timedelta(days=60)
    appeals.lodge(CLERK, app_id, REASONS)
    county.import_(station.export(tmp_path / "up.ncmspkg"))
    _meeting(county, TODAY + timedelta(days=10), {"S001-2026-000001": REJECTED})
    station.import_(county.export(tmp_path / "down2.ncmspkg", "S001"))
    assert _state(station, app_id) == "rejected"
    with pytest.raises(NcmsError, match="appealed once already"):
        appeals.appealable(app_id)
    assert printouts.application(app_id).appeal_by is None
    notice = tmp_path / "notice.pdf"
    rejection_notice(printouts.application(app_id), notice)
    assert "本结论为复核结论" in "".join(text_of(notice).split())


def test_the_counter_does_not_date_an_appeal_back_past_a_week(
    county_center: County, tmp_path: Path
) -> None:
    station, app_id = _rejected(county_center, tmp_path)
    appeals = AppealService(station.db, today=Clock(TODAY + timedelta(days=40)))
    on = TODAY + timedelta(days=32)  # within the deadline, but eight days back
    with pytest.raises(ValidationError) as refused:
        appeals.lodge(CLERK, app_id, REASONS, on=on)
    assert [(p.field, p.key) for p in refused.value.problems] == [("lodged_on", "appeal.backdated")]
    assert appeals.lodge(
        CLERK, app_id, REASONS, on=on + timedelta(days=1)
    ).lodged_on == on + timedelta(days=1)
