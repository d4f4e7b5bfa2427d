"""The public notice of a meeting's approvals: its certificates stay at the county
until it closes; an objection upheld during it sets the approval aside before any
station saw it, and the case goes back to the committee."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from app.db.models import Application, Certificate, Decision, StateChange
from app.errors import NcmsError, ValidationError
from app.review.committee import CaseDecision, ReviewService
from app.review.meeting import MeetingService
from app.review.notice import (
    DISMISSED,
    UPHELD,
    NoticeChanged,
    NoticeInfo,
    NoticePeriod,
    NoticeService,
    ObjectionEntry,
    working_days,
)
from app.review.register import RENEWAL_DAYS, CertificateRegister, Standing
from tests.app.review.helpers import MEMBERS, Clock, conclude_every_kind
from tests.app.sync.helpers import REVIEWER, County
from tests.conftest import TODAY

# TODAY is a Sunday: the notice runs Monday to Friday of the week after.
PERIOD = NoticePeriod(date(2026, 11, 23), date(2026, 11, 27))
FIRST, SECOND = "C41052027000001", "C41052027000002"  # S001's and S002's


def test_five_working_days_skip_the_weekend() -> None:
    assert NoticePeriod.after(TODAY) == PERIOD
    assert working_days(date(2026, 11, 27), 5) == date(2026, 12, 3)  # Friday → Thursday
    assert working_days(date(2026, 11, 28), 1) == date(2026, 11, 30)  # Saturday → Monday
    assert NoticePeriod(PERIOD.ends_on, PERIOD.starts_on).problems()[0].key == (
        "notice.ends_before_start"
    )


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def notices(county_center: County, clock: Clock) -> NoticeService:
    return NoticeService(county_center.county.db, today=clock)


def _closed_with_notice(county_center: County, clock: Clock) -> NoticeService:
    meetings = MeetingService(county_center.county.db, today=clock)
    meeting = conclude_every_kind(meetings)
    meetings.close(REVIEWER, meeting.id, county_center.county.keys.signing, notice=PERIOD)
    return NoticeService(county_center.county.db, today=clock)


def _certificates_at(county_center: County, code: str, out: Path) -> list[str]:
    """Send the county's decisions to station `code`; the certificate numbers it holds."""
    station = county_center.stations[code]
    station.import_(county_center.county.export(out, code))
    with station.db.reader() as session:
        return sorted(session.scalars(select(Certificate.number)))


def test_a_running_notice_holds_its_certificates_at_the_county(
    county_center: County, clock: Clock, tmp_path: Path
) -> None:
    notices = _closed_with_notice(county_center, clock)
    (notice,) = notices.notices()
    assert (notice.status, notice.certificates, notice.period) == ("running", 2, PERIOD)
    assert [c.number for c in notices.listed(notice.id)] == [FIRST, SECOND]
    # Nothing of the held applications travels: no certificate, no decision, no step.
    assert _certificates_at(county_center, "S001", tmp_path / "1.ncmspkg") == []
    station = county_center.stations["S001"].db
    with station.reader() as session:
        states = dict(session.execute(select(Application.number, Application.state)).all())
        decided = session.scalars(select(Decision.outcome)).all()
    assert states["S001-2026-000001"] != "certificate_issued"
    assert decided == ["exam_required"]  # the examination is not held: nothing to publish
    # Not before the last day has passed.
    clock.today = PERIOD.ends_on
    with pytest.raises(NcmsError) as refused:
        notices.close(REVIEWER, notice.id)
    assert refused.value.key == "notice.still_running"
    clock.today = PERIOD.ends_on + timedelta(days=1)
    assert notices.info(notice.id).can_close(clock.today)
    assert notices.close(REVIEWER, notice.id).status == "closed"
    # Closed: the certificates take effect and go with the next package.
    assert _certificates_at(county_center, "S001", tmp_path / "2.ncmspkg") == [FIRST]
    with station.reader() as session:
        state = session.scalar(
            select(Application.state).where(Application.number == "S001-2026-000001")
        )
    assert state == "certificate_issued"


def _object(notices: NoticeService, number: str = FIRST, **changes: object) -> ObjectionEntry:
    fields: dict[str, object] = {
        "certificate_number": number,
        "raised_by": "宜沟村村民 李某",
        "text": "申请人长期在外务工，未见其就医",
        "received_on": TODAY + timedelta(days=2),
        "contact": "13900001111",
    }
    fields.update(changes)
    return ObjectionEntry(**fields)  # type: ignore[arg-type]


