"""The public notice (公示) of a meeting's approvals, and the objections raised
during it.

A notice opens when its meeting closes, in the same transaction, with a period
(by default the five working days after the meeting); a meeting closed without
one (where local practice has no notice) sends its certificates at once. While it
runs, the certificates it lists are held at the county — the export leaves their
applications out (`held_applications`) — so nothing the notice could still undo
reaches a station. An objection is recorded against one listed certificate and
decided: dismissed, the certificate stands; upheld, the approval is set aside
before anyone outside the county saw it — the certificate is revoked (its number
stays taken, never reused), the approval and its steps are kept from travelling,
and the case goes back on the committee's agenda. The notice closes once its last
day has passed with every objection decided; its certificates then take effect and
travel with the next package.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Select, func, or_, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from app.certificates.issued import IssuedCertificate, read_certificates
from app.db.database import Database
from app.db.models import (
    Application,
    ApplicationDisease,
    Certificate,
    Decision,
    Meeting,
    NoticeCertificate,
    Objection,
    Person,
    PublicNotice,
    StateChange,
)
from app.db.types import utcnow
from app.domain.vocabulary import Outcome
from app.domain.workflow import COUNTY_ROLES, State
from app.errors import NcmsError, Problem, ValidationError
from app.security import audit
from app.security.actor import Actor, require_role
from app.workflow import move

RUNNING, CLOSED = "running", "closed"
UPHELD, DISMISSED = "upheld", "dismissed"
DEFAULT_WORKING_DAYS = 5
MAX_NOTICE_DAYS = 60  # longer is a mistyped date, not a notice
_LIMITS = {"raised_by": 60, "contact": 40, "text": 500, "finding": 300}


def working_days(start: date, count: int) -> date:
    """The last of `count` working days from `start` (counted if it is one). Working
    days are Monday to Friday: the state's holidays and swapped days change every
    year, so the county corrects the end date where one falls in the period."""
    day = start
    while day.weekday() >= 5:
        day += timedelta(days=1)
    left = count - 1
    while left > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            left -= 1
    return day


@dataclass(frozen=True)
class NoticePeriod:
    starts_on: date
    ends_on: date

    @classmethod
    def after(cls, day: date, count: int = DEFAULT_WORKING_DAYS) -> NoticePeriod:
        """`count` working days starting the working day after `day`."""
        start = working_days(day + timedelta(days=1), 1)
        return cls(start, working_days(start, count))

    def problems(self, today: date | None = None) -> list[Problem]:
        """`today`: a notice must still be to come or running (one over before it
        opens holds nothing back), and a year typed wrong is caught."""
        if self.ends_on < self.starts_on:
            return [Problem("ends_on", "notice.ends_before_start")]
        if today is not None and self.ends_on < today:
            return [Problem("ends_on", "notice.ends_in_past")]
        if (self.ends_on - self.starts_on).days > MAX_NOTICE_DAYS:
            return [Problem("ends_on", "notice.period_too_long", {"days": MAX_NOTICE_DAYS})]
        return []


@dataclass(frozen=True)
class NoticeInfo:
    id: uuid.UUID
    meeting_held_on: date | None
    period: NoticePeriod
    status: str  # running | closed
    certificates: int  # listed, set aside ones included
    set_aside: int
    undecided: int  # objections not yet decided
    objections: int
    version: int

    def can_close(self, today: date) -> bool:
        return self.status == RUNNING and today > self.period.ends_on and not self.undecided


@dataclass(frozen=True)
class ObjectionInfo:
    id: uuid.UUID
    certificate_number: str
    name: str  # the applicant's
    raised_by: str
    contact: str
    text: str
    received_on: date
    recorded_by: str
    outcome: str  # "" | upheld | dismissed
    finding: str
    decided_by: str
    version: int


@dataclass(frozen=True)
class ObjectionEntry:
    """An objection as the clerk types it."""

    certificate_number: str
    raised_by: str
    text: str
    received_on: date
    contact: str = ""


class NoticeChanged(NcmsError):
    """Another desk decided the objection since it was shown."""

    def __init__(self, current: ObjectionInfo) -> None:
        self.current = current
        super().__init__("notice.objection_changed", who=current.decided_by or "?")


def held_applications() -> Select[uuid.UUID]:
    """Applications whose certificate is listed in a running notice: held at the
    county, nothing of theirs travels yet."""
    return (
        select(Certificate.application_id)
        .join(NoticeCertificate, NoticeCertificate.certificate_id == Certificate.id)
        .join(PublicNotice, PublicNotice.id == NoticeCertificate.notice_id)
        .where(PublicNotice.status == RUNNING, Certificate.revoked_on.is_(None))
    )


def open_notice_in(
    session: Session,
    actor: Actor,
    meeting_id: uuid.UUID | None,
    numbers: Sequence[str],
    period: NoticePeriod,
) -> uuid.UUID:
    """Open a notice listing the certificates `numbers`, in the caller's transaction
    (a meeting's close opens its notice in the same one, so no certificate can slip
    out between the two)."""
    problems = period.problems()
    if problems:
        raise ValidationError(problems)
    notice = PublicNotice(
        meeting_id=meeting_id,
        starts_on=period.starts_on,
        ends_on=period.ends_on,
        opened_by=actor.name,
    )
    session.add(notice)
    session.flush()
    ids = session.scalars(select(Certificate.id).where(Certificate.number.in_(numbers))).all()
    for certificate_id in ids:
        session.add(NoticeCertificate(certificate_id=certificate_id, notice_id=notice.id))
    audit.record(
        session,
        actor,
        "notice.open",
        "public_notice",
        notice.id,
        after={
            "starts_on": period.starts_on.isoformat(),
            "ends_on": period.ends_on.isoformat(),
            "certificates": len(ids),
        },
    )
    return notice.id


class NoticeService:
    def __init__(self, db: Database, today: Callable[[], date] = date.today) -> None:
        self.db = db
        self.today = today

    # -- reading -----------------------------------------------------------------------

    def notices(self) -> list[NoticeInfo]:
        """Newest first."""
        with self.db.reader() as session:
            ids = session.scalars(
                select(PublicNotice.id).order_by(PublicNotice.starts_on.desc())
            ).all()
            return [self._info(session, i) for i in ids]

    def info(self, notice_id: uuid.UUID) -> NoticeInfo:
        with self.db.reader() as session:
            return self._info(session, notice_id)

    def of_meeting(self, meeting_id: uuid.UUID) -> NoticeInfo | None:
        with self.db.reader() as session:
            found = session.scalar(
                select(PublicNotice.id).where(PublicNotice.meeting_id == meeting_id)
            )
            return self._info(session, found) if found else None

    @staticmethod
    def _info(session: Session, notice_id: uuid.UUID) -> NoticeInfo:
        notice = session.get(PublicNotice, notice_id)
        if notice is None:
            raise NcmsError("notice.not_found")
        listed = select(NoticeCertificate.certificate_id).where(
            NoticeCertificate.notice_id == notice_id
        )
        certificates = session.scalar(select(func.count()).select_from(listed.subquery())) or 0
        set_aside = (
            session.scalar(
                select(func.count())
                .select_from(Certificate)
                .where(Certificate.id.in_(listed), Certificate.revoked_on.is_not(None))
            )
            or 0
        )
        outcomes = session.scalars(
            select(Objection.outcome).where(Objection.notice_id == notice_id)
        ).all()
        held_on = session.scalar(select(Meeting.held_on).where(Meeting.id == notice.meeting_id))
        return NoticeInfo(
            id=notice.id,
            meeting_held_on=held_on,
            period=NoticePeriod(notice.starts_on, notice.ends_on),
            status=notice.status,
            certificates=certificates,
            set_aside=set_aside,
            undecided=sum(1 for o in outcomes if not o),
            objections=len(outcomes),
            version=notice.row_version,
        )

    def listed(self, notice_id: uuid.UUID, *, standing: bool = True) -> list[IssuedCertificate]:
        """The certificates the notice lists, by number; `standing`: only those not
        set aside (what the public list prints)."""
        with self.db.reader() as session:
            query = (
                select(Certificate.id)
                .join(NoticeCertificate, NoticeCertificate.certificate_id == Certificate.id)
                .where(NoticeCertificate.notice_id == notice_id)
                .order_by(Certificate.number)
            )
            if standing:
                query = query.where(Certificate.revoked_on.is_(None))
            ids = list(session.scalars(query))
        return read_certificates(self.db, ids=ids)

    def objections(self, notice_id: uuid.UUID) -> list[ObjectionInfo]:
        with self.db.reader() as session:
            rows = session.scalars(
                select(Objection.id)
                .where(Objection.notice_id == notice_id)
                .order_by(Objection.recorded_at)
            ).all()
            return [self._objection(session, i) for i in rows]

    def objection(self, objection_id: uuid.UUID) -> ObjectionInfo:
        with self.db.reader() as session:
            return self._objection(session, objection_id)

    @staticmethod
    def _objection(session: Session, objection_id: uuid.UUID) -> ObjectionInfo:
        row = session.get(Objection, objection_id)
        if row is None:
            raise NcmsError("notice.not_found")
        number, name = session.execute(
            select(Certificate.number, Person.name)
            .join(Person, Person.id == Certificate.person_id)
            .where(Certificate.id == row.certificate_id)
        ).one()
        return ObjectionInfo(
            id=row.id,
            certificate_number=number,
            name=name,
            raised_by=row.raised_by,
            contact=row.contact,
            text=row.text,
            received_on=row.received_on,
            recorded_by=row.recorded_by,
            outcome=row.outcome,
            finding=row.finding,
            decided_by=row.decided_by,
            version=row.row_version,
        )

    # -- closing -----------------------------------------------------------------------

    def close_refusal(self, info: NoticeInfo) -> NcmsError | None:
        """Why the notice cannot be closed today, if it cannot (the window says so
        before asking anything)."""
        if info.status != RUNNING:
            return NcmsError("notice.closed")
        if self.today() <= info.period.ends_on:
            return NcmsError("notice.still_running", ends_on=info.period.ends_on.isoformat())
        if info.undecided:
            return NcmsError("notice.objections_undecided", count=info.undecided)
        return None

    def close(self, actor: Actor, notice_id: uuid.UUID) -> NoticeInfo:
        """Close a notice whose last day has passed with every objection decided: its
        standing certificates take effect and travel with the next package."""
        require_role(actor, COUNTY_ROLES, "notice.close")
        info = self.info(notice_id)
        refusal = self.close_refusal(info)
        if refusal is not None:
            raise refusal
        try:
            with self.db.session() as session:
                notice = session.get(PublicNotice, notice_id)
                assert notice is not None
                notice.status = CLOSED
                notice.closed_by = actor.name
                notice.closed_at = utcnow()
                session.flush()  # the notice is ours now (row lock; SQLite: the write lock)
                # Counted again under that lock: an objection recorded a moment ago by
                # another desk keeps the notice open (and this close is undone).
                undecided = _undecided(session, notice_id)
                if undecided:
                    raise NcmsError("notice.objections_undecided", count=undecided)
                audit.record(
                    session,
                    actor,
                    "notice.close",
                    "public_notice",
                    notice_id,
                    after={"certificates": info.certificates - info.set_aside},
                )
        except StaleDataError:  # another desk changed the notice meanwhile
            raise NcmsError("notice.changed") from None
        return self.info(notice_id)

    # -- objections --------------------------------------------------------------------

    def record_objection(
        self, actor: Actor, notice_id: uuid.UUID, entry: ObjectionEntry
    ) -> ObjectionInfo:
        require_role(actor, COUNTY_ROLES, "notice.object")
        info = self.info(notice_id)
        if info.status != RUNNING:
            raise NcmsError("notice.closed")
        problems = self._entry_problems(entry, info)
        with self.db.session() as session:
            _hold_running(session, notice_id)
            certificate = session.scalar(
                select(Certificate)
                .join(NoticeCertificate, NoticeCertificate.certificate_id == Certificate.id)
                .where(
                    NoticeCertificate.notice_id == notice_id,
                    Certificate.number == entry.certificate_number.strip(),
                )
            )
            if certificate is None:
                problems.insert(0, Problem("certificate", "notice.not_listed"))
            elif certificate.revoked_on is not None:
                problems.insert(0, Problem("certificate", "notice.already_set_aside"))
            if problems:
                raise ValidationError(problems)
            assert certificate is not None
            row = Objection(
                notice_id=notice_id,
                certificate_id=certificate.id,
                raised_by=entry.raised_by.strip(),
                contact=entry.contact.strip(),
                text=entry.text.strip(),
                received_on=entry.received_on,
                recorded_by=actor.name,
            )
            session.add(row)
            session.flush()
            audit.record(
                session,
                actor,
                "notice.objection",
                "objection",
                row.id,
                after={"certificate": certificate.number, "received_on": str(entry.received_on)},
            )
            objection_id = row.id
        return self.objection(objection_id)

    def _entry_problems(self, entry: ObjectionEntry, info: NoticeInfo) -> list[Problem]:
        problems = []
        for field in ("raised_by", "text"):
            if not getattr(entry, field).strip():
                problems.append(Problem(field, f"notice.{field}_required"))
        for field in ("raised_by", "contact", "text"):
            if len(getattr(entry, field).strip()) > _LIMITS[field]:
                problems.append(Problem(field, "notice.too_long", {"limit": _LIMITS[field]}))
        if entry.received_on > self.today():
            problems.append(Problem("received_on", "notice.received_in_future"))
        elif not info.period.starts_on <= entry.received_on <= info.period.ends_on:
            problems.append(
                Problem(
                    "received_on",
                    "notice.received_outside",
                    {
                        "starts_on": info.period.starts_on.isoformat(),
                        "ends_on": info.period.ends_on.isoformat(),
                    },
                )
            )
        return problems

    def decide(
        self, actor: Actor, objection_id: uuid.UUID, outcome: str, finding: str, seen: int
    ) -> ObjectionInfo:
        """Decide an objection (`seen`: the version shown). Upheld sets the approval
        aside: see the module's note."""
        require_role(actor, COUNTY_ROLES, "notice.decide")
        problems = []
        if outcome not in (UPHELD, DISMISSED):
            problems.append(Problem("outcome", "notice.outcome_required"))
        if not finding.strip():
            problems.append(Problem("finding", "notice.finding_required"))
        elif len(finding.strip()) > _LIMITS["finding"]:
            problems.append(Problem("finding", "notice.too_long", {"limit": _LIMITS["finding"]}))
        if problems:
            raise ValidationError(problems)
        try:
            with self.db.session() as session:
                row = session.get(Objection, objection_id)
                if row is None:
                    raise NcmsError("notice.not_found")
                _hold_running(session, row.notice_id)
                if row.row_version != seen or row.outcome:
                    raise NoticeChanged(self._objection(session, objection_id))
                row.outcome = outcome
                row.finding = finding.strip()
                row.decided_by = actor.name
                row.decided_at = utcnow()
                session.flush()  # a second desk deciding it too fails here, told who
                certificate = session.get(Certificate, row.certificate_id, with_for_update=True)
                assert certificate is not None
                # A second objection upheld against a certificate already set aside is
                # recorded as such; the case went back to the committee with the first.
                if outcome == UPHELD and certificate.revoked_on is None:
                    _set_aside(session, actor, certificate, finding.strip(), self.today())
                audit.record(
                    session,
                    actor,
                    "notice.decide",
                    "objection",
                    row.id,
                    after={"outcome": outcome, "finding": finding.strip()},
                )
        except StaleDataError:
            raise NoticeChanged(self.objection(objection_id)) from None
        return self.objection(objection_id)


