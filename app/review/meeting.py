"""The expert committee's meeting, held in the county window.

A meeting is opened on a date with the members present; its agenda is every case
waiting then, ordered by station, disease and application number. Case by case a
reviewer types the conclusion (checked by the same ConclusionRules as the paper
sheet) or defers the case to a later meeting. Closing the meeting records every
conclusion as the committee's decisions in one transaction — the certificate
numbers and seals with them — and the minutes are printed from what was recorded.

Several desks may work on one meeting: each conclusion carries the version it was
typed over, and saving over a newer one is refused with who changed it
(MeetingChanged), never silently overwritten.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import insert, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from app.db.database import Database
from app.db.models import Application, Certificate, Hospital, Meeting, MeetingCase
from app.db.types import utcnow
from app.domain.vocabulary import Outcome
from app.domain.workflow import COUNTY_ROLES, State, state_term
from app.errors import NcmsError, Problem, ValidationError
from app.review.committee import (
    WAITING,
    Case,
    CaseDecision,
    RecordResult,
    ReviewService,
    cases_of,
    exam_hospital,
)
from app.review.duplicates import unresolved_problem
from app.review.notice import NoticePeriod, open_notice_in
from app.security import audit
from app.security.actor import Actor, require_role

OPEN, CLOSED = "open", "closed"
# Offered for each conclusion that needs its reasons (the reviewer may type others):
# why not, what to bring, what the examination must settle.
COMMON_REASONS: dict[str, tuple[str, ...]] = {
    Outcome.REJECTED: (
        "诊断依据不足，不符合准入标准",
        "诊断医院不是县级及以上公立医疗机构",
        "病情未达到该病种的认定标准",
        "所患疾病不在慢性病病种目录内",
    ),
    Outcome.SUPPLEMENT_REQUESTED: (
        "补充完整病历资料（门诊或住院病历）",
        "补充出院记录",
        "补充近一个月内的检查化验报告",
        "检查报告超过有效期，请重新检查",
        "补充县级及以上公立医疗机构的诊断证明",
    ),
    Outcome.EXAM_REQUIRED: (
        "到指定医院复查，以明确诊断",
        "病情分期不明确，需体检确认",
    ),
}


@dataclass(frozen=True)
class Conclusion:
    """What the committee concluded on one case, as typed."""

    outcome: str
    reasons: str = ""
    experts: tuple[str, ...] = ()
    category: str = ""  # approved: "" keeps the catalogue's category
    exam_hospital: str = ""  # exam required: a designated hospital, code or name
    exam_by: date | None = None


@dataclass(frozen=True)
class AgendaItem:
    id: uuid.UUID
    position: int  # 1-based, the agenda's order
    case: Case
    deferred: bool
    conclusion: Conclusion | None
    noted_by: str  # who typed the conclusion (or deferred it) last
    version: int  # what a change must name (several desks)


@dataclass(frozen=True)
class MeetingInfo:
    id: uuid.UUID
    held_on: date
    members: tuple[str, ...]
    status: str  # open | closed
    cases: int
    concluded: int
    deferred: int

    @property
    def remaining(self) -> int:
        return self.cases - self.concluded - self.deferred


@dataclass(frozen=True)
class ClosedMeeting:
    meeting: MeetingInfo
    recorded: RecordResult
    items: list[AgendaItem] = field(default_factory=list)


@dataclass(frozen=True)
class MinutesLine:
    position: int
    application_number: str
    name: str
    station_code: str
    disease_name: str
    outcome: str  # an Outcome, or "" for a deferred case
    category: str
    reasons: str
    exam_hospital: str  # its name
    exam_by: date | None
    experts: tuple[str, ...]
    certificate: str  # the number issued on the application, if any
    withdrawn: bool = False  # deferred because it left the agenda: not to come back
    appeal: bool = False  # the applicant's appeal of an earlier rejection


@dataclass(frozen=True)
class Minutes:
    meeting: MeetingInfo
    closed_by: str
    lines: list[MinutesLine]


class MeetingChanged(NcmsError):
    """Another desk changed the case since it was shown; `current` is what is stored
    now, so the window can show it beside what this desk typed."""

    def __init__(self, current: AgendaItem) -> None:
        self.current = current
        super().__init__("meeting.changed", who=current.noted_by or "?")


class MeetingService:
    def __init__(self, db: Database, today: Callable[[], date] = date.today) -> None:
        self.db = db
        self.today = today
        self.review = ReviewService(db, today)

    # -- opening -----------------------------------------------------------------------

    def open(self, actor: Actor, held_on: date, members: Sequence[str]) -> MeetingInfo:
        """Open a meeting with the cases waiting now. One meeting is open at a time:
        every desk works on the same agenda."""
        require_role(actor, COUNTY_ROLES, "meeting.open")
        self.review.require_county()
        names = tuple(dict.fromkeys(m.strip() for m in members if m.strip()))
        if len(names) < 2:
            raise ValidationError([Problem("members", "meeting.members_required")])
        if any(len(n) > 40 for n in names):
            raise ValidationError([Problem("members", "meeting.member_too_long")])
        if self.current() is not None:
            raise NcmsError("meeting.already_open")
        cases = sorted(
            self.review.agenda(),
            key=lambda c: (c.station_code, c.disease_code, c.application_number),
        )
        with self.db.session() as session:
            meeting = Meeting(held_on=held_on, members=list(names), opened_by=actor.username)
            session.add(meeting)
            session.flush()
            if cases:  # one INSERT for the agenda (thousands of rows), not an object each
                session.execute(
                    insert(MeetingCase),
                    [
                        {
                            "meeting_id": meeting.id,
                            "position": position,
                            "application_id": case.application_id,
                            "disease_code": case.disease_code,
                        }
                        for position, case in enumerate(cases, 1)
                    ],
                )
            audit.record(
                session,
                actor,
                "meeting.open",
                "meeting",
                meeting.id,
                after={"held_on": held_on.isoformat(), "members": list(names), "cases": len(cases)},
            )
            meeting_id = meeting.id
        return self.info(meeting_id)

    def current(self) -> MeetingInfo | None:
        """The meeting open now, if any."""
        with self.db.reader() as session:
            found = session.scalars(select(Meeting.id).where(Meeting.status == OPEN)).first()
        return self.info(found) if found else None

    def meetings(self) -> list[MeetingInfo]:
        """Every meeting, the latest first."""
        with self.db.reader() as session:
            ids = session.scalars(
                select(Meeting.id).order_by(Meeting.held_on.desc(), Meeting.opened_at.desc())
            ).all()
        return [self.info(i) for i in ids]

    def info(self, meeting_id: uuid.UUID) -> MeetingInfo:
        with self.db.reader() as session:
            meeting = session.get(Meeting, meeting_id)
            if meeting is None:
                raise NcmsError("meeting.not_found")
            rows = session.execute(
                select(MeetingCase.outcome, MeetingCase.deferred).where(
                    MeetingCase.meeting_id == meeting_id
                )
            ).all()
            return MeetingInfo(
                id=meeting.id,
                held_on=meeting.held_on,
                members=tuple(meeting.members),
                status=meeting.status,
                cases=len(rows),
                concluded=sum(1 for outcome, deferred in rows if outcome and not deferred),
                deferred=sum(1 for _, deferred in rows if deferred),
            )

    # -- the agenda --------------------------------------------------------------------

    def items(self, meeting_id: uuid.UUID) -> list[AgendaItem]:
        """The meeting's agenda in order, each case with what was concluded so far."""
        with self.db.reader() as session:
            rows = session.scalars(
                select(MeetingCase)
                .where(MeetingCase.meeting_id == meeting_id)
                .order_by(MeetingCase.position)
            ).all()
            return self._items(session, rows)

    def item(self, item_id: uuid.UUID) -> AgendaItem:
        with self.db.reader() as session:
            row = session.get(MeetingCase, item_id)
            if row is None:
                raise NcmsError("meeting.not_found")
            return self._items(session, [row])[0]

    def _items(self, session: Session, rows: Sequence[MeetingCase]) -> list[AgendaItem]:
        ids = {r.application_id for r in rows}
        query = select(Application).where(Application.id.in_(ids))
        cases = {
            (c.application_id, c.disease_code): c for c in cases_of(session, query, self.today())
        }
        return [
            AgendaItem(
                id=r.id,
                position=r.position,
                case=cases[(r.application_id, r.disease_code)],
                deferred=r.deferred,
                conclusion=_conclusion(r),
                noted_by=r.noted_by,
                version=r.row_version,
            )
            for r in rows
        ]

    # -- concluding --------------------------------------------------------------------

    def conclude(
        self, actor: Actor, item_id: uuid.UUID, conclusion: Conclusion, seen: int
    ) -> AgendaItem:
        """Record the conclusion typed for one case over version `seen` of it.

        Every problem is reported at once, each naming its field; the experts must be
        among the meeting's members."""
        require_role(actor, COUNTY_ROLES, "meeting.conclude")
        rules = self.review.rules()
        with self.db.session() as session:
            row, meeting = self._open_case(session, item_id, seen)
            app = session.get(Application, row.application_id)
            assert app is not None
            problems = rules.problems(
                _as_decision(row.position, app.number, row.disease_code, conclusion)
            )
            members = set(meeting.members)
            strangers = [e for e in conclusion.experts if e.strip() and e.strip() not in members]
            if strangers:
                problems.append(
                    Problem("experts", "meeting.expert_not_member", {"name": strangers[0]})
                )
            if conclusion.outcome == Outcome.APPROVED:
                unresolved = unresolved_problem(session, app, "outcome")
                if unresolved is not None:
                    problems.append(unresolved)
            if app.state not in WAITING:
                # Withdrawn (a duplicate, at its station) since the agenda was made:
                # said now, not at the close after the whole meeting.
                problems = [
                    Problem(
                        "outcome",
                        "meeting.case_left",
                        {"number": app.number, "state": str(state_term(app.state))},
                    )
                ]
            if problems:
                raise ValidationError(problems)
            before = _conclusion_record(row)
            row.outcome = conclusion.outcome
            row.reasons = _reasons(conclusion.reasons)
            row.experts = list(dict.fromkeys(e.strip() for e in conclusion.experts if e.strip()))
            row.category = conclusion.category.strip()
            row.exam_hospital_code = exam_hospital(session, conclusion.exam_hospital)
            row.exam_by = conclusion.exam_by
            row.deferred = False
            self._noted(row, actor)
            audit.record(
                session,
                actor,
                "meeting.conclude",
                "meeting_case",
                row.id,
                before=before,
                after=_conclusion_record(row),
            )
            self._flush(session, item_id)
        return self.item(item_id)

    def defer(self, actor: Actor, item_id: uuid.UUID, deferred: bool, seen: int) -> AgendaItem:
        """Leave a case for a later meeting (or take it back onto this one); a deferred
        case stays waiting for the committee and is on the next meeting's agenda."""
        require_role(actor, COUNTY_ROLES, "meeting.conclude")
        with self.db.session() as session:
            row, _ = self._open_case(session, item_id, seen)
            row.deferred = deferred
            self._noted(row, actor)
            audit.record(
                session,
                actor,
                "meeting.defer" if deferred else "meeting.undefer",
                "meeting_case",
                row.id,
            )
            self._flush(session, item_id)
        return self.item(item_id)

    def _open_case(
        self, session: Session, item_id: uuid.UUID, seen: int
    ) -> tuple[MeetingCase, Meeting]:
        row = session.get(MeetingCase, item_id)
        if row is None:
            raise NcmsError("meeting.not_found")
        meeting = session.get(Meeting, row.meeting_id)
        assert meeting is not None
        if meeting.status != OPEN:
            raise NcmsError("meeting.closed")
        if row.row_version != seen:
            raise MeetingChanged(self._items(session, [row])[0])
        return row, meeting

    @staticmethod
    def _noted(row: MeetingCase, actor: Actor) -> None:
        row.noted_by = actor.name
        row.noted_at = utcnow()

    def _flush(self, session: Session, item_id: uuid.UUID) -> None:
        """Write now, so that a desk that saved over the same version meanwhile is
        caught by the row's version (the database compares it in the UPDATE)."""
        try:
            session.flush()
        except StaleDataError:
            session.rollback()
            raise MeetingChanged(self.item(item_id)) from None

    # -- closing -----------------------------------------------------------------------

    def close(
        self,
        actor: Actor,
        meeting_id: uuid.UUID,
        signer: Ed25519PrivateKey,
        notice: NoticePeriod | None = None,
        *,
        defer_rest: bool = False,
    ) -> ClosedMeeting:
        """Record every conclusion as the committee's decision, number and seal the
        certificates, open the public notice of `notice` that holds them until it
        closes, and close the meeting — all in one transaction. A case neither
        concluded nor deferred keeps the meeting open (each is named), unless
        `defer_rest`: then it is deferred to the next meeting, in the same transaction."""
        require_role(actor, COUNTY_ROLES, "meeting.close")
        self.review.require_county()
        items = self.items(meeting_id)
        info = self.info(meeting_id)
        if info.status != OPEN:
            raise NcmsError("meeting.closed")
        rest = [i for i in items if not i.deferred and i.conclusion is None]
        if not defer_rest:
            _refuse_items(rest, "meeting.not_concluded")
        taken = [i for i in items if not i.deferred and i.conclusion is not None]
        # Withdrawn or decided elsewhere since the meeting opened.
        _refuse_items([i for i in taken if not i.case.pending], "meeting.no_longer_waiting")
        rows = [_decision(i) for i in taken]
        problems = self.review.check(rows) + (notice.problems(self.today()) if notice else [])
        if problems:
            raise ValidationError(problems)
        with self.db.session() as session:
            meeting = session.get(Meeting, meeting_id)
            assert meeting is not None
            if meeting.status != OPEN:  # another desk closed it meanwhile
                raise NcmsError("meeting.closed")
            for item in rest:  # only when defer_rest: refused above otherwise
                row, _ = self._open_case(session, item.id, item.version)
                row.deferred = True
                self._noted(row, actor)
            meeting.status = CLOSED
            meeting.closed_by = actor.name
            meeting.closed_at = utcnow()
            recorded = self.review.record_in(session, actor, rows, signer)
            if notice is not None and recorded.certificates:  # nothing to hold: no notice
                open_notice_in(session, actor, meeting_id, recorded.certificates, notice)
            audit.record(
                session,
                actor,
                "meeting.close",
                "meeting",
                meeting_id,
                after={
                    "decisions": recorded.decisions,
                    "certificates": recorded.certificates,
                    "deferred": info.deferred + len(rest),
                    # Left without a conclusion and deferred by this close, by position.
                    "deferred_at_close": [i.position for i in rest],
                },
            )
            try:
                session.flush()
            except StaleDataError:  # closed by another desk between our read and write
                session.rollback()
                raise NcmsError("meeting.closed") from None
        return ClosedMeeting(self.info(meeting_id), recorded, self.items(meeting_id))

    def minutes(self, meeting_id: uuid.UUID) -> Minutes:
        """What the minutes print: every case of a closed meeting with its
        conclusion, the experts and the certificate number issued."""
        info = self.info(meeting_id)
        if info.status != CLOSED:
            raise NcmsError("meeting.still_open")
        items = self.items(meeting_id)
        with self.db.reader() as session:
            meeting = session.get(Meeting, meeting_id)
            assert meeting is not None
            numbers = dict(
                session.execute(
                    select(Certificate.application_id, Certificate.number)
                    .where(
                        Certificate.application_id.in_({i.case.application_id for i in items}),
                        Certificate.issued_on >= meeting.held_on,
                    )
                    # Newest first, so the one kept is the first issued at or after this
                    # meeting: a later meeting may have issued another (a set-aside case).
                    .order_by(Certificate.number.desc())
                ).all()
            )
            hospitals = dict(session.execute(select(Hospital.code, Hospital.name)).all())
            closed_by = meeting.closed_by
        lines = []
        for item in items:
            c = item.conclusion if not item.deferred else None
            lines.append(
                MinutesLine(
                    position=item.position,
                    application_number=item.case.application_number,
                    name=item.case.name,
                    station_code=item.case.station_code,
                    disease_name=item.case.disease_name,
                    outcome=c.outcome if c else "",
                    category=(c.category or item.case.category) if c else "",
                    reasons=c.reasons if c else "",
                    exam_hospital=hospitals.get(c.exam_hospital, c.exam_hospital) if c else "",
                    exam_by=c.exam_by if c else None,
                    experts=c.experts if c else (),
                    certificate=numbers.get(item.case.application_id, "")
                    if c and c.outcome == Outcome.APPROVED
                    else "",
                    withdrawn=item.case.state == State.WITHDRAWN,
                    # Not on the meeting that rejected it, printed again after the appeal.
                    appeal=item.case.appeal is not None
                    and item.case.appeal.lodged_on <= info.held_on,
                )
            )
        return Minutes(info, closed_by, lines)