def test_an_objection_is_checked_field_by_field(county_center: County, clock: Clock) -> None:
    notices = _closed_with_notice(county_center, clock)
    (notice,) = notices.notices()
    clock.today = TODAY + timedelta(days=3)
    bad = _object(
        notices, "C41052027999999", raised_by=" ", text="", received_on=TODAY - timedelta(days=1)
    )
    with pytest.raises(ValidationError) as refused:
        notices.record_objection(REVIEWER, notice.id, bad)
    assert {p.field: p.key for p in refused.value.problems} == {
        "certificate": "notice.not_listed",
        "raised_by": "notice.raised_by_required",
        "text": "notice.text_required",
        "received_on": "notice.received_outside",
    }
    future = _object(notices, received_on=clock.today + timedelta(days=1))
    with pytest.raises(ValidationError) as refused:
        notices.record_objection(REVIEWER, notice.id, future)
    assert [p.key for p in refused.value.problems] == ["notice.received_in_future"]
    assert notices.objections(notice.id) == []  # nothing stored on a refusal


def test_an_upheld_objection_sets_the_approval_aside_and_the_case_returns(
    county_center: County, clock: Clock, tmp_path: Path
) -> None:
    notices = _closed_with_notice(county_center, clock)
    (notice,) = notices.notices()
    clock.today = TODAY + timedelta(days=3)
    against_first = notices.record_objection(REVIEWER, notice.id, _object(notices))
    against_second = notices.record_objection(REVIEWER, notice.id, _object(notices, SECOND))
    assert against_first.name and against_first.outcome == ""
    clock.today = PERIOD.ends_on + timedelta(days=1)
    with pytest.raises(NcmsError) as refused:  # two objections not yet decided
        notices.close(REVIEWER, notice.id)
    assert refused.value.key == "notice.objections_undecided"
    with pytest.raises(ValidationError) as refused:
        notices.decide(REVIEWER, against_first.id, UPHELD, " ", against_first.version)
    assert [p.key for p in refused.value.problems] == ["notice.finding_required"]
    finding = "经村委会核实，申请人已于2026年迁出本县"
    notices.decide(REVIEWER, against_first.id, UPHELD, finding, against_first.version)
    notices.decide(REVIEWER, against_second.id, DISMISSED, "经核实就医记录属实", 1)
    # A second desk deciding over what it has not seen is told who decided.
    with pytest.raises(NoticeChanged) as told:
        notices.decide(REVIEWER, against_second.id, UPHELD, "异议成立", 1)
    assert told.value.current.outcome == DISMISSED
    db = county_center.county.db
    with db.reader() as session:
        first = session.scalars(select(Certificate).where(Certificate.number == FIRST)).one()
        state = session.scalar(
            select(Application.state).where(Application.number == "S001-2026-000001")
        )
    assert first.revoked_on == clock.today and finding in first.revoked_reason
    assert state == "under_review"
    assert [c.number for c in notices.listed(notice.id)] == [SECOND]  # the public list
    assert notices.close(REVIEWER, notice.id).set_aside == 1
    # The station never hears of the approval set aside; the other certificate goes.
    assert _certificates_at(county_center, "S001", tmp_path / "1.ncmspkg") == []
    assert _certificates_at(county_center, "S002", tmp_path / "2.ncmspkg") == [SECOND]
    with county_center.stations["S001"].db.reader() as session:
        assert "approved" not in session.scalars(select(Decision.outcome)).all()
    # The case is back on the next agenda; its old number is never given again.
    meetings = MeetingService(db, today=clock)
    meeting = meetings.open(REVIEWER, clock.today, MEMBERS)
    numbers = [i.case.application_number for i in meetings.items(meeting.id)]
    assert "S001-2026-000001" in numbers


def test_a_closed_notice_takes_no_more_objections(county_center: County, clock: Clock) -> None:
    notices = _closed_with_notice(county_center, clock)
    (notice,) = notices.notices()
    clock.today = PERIOD.ends_on + timedelta(days=1)
    notices.close(REVIEWER, notice.id)
    with pytest.raises(NcmsError) as refused:
        notices.record_objection(REVIEWER, notice.id, _object(notices))
    assert refused.value.key == "notice.closed"


