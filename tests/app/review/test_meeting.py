"""The committee's meeting held in the county window: its agenda, the conclusions
typed case by case (the same checks as the paper sheet), two desks on one case,
and closing it into decisions and certificate numbers in one transaction."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from app.db.database import Database, open_database
from app.db.models import Application, Certificate, Decision, Meeting, MeetingCase
from app.domain.workflow import Role
from app.errors import NcmsError, PermissionDenied, ValidationError
from app.paths import DataPaths
from app.printing.printouts import office
from app.review.duplicates import DuplicateService
from app.review.meeting import Conclusion, MeetingChanged, MeetingService
from app.review.minutes import write_minutes
from app.security.actor import Actor
from tests.app.printing.helpers import text_of
from tests.app.review.helpers import APPROVE, MEMBERS, conclude_every_kind
from tests.app.sync.helpers import REVIEWER, County
from tests.conftest import TODAY

SECOND_DESK = Actor("reviewer2", Role.COUNTY_REVIEWER, display_name="赵审核")


@pytest.fixture
def meetings(county_center: County) -> MeetingService:
    return MeetingService(county_center.county.db, today=lambda: TODAY)


@pytest.fixture
def second_desk(county_center: County) -> Iterator[Database]:
    """The same county database opened again, as another desk's program does."""
    db = county_center.county.db
    url = None if db.engine.dialect.name == "sqlite" else db.engine.url
    other = open_database(
        DataPaths(county_center.county.root),
        url.render_as_string(hide_password=False) if url else None,
    )
    yield other
    other.close()


def _keys(meetings: MeetingService) -> list[tuple[str, str, str]]:
    meeting = meetings.current()
    assert meeting is not None
    return [
        (i.case.station_code, i.case.disease_code, i.case.application_number)
        for i in meetings.items(meeting.id)
    ]


def test_the_agenda_is_every_waiting_case_by_station_and_disease(meetings: MeetingService) -> None:
    info = meetings.open(REVIEWER, TODAY, MEMBERS)
    assert (info.cases, info.concluded, info.remaining, info.members) == (4, 0, 4, MEMBERS)
    assert _keys(meetings) == [
        ("S001", "HTN", "S001-2026-000001"),
        ("S001", "HTN", "S001-2026-000002"),
        ("S002", "DM", "S002-2026-000002"),
        ("S002", "HTN", "S002-2026-000001"),
    ]
    # Every desk works on that one agenda.
    with pytest.raises(NcmsError) as refused:
        meetings.open(REVIEWER, TODAY, MEMBERS)
    assert refused.value.key == "meeting.already_open"


def test_a_meeting_needs_two_members_and_a_county_role(meetings: MeetingService) -> None:
    for members in ((), ("张医生", " 张医生 ")):
        with pytest.raises(ValidationError) as refused:
            meetings.open(REVIEWER, TODAY, members)
        assert [p.key for p in refused.value.problems] == ["meeting.members_required"]
    with pytest.raises(PermissionDenied):
        meetings.open(Actor("clerk", Role.CLERK), TODAY, MEMBERS)
    assert meetings.current() is None


def _first(meetings: MeetingService) -> Any:
    meeting = meetings.current() or meetings.open(REVIEWER, TODAY, MEMBERS)
    return meetings.items(meeting.id)[0]


_REFUSED = {
    "rejected without reason": (
        Conclusion("rejected", experts=("张医生", "李医生")),
        {"reasons": "review.reason_required"},
    ),
    "exam without where": (
        Conclusion("exam_required", "复查血压", ("张医生", "李医生")),
        {"exam_hospital": "review.exam_hospital_required", "exam_by": "review.exam_date_required"},
    ),
    "one expert": (Conclusion("approved", experts=("张医生",)), {"experts": "review.two_experts"}),
    "one expert twice": (
        Conclusion("approved", experts=("张医生", " 张医生")),
        {"experts": "review.same_expert"},
    ),
    "nothing chosen": (
        Conclusion("", experts=("张医生", "李医生")),
        {"outcome": "review.outcome_required"},
    ),
    "a stranger": (
        Conclusion("approved", experts=("张医生", "刘某")),
        {"experts": "meeting.expert_not_member"},
    ),
    "no such category": (
        Conclusion("approved", experts=("张医生", "李医生"), category="Q"),
        {"category": "review.bad_category"},
    ),
}


def test_each_problem_of_a_conclusion_names_its_field(meetings: MeetingService) -> None:
    item = _first(meetings)
    found = {}
    for name, (conclusion, _) in _REFUSED.items():
        with pytest.raises(ValidationError) as refused:
            meetings.conclude(REVIEWER, item.id, conclusion, item.version)
        found[name] = {p.field: p.key for p in refused.value.problems}
    assert found == {name: fields for name, (_, fields) in _REFUSED.items()}
    assert meetings.item(item.id).conclusion is None  # nothing kept of a refused one