def _refuse_items(items: list[AgendaItem], key: str) -> None:
    """Refuse the close, naming every one of `items` by its place on the agenda."""
    if items:
        raise ValidationError(
            [
                Problem(
                    f"#{i.position}",
                    key,
                    {"position": i.position, "number": i.case.application_number},
                )
                for i in items
            ]
        )


def _reasons(text: str) -> list[str]:
    return [r.strip() for r in text.replace("；", ";").replace("\n", ";").split(";") if r.strip()]


def _conclusion(row: MeetingCase) -> Conclusion | None:
    if not row.outcome:
        return None
    return Conclusion(
        outcome=row.outcome,
        reasons="；".join(row.reasons),
        experts=tuple(row.experts),
        category=row.category,
        exam_hospital=row.exam_hospital_code or "",
        exam_by=row.exam_by,
    )


def _conclusion_record(row: MeetingCase) -> dict[str, object]:
    return {
        "outcome": row.outcome,
        "reasons": list(row.reasons),
        "experts": list(row.experts),
        "category": row.category,
        "exam_hospital": row.exam_hospital_code,
        "exam_by": row.exam_by.isoformat() if row.exam_by else None,
    }


def _decision(item: AgendaItem) -> CaseDecision:
    assert item.conclusion is not None
    return _as_decision(
        item.position, item.case.application_number, item.case.disease_code, item.conclusion
    )


def _as_decision(position: int, number: str, disease: str, conclusion: Conclusion) -> CaseDecision:
    """A conclusion as the committee's sheet row the review service checks and records."""
    return CaseDecision(
        position,
        number,
        disease,
        conclusion.outcome,
        conclusion.reasons,
        conclusion.experts,
        conclusion.category,
        conclusion.exam_hospital,
        conclusion.exam_by,
    )