def test_the_register_says_where_each_certificate_stands(
    county_center: County, clock: Clock
) -> None:
    notices = _closed_with_notice(county_center, clock)
    register = CertificateRegister(county_center.county.db, today=clock)
    assert [(e.certificate.number, e.standing, e.notice_ends) for e in register.entries()] == [
        (FIRST, Standing.ON_NOTICE, PERIOD.ends_on),
        (SECOND, Standing.ON_NOTICE, PERIOD.ends_on),
    ]
    (notice,) = notices.notices()
    clock.today = TODAY + timedelta(days=2)
    objection = notices.record_objection(REVIEWER, notice.id, _object(notices))
    notices.decide(REVIEWER, objection.id, UPHELD, "经核实已迁出", objection.version)
    clock.today = PERIOD.ends_on + timedelta(days=1)
    notices.close(REVIEWER, notice.id)
    assert [e.standing for e in register.entries()] == [Standing.SET_ASIDE, Standing.IN_EFFECT]
    # The renewal list: in effect and ending within 60 days; then expired.
    (second,) = [e.certificate for e in register.entries() if e.certificate.number == SECOND]
    assert second.valid_until is not None
    clock.today = second.valid_until - timedelta(days=61)
    assert register.entries(expiring_within=RENEWAL_DAYS) == []
    clock.today = second.valid_until - timedelta(days=30)
    assert [e.certificate.number for e in register.entries(RENEWAL_DAYS)] == [SECOND]
    clock.today = second.valid_until + timedelta(days=1)
    assert register.entries()[1].standing == Standing.EXPIRED
    assert register.entries(RENEWAL_DAYS) == []


def test_a_sheet_recorded_with_a_notice_holds_its_certificates(
    county_center: County, clock: Clock, tmp_path: Path
) -> None:
    db = county_center.county.db
    row = CaseDecision(1, "S001-2026-000001", "HTN", "approved", "", ("张医生", "李医生"))
    with pytest.raises(ValidationError):  # a period that ends before it starts
        ReviewService(db, today=clock).record(
            REVIEWER,
            [row],
            county_center.county.keys.signing,
            NoticePeriod(TODAY, TODAY - timedelta(1)),
        )
    ReviewService(db, today=clock).record(
        REVIEWER, [row], county_center.county.keys.signing, PERIOD
    )
    (notice,) = NoticeService(db, today=clock).notices()
    assert (notice.meeting_held_on, notice.certificates) == (None, 1)
    assert _certificates_at(county_center, "S001", tmp_path / "1.ncmspkg") == []


def test_a_second_objection_upheld_on_a_certificate_set_aside_only_records_it(
    county_center: County, clock: Clock
) -> None:
    notices = _closed_with_notice(county_center, clock)
    (notice,) = notices.notices()
    clock.today = TODAY + timedelta(days=2)
    first = notices.record_objection(REVIEWER, notice.id, _object(notices))
    second = notices.record_objection(REVIEWER, notice.id, _object(notices, raised_by="王某"))
    notices.decide(REVIEWER, first.id, UPHELD, "经核实已迁出", first.version)
    decided = notices.decide(REVIEWER, second.id, UPHELD, "同上", second.version)
    assert decided.outcome == UPHELD
    db = county_center.county.db
    with db.reader() as session:
        app_id = session.scalar(
            select(Application.id).where(Application.number == "S001-2026-000001")
        )
        steps = session.scalars(
            select(StateChange.to_state).where(StateChange.application_id == app_id)
        ).all()
    assert steps.count("under_review") == 1  # one set-aside, not two
    # Deciding again what another desk decided is told, whatever the finding.
    with pytest.raises(NoticeChanged):
        notices.decide(REVIEWER, second.id, UPHELD, "异议成立", second.version)


def test_an_objection_recorded_while_the_notice_closes_keeps_it_open(
    county_center: County, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    notices = _closed_with_notice(county_center, clock)
    (notice,) = notices.notices()
    clock.today = PERIOD.ends_on + timedelta(days=1)
    other_desk = NoticeService(county_center.county.db, today=lambda: PERIOD.ends_on)
    checked = NoticeService.close_refusal

    def then_another_desk_records(self: NoticeService, info: NoticeInfo) -> NcmsError | None:
        found = checked(self, info)  # nothing against closing, as this desk saw it
        other_desk.record_objection(
            REVIEWER, notice.id, _object(notices, received_on=PERIOD.ends_on)
        )
        return found

    monkeypatch.setattr(NoticeService, "close_refusal", then_another_desk_records)
    with pytest.raises(NcmsError) as refused:
        notices.close(REVIEWER, notice.id)
    assert refused.value.key == "notice.objections_undecided"
    assert notices.info(notice.id).status == "running"


def test_a_notice_already_over_is_refused_at_the_close(county_center: County, clock: Clock) -> None:
    meetings = MeetingService(county_center.county.db, today=clock)
    meeting = conclude_every_kind(meetings)
    over = NoticePeriod(TODAY - timedelta(days=10), TODAY - timedelta(days=5))
    with pytest.raises(ValidationError) as refused:
        meetings.close(REVIEWER, meeting.id, county_center.county.keys.signing, notice=over)
    assert [p.key for p in refused.value.problems] == ["notice.ends_in_past"]
    typo = NoticePeriod(PERIOD.starts_on, PERIOD.ends_on.replace(year=2027))
    assert typo.problems(TODAY)[0].key == "notice.period_too_long"
    assert meetings.current() is not None  # still open, nothing recorded