def test_a_second_desk_saving_over_a_change_it_has_not_seen_is_told_who(
    meetings: MeetingService, second_desk: Database
) -> None:
    item = _first(meetings)
    other = MeetingService(second_desk, today=lambda: TODAY)
    shown_there = other.item(item.id)  # both desks show version 1
    meetings.conclude(REVIEWER, item.id, APPROVE, item.version)
    rejection = Conclusion("rejected", "诊断依据不足", ("张医生", "李医生"))
    with pytest.raises(MeetingChanged) as told:
        other.conclude(SECOND_DESK, item.id, rejection, shown_there.version)
    # The second desk sees the first desk's conclusion and who made it.
    assert told.value.current.conclusion == meetings.item(item.id).conclusion
    assert told.value.current.conclusion.outcome == "approved"
    assert told.value.current.noted_by == REVIEWER.name
    assert REVIEWER.name in str(told.value)
    # Saving again over what it has now seen is allowed, and wins.
    saved = other.conclude(SECOND_DESK, item.id, rejection, told.value.current.version)
    assert meetings.item(item.id).conclusion == saved.conclusion
    assert saved.noted_by == "赵审核"


def test_closing_records_every_conclusion_and_numbers_the_certificates(
    meetings: MeetingService, county_center: County
) -> None:
    meeting = conclude_every_kind(meetings)
    closed = meetings.close(REVIEWER, meeting.id, county_center.county.keys.signing)
    assert closed.recorded.certificates == ["C41052027000001", "C41052027000002"]
    assert (closed.meeting.status, closed.meeting.concluded, closed.meeting.deferred) == (
        "closed",
        3,
        1,
    )
    db = county_center.county.db
    with db.reader() as session:
        states = dict(session.execute(select(Application.number, Application.state)).all())
        decisions = session.scalars(select(Decision).order_by(Decision.disease_code)).all()
        certificate = session.scalars(
            select(Certificate).where(Certificate.number == "C41052027000002")
        ).one()
    assert (states["S001-2026-000001"], states["S001-2026-000002"]) == (
        "certificate_issued",
        "exam_required",
    )
    assert [d["category"] for d in certificate.diseases] == ["A"]  # the committee's grade
    exam = next(d for d in decisions if d.outcome == "exam_required")
    assert exam.exam_hospital_code == "H410523001" and exam.experts == ["李医生", "王主任"]
    # The deferred case and the one sent to an examination are on the next agenda.
    meetings.open(REVIEWER, TODAY + timedelta(days=90), MEMBERS)
    assert _keys(meetings) == [
        ("S001", "HTN", "S001-2026-000002"),
        ("S002", "HTN", "S002-2026-000001"),
    ]


def test_a_closed_meeting_changes_no_more(meetings: MeetingService, county_center: County) -> None:
    meeting = conclude_every_kind(meetings)
    item = meetings.items(meeting.id)[0]
    meetings.close(REVIEWER, meeting.id, county_center.county.keys.signing)
    with pytest.raises(NcmsError) as refused:
        meetings.conclude(REVIEWER, item.id, APPROVE, meetings.item(item.id).version)
    assert refused.value.key == "meeting.closed"
    with pytest.raises(NcmsError):
        meetings.close(REVIEWER, meeting.id, county_center.county.keys.signing)


def test_a_case_neither_concluded_nor_deferred_keeps_the_meeting_open(
    meetings: MeetingService, county_center: County
) -> None:
    meeting = meetings.open(REVIEWER, TODAY, MEMBERS)
    first = meetings.items(meeting.id)[0]
    meetings.conclude(REVIEWER, first.id, APPROVE, first.version)
    with pytest.raises(ValidationError) as refused:
        meetings.close(REVIEWER, meeting.id, county_center.county.keys.signing)
    assert [p.params["position"] for p in refused.value.problems] == [2, 3, 4]
    assert meetings.current() is not None


class _FailingSigner:
    """The county's key, failing at the second certificate (a crash mid-close)."""

    def __init__(self, key: Any) -> None:
        self.key, self.calls = key, 0

    def sign(self, data: bytes) -> bytes:
        self.calls += 1
        if self.calls == 2:
            raise OSError("the key store went away")
        return bytes(self.key.sign(data))


def test_a_close_that_fails_midway_records_nothing(
    meetings: MeetingService, county_center: County
) -> None:
    meeting = conclude_every_kind(meetings)
    db = county_center.county.db
    signer = _FailingSigner(county_center.county.keys.signing)
    with pytest.raises(OSError):
        meetings.close(REVIEWER, meeting.id, signer)  # type: ignore[arg-type]
    with db.reader() as session:
        assert session.scalars(select(Decision)).all() == []
        assert session.scalars(select(Certificate)).all() == []
        assert session.scalars(select(Meeting.status)).one() == "open"
        assert len(session.scalars(select(MeetingCase)).all()) == 4
    # Closed again once the key answers, the numbers start at 1: none was used up.
    closed = meetings.close(REVIEWER, meeting.id, county_center.county.keys.signing)
    assert closed.recorded.certificates[0] == "C41052027000001"


