"""A committee meeting with one conclusion of each kind, and a clock the test moves,
shared by the county's service and window tests."""

from __future__ import annotations

from datetime import date, timedelta

from app.review.meeting import Conclusion, MeetingInfo, MeetingService
from tests.app.sync.helpers import REVIEWER
from tests.conftest import TODAY

MEMBERS = ("张医生", "李医生", "王主任")


class Clock:
    """A `today` the test moves (services take it as their clock)."""

    def __init__(self, today: date = TODAY) -> None:
        self.today = today

    def __call__(self) -> date:
        return self.today


APPROVE = Conclusion("approved", experts=("张医生", "李医生"))


def conclude_every_kind(meetings: MeetingService) -> MeetingInfo:
    """On county_center's agenda: S001-2026-000001 approved, S001-2026-000002 sent to
    an examination, S002-2026-000002 approved in category A, S002-2026-000001 deferred."""
    meeting = meetings.open(REVIEWER, TODAY, MEMBERS)
    first, second, third, fourth = meetings.items(meeting.id)
    exam = Conclusion(
        "exam_required",
        "复查血压",
        ("李医生", "王主任"),
        exam_hospital="汤阴县人民医院",
        exam_by=TODAY + timedelta(days=14),
    )
    meetings.conclude(REVIEWER, first.id, APPROVE, first.version)
    meetings.conclude(REVIEWER, second.id, exam, second.version)
    meetings.conclude(
        REVIEWER,
        third.id,
        Conclusion("approved", experts=("张医生", "王主任"), category="A"),
        third.version,
    )
    meetings.defer(REVIEWER, fourth.id, True, fourth.version)
    return meeting