def _hold_running(session: Session, notice_id: uuid.UUID) -> None:
    """Take the running notice for this transaction, so that a close on another desk
    waits for it (and counts what it adds); refuse a notice closed meanwhile."""
    held = session.execute(
        update(PublicNotice)
        .where(PublicNotice.id == notice_id, PublicNotice.status == RUNNING)
        .values(row_version=PublicNotice.row_version + 1)
        .execution_options(synchronize_session=False)
    )
    if held.rowcount != 1:  # type: ignore[attr-defined]
        raise NcmsError("notice.closed")


def _undecided(session: Session, notice_id: uuid.UUID) -> int:
    return (
        session.scalar(
            select(func.count())
            .select_from(Objection)
            .where(Objection.notice_id == notice_id, Objection.outcome == "")
        )
        or 0
    )


def _set_aside(
    session: Session, actor: Actor, certificate: Certificate, finding: str, today: date
) -> None:
    """An upheld objection: revoke the held certificate, keep its approval and steps
    from travelling, and put its diseases back before the committee."""
    app = session.get(Application, certificate.application_id, with_for_update=True)
    assert app is not None
    if app.state != State.CERTIFICATE_ISSUED.value:  # decided again since: not this one's
        raise NcmsError("notice.case_moved_on")
    certificate.revoked_on = today
    certificate.revoked_reason = finding[:200]
    certificate.version += 1
    certificate.acked_version = certificate.version  # held, never sent: nothing to send
    approved = [d["code"] for d in certificate.diseases]
    session.execute(
        update(Decision)
        .where(
            Decision.application_id == app.id,
            Decision.disease_code.in_(approved),
            Decision.outcome == Outcome.APPROVED,
            Decision.version > Decision.acked_version,
        )
        .values(acked_version=Decision.version)
    )
    for item in session.scalars(
        select(ApplicationDisease).where(
            ApplicationDisease.application_id == app.id,
            ApplicationDisease.disease_code.in_(approved),
        )
    ):
        item.outcome = Outcome.PENDING
    move(session, app, actor, State.UNDER_REVIEW, reasons=[finding])
    # The approval's steps (and this one) stay at the county: the station never saw
    # the approval, and still sees the case under review.
    session.execute(
        update(StateChange)
        .where(
            StateChange.application_id == app.id,
            StateChange.acked.is_(False),
            or_(
                StateChange.to_state.in_(
                    [
                        State.APPROVED.value,
                        State.PARTLY_APPROVED.value,
                        State.CERTIFICATE_ISSUED.value,
                    ]
                ),
                StateChange.from_state == State.CERTIFICATE_ISSUED.value,
            ),
        )
        .values(acked=True)
    )
    audit.record(
        session,
        actor,
        "certificate.set_aside",
        "certificate",
        certificate.id,
        after={"number": certificate.number, "reason": finding},
    )


def issued_diseases(session: Session, application_id: uuid.UUID) -> set[str]:
    """The diseases certificates of the application were issued for, standing or
    ended since, but not those set aside by an upheld objection."""
    set_aside = select(Objection.id).where(
        Objection.certificate_id == Certificate.id, Objection.outcome == UPHELD
    )
    return {
        d["code"]
        for diseases in session.scalars(
            select(Certificate.diseases).where(
                Certificate.application_id == application_id, ~set_aside.exists()
            )
        )
        for d in diseases
    }