def test_the_minutes_print_each_conclusion_its_experts_and_the_numbers(
    meetings: MeetingService, county_center: County, tmp_path: Path
) -> None:
    meeting = conclude_every_kind(meetings)
    with pytest.raises(NcmsError):  # not before the meeting is closed
        meetings.minutes(meeting.id)
    meetings.close(REVIEWER, meeting.id, county_center.county.keys.signing)
    out = tmp_path / "minutes.pdf"
    write_minutes(meetings.minutes(meeting.id), office(county_center.county.db), out)
    printed = text_of(out)
    # Each number on one line: a clerk copies it from the minutes onto the booklet.
    assert "C41052027000001" in printed and "C41052027000002" in printed
    text = "".join(printed.split())
    assert "汤阴县合管中心慢性病门诊认定专家评审会议纪要" in text
    assert "出席专家：张医生、李医生、王主任" in text
    for expected in ("C41052027000001", "C41052027000002", "需体检", "汤阴县人民医院", "暂缓"):
        assert expected in text
    assert "通过2件，需体检1件，暂缓1件" in text


def test_a_suspected_duplicate_is_not_approved_until_the_pair_is_decided(
    meetings: MeetingService, county_center: County
) -> None:
    """S002-2026-000001 is flagged as duplicating a file of S001 (same person and
    disease): approving it would make two certificates for one person and disease.
    Every other conclusion may be recorded; approval waits for the reviewer's verdict,
    on the sheet route as at the meeting."""
    from app.review.committee import CaseDecision
    from app.review.duplicates import DuplicateService

    meeting = meetings.open(REVIEWER, TODAY, MEMBERS)
    flagged = next(
        i for i in meetings.items(meeting.id) if i.case.application_number == "S002-2026-000001"
    )
    with pytest.raises(ValidationError) as refused:
        meetings.conclude(REVIEWER, flagged.id, APPROVE, flagged.version)
    [problem] = refused.value.problems
    assert (problem.field, problem.key) == ("outcome", "review.duplicate_unresolved")
    assert problem.params["number"] == "S002-2026-000001"
    other = problem.params["other"]
    assert other.startswith("S001-") and other in problem.message
    sheet_row = CaseDecision(
        7, "S002-2026-000001", flagged.case.disease_code, "approved", "", APPROVE.experts
    )
    assert [(p.field, p.key) for p in meetings.review.check([sheet_row])] == [
        ("row 7", "review.duplicate_unresolved")
    ]
    rejected = Conclusion("rejected", "同一人同一病种已在宜沟镇申请", APPROVE.experts)
    meetings.conclude(REVIEWER, flagged.id, rejected, flagged.version)  # this may be
    # Once a reviewer finds the two are not duplicates, approval goes through.
    duplicates = DuplicateService(county_center.county.db)
    pair = duplicates.pair(flagged.case.application_id)
    assert pair is not None
    duplicates.mark_not_duplicate(REVIEWER, pair.flagged, pair.other, "已核实为不同人")
    item = meetings.item(flagged.id)
    meetings.conclude(REVIEWER, flagged.id, APPROVE, item.version)


def test_a_case_withdrawn_after_the_agenda_was_made_is_refused_a_conclusion_at_once(
    meetings: MeetingService, county_center: County, tmp_path: Path
) -> None:
    meeting = meetings.current() or meetings.open(REVIEWER, TODAY, MEMBERS)
    items = meetings.items(meeting.id)
    flagged = next(i for i in items if i.case.duplicate)
    duplicates = DuplicateService(county_center.county.db)
    pair = duplicates.pair(flagged.case.application_id)
    assert pair is not None
    duplicates.mark_duplicate(REVIEWER, pair.flagged, pair.other, pair.flagged, "重复申请")
    item = meetings.item(flagged.id)
    assert not item.case.pending  # the agenda knows it
    with pytest.raises(ValidationError) as refused:
        meetings.conclude(REVIEWER, item.id, APPROVE, item.version)
    [problem] = refused.value.problems
    assert (problem.field, problem.key) == ("outcome", "meeting.case_left")
    assert flagged.case.application_number in problem.message
    meetings.defer(REVIEWER, item.id, True, item.version)  # what is left to do with it
    assert meetings.item(item.id).deferred
    # The minutes say it was withdrawn, not that it waits for the next meeting.
    meetings.close(REVIEWER, meeting.id, county_center.county.keys.signing, defer_rest=True)
    out = tmp_path / "minutes.pdf"
    write_minutes(meetings.minutes(meeting.id), office(county_center.county.db), out)
    printed = "".join(text_of(out).split())
    assert "已撤回，不再评审" in printed and "撤回1件" in printed
