"""The county's expert review: the agenda of waiting cases and recording the
committee's decisions, with certificate numbers for what it approved.

One case is one disease of one application (an application may be partly approved).
The committee's sheet is checked as a whole and every problem reported at once; only
a clean sheet is recorded, in one transaction, so numbers are never skipped.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import Session, selectinload

from app import workflow
from app.certificates.seal import certificate_data, sign_certificate
from app.db.counters import next_number
from app.db.database import Database
from app.db.models import (
    Appeal,
    Application,
    Certificate,
    ChecklistItem,
    Decision,
    Disease,
    Document,
    Hospital,
    Installation,
)
from app.domain.identity import mask_id_number
from app.domain.quarters import quarter_start
from app.domain.validity import benefit_start, certificate_end, validity_end
from app.domain.vocabulary import DECISION_OUTCOMES, ChecklistStatus, InstallationRole, Outcome
from app.domain.workflow import COUNTY_ROLES, State
from app.errors import NcmsError, Problem, ValidationError
from app.intake.catalogue import rules_in
from app.intake.rules import age_on
from app.review.duplicates import unresolved_problem
from app.review.notice import NoticePeriod, issued_diseases, open_notice_in
from app.security import audit
from app.security.actor import Actor, require_role

# An appealed application waits with the rest: its appealed diseases are pending again.
WAITING = (State.COUNTY_RECEIVED, State.UNDER_REVIEW, State.EXAM_REQUIRED, State.APPEALED)
_SPLIT_REASONS = re.compile(r"[;；\n]+")


@dataclass(frozen=True)
class Case:
    application_id: uuid.UUID
    application_number: str
    station_code: str
    kind: str
    name: str
    masked_id: str
    age: int
    disease_code: str
    disease_name: str
    category: str
    hospital: str
    hospital_level: str
    diagnosis_date: date | None
    doctor: str
    materials: str  # "provided 6 of 6"
    documents: int
    duplicate: bool
    state: str
    pending: bool = True  # still waiting for the committee's conclusion
    # The applicant appealed the committee's rejection: when and why, for the meeting.
    appeal: AppealNote | None = None


@dataclass(frozen=True)
class AppealNote:
    lodged_on: date
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class CaseDecision:
    row: int  # where it came from, for messages
    application_number: str
    disease_code: str
    outcome: str
    reasons: str
    experts: tuple[str, ...]
    category: str = ""  # approved: the category set, "" for the catalogue's
    exam_hospital: str = ""  # exam required: the designated hospital (code or name) …
    exam_by: date | None = None  # … and the date the examination is due by


@dataclass(frozen=True)
class RecordResult:
    decisions: int
    applications: int
    certificates: list[str]


class ReviewService:
    def __init__(self, db: Database, today: Callable[[], date] = date.today) -> None:
        self.db = db
        self.today = today

    def require_county(self) -> None:
        """A station holds mirrors of its applications in the committee's states; the
        committee's work on them happens only at the county."""
        if self.db.installation().role != InstallationRole.COUNTY:
            raise NcmsError("review.county_only")

    def agenda(self) -> list[Case]:
        """Every disease still pending on an application waiting for the committee."""
        self.require_county()
        with self.db.reader() as session:
            query = (
                select(Application)
                .where(Application.state.in_([s.value for s in WAITING]))
                .order_by(Application.station_code, Application.number)
            )
            return [c for c in cases_of(session, query, self.today()) if c.pending]

    def examination_hospital(self) -> str:
        """The code of a designated hospital, county level first (the nearest that
        may examine), where the training committee sends an applicant."""
        order = {"county": 0, "municipal": 1, "provincial": 2}
        with self.db.reader() as session:
            found = session.scalars(
                select(Hospital).where(Hospital.designated.is_(True), Hospital.active.is_(True))
            ).all()
            ranked = sorted(found, key=lambda h: (order.get(h.level, 9), h.code))
            return ranked[0].code if ranked else ""

    # -- recording ---------------------------------------------------------------------

    def check(self, rows: Sequence[CaseDecision]) -> list[Problem]:
        """Every problem of the sheet, each naming its row."""
        waiting = {(c.application_number, c.disease_code) for c in self.agenda()}
        rules = self.rules()
        problems: list[Problem] = []
        seen: set[tuple[str, str]] = set()
        for row in rows:
            where = f"row {row.row}"
            key = (row.application_number, row.disease_code)
            if key not in waiting:
                problems.append(
                    Problem(where, "review.unknown_case", {"number": key[0], "disease": key[1]})
                )
                continue
            if key in seen:
                problems.append(Problem(where, "review.duplicate_row", {"number": key[0]}))
            seen.add(key)
            problems += [replace(p, field=where) for p in rules.problems(row)]
        # Where approving would give one person two certificates for one disease.
        approved = {
            r.application_number: f"row {r.row}" for r in rows if r.outcome == Outcome.APPROVED
        }
        if approved:
            with self.db.reader() as session:
                for app in session.scalars(
                    select(Application).where(Application.number.in_(approved))
                ):
                    problem = unresolved_problem(session, app, approved[app.number])
                    if problem is not None:
                        problems.append(problem)
        return problems

    def rules(self) -> ConclusionRules:
        """What a conclusion is checked against: the same for the sheet and the meeting."""
        with self.db.reader() as session:
            return ConclusionRules(
                categories=frozenset(session.scalars(select(Disease.category).distinct())),
                designated=_designated(session),
                today=self.today(),
            )

    def record(
        self,
        actor: Actor,
        rows: Sequence[CaseDecision],
        signer: Ed25519PrivateKey,
        notice: NoticePeriod | None = None,
    ) -> RecordResult:
        """Record a clean sheet; `signer` is the county's key, which seals each
        certificate issued (its QR code); `notice`: the public notice that holds the
        certificates until it closes, opened in the same transaction."""
        require_role(actor, COUNTY_ROLES, "review.record")
        self.require_county()
        problems = self.check(rows) + (notice.problems(self.today()) if notice else [])
        if problems:
            raise ValidationError(problems)
        with self.db.session() as session:
            recorded = self.record_in(session, actor, rows, signer)
            if notice is not None and recorded.certificates:
                open_notice_in(session, actor, None, recorded.certificates, notice)
            return recorded

    def record_in(
        self,
        session: Session,
        actor: Actor,
        rows: Sequence[CaseDecision],
        signer: Ed25519PrivateKey,
    ) -> RecordResult:
        """Record checked rows in the caller's transaction (a meeting closes in the
        same one, so its conclusions are recorded whole or not at all)."""
        today = self.today()
        me = session.scalars(select(Installation)).one()
        by_app: dict[str, list[CaseDecision]] = {}
        for row in rows:
            by_app.setdefault(row.application_number, []).append(row)
        certificates: list[str] = []
        for number, decided in by_app.items():
            app = session.scalars(select(Application).where(Application.number == number)).one()
            issued = self._decide(session, actor, app, decided, today, me, signer)
            if issued:
                certificates.append(issued)
        return RecordResult(len(rows), len(by_app), certificates)

    def _decide(
        self,
        session: Session,
        actor: Actor,
        app: Application,
        rows: list[CaseDecision],
        today: date,
        me: Installation,
        signer: Ed25519PrivateKey,
    ) -> str | None:
        county = me.code
        # The deadline a rejection's notice prints, fixed now (app/appeals/rules.py).
        appeal_days = rules_in(me.settings).appeal_days
        for row in rows:
            session.add(
                Decision(
                    application_id=app.id,
                    application_version=app.version,
                    disease_code=row.disease_code,
                    outcome=row.outcome,
                    reasons=[r.strip() for r in _SPLIT_REASONS.split(row.reasons) if r.strip()],
                    experts=[e.strip() for e in row.experts if e.strip()],
                    category=row.category.strip() if row.outcome == Outcome.APPROVED else "",
                    exam_hospital_code=(
                        exam_hospital(session, row.exam_hospital)
                        if row.outcome == Outcome.EXAM_REQUIRED
                        else None
                    ),
                    exam_by=row.exam_by if row.outcome == Outcome.EXAM_REQUIRED else None,
                    decided_on=today,
                    appeal_by=today + timedelta(days=appeal_days)
                    if row.outcome == Outcome.REJECTED
                    else None,
                    county_code=county,
                    updated_by=actor.username,
                )
            )
            for item in app.diseases:
                if item.disease_code == row.disease_code and row.outcome in (
                    Outcome.APPROVED,
                    Outcome.REJECTED,
                ):
                    item.outcome = row.outcome
        session.flush()
        outcomes = {r.disease_code: r.outcome for r in rows}
        if app.state == State.EXAM_REQUIRED.value:
            workflow.move(session, app, actor, State.UNDER_REVIEW)
        target = self._target(app, outcomes)
        if target is None:  # a disease is still to be decided
            if app.state == State.COUNTY_RECEIVED.value:
                workflow.move(session, app, actor, State.UNDER_REVIEW)
            return None
        reasons = [r.reasons for r in rows if r.reasons.strip()]
        workflow.move(session, app, actor, target, reasons=reasons)
        if target not in (State.APPROVED, State.PARTLY_APPROVED):
            return None
        categories = {r.disease_code: r.category.strip() for r in rows if r.category.strip()}
        number = self._certificate(session, app, me, today, signer, categories)
        workflow.move(session, app, actor, State.CERTIFICATE_ISSUED)
        return number

    @staticmethod
    def _target(app: Application, outcomes: dict[str, str]) -> State | None:
        found = [outcomes.get(d.disease_code, d.outcome) for d in app.diseases]
        if Outcome.SUPPLEMENT_REQUESTED in found:
            return State.AWAITING_MATERIALS
        if Outcome.EXAM_REQUIRED in found:
            return State.EXAM_REQUIRED
        if Outcome.PENDING in found:
            return None
        if all(f == Outcome.APPROVED for f in found):
            return State.APPROVED
        if all(f == Outcome.REJECTED for f in found):
            return State.REJECTED
        return State.PARTLY_APPROVED

    @staticmethod
    def _certificate(
        session: Session,
        app: Application,
        me: Installation,
        today: date,
        signer: Ed25519PrivateKey,
        categories: dict[str, str],
    ) -> str | None:
        """The certificate of the approved diseases no earlier certificate of `app`
        was issued for, its number; None when there are none. Those issued are a
        partly approved file's, appealed for the rest: the approval on appeal is a
        certificate of its own, so the one in the holder's hands (handed out, stamped,
        filed with the national platform) stays as it is — and one ended meanwhile
        (death, moved away, revoked) is not issued again. A certificate set aside by an
        upheld objection does not count: its approval was undone. `categories`: the
        committee's category per disease where it set one."""
        county = me.code
        held = issued_diseases(session, app.id)
        approved = [
            item
            for item in app.diseases
            if item.outcome == Outcome.APPROVED and item.disease_code not in held
        ]
        if not approved:  # the appeal dismissed: the standing certificate is the answer
            return None
        start = renewal_start(session, app) or benefit_start(app.quarter or quarter_start(today))
        diseases = []
        ends = []
        for item in approved:
            disease = session.get(Disease, item.disease_code)
            assert disease is not None
            end = validity_end(disease.validity_rule, start)
            ends.append(end)
            diseases.append(
                {
                    "code": disease.code,
                    "category": categories.get(disease.code, disease.category),
                    "valid_until": end.isoformat() if end else None,
                }
            )
        certificate = Certificate(
            number=take_certificate_number(session, county, start.year),
            application_id=app.id,
            person_id=app.person_id,
            diseases=diseases,
            valid_from=start,
            valid_until=certificate_end(ends),
            issued_on=today,
            county_code=county,
        )
        # A training county's seal says so: its certificates are practice, not benefits.
        certificate.seal = sign_certificate(
            certificate_data(certificate, app.person, training=me.training), signer
        )
        session.add(certificate)
        session.flush()
        audit.record(
            session,
            Actor.system("review"),
            "certificate.issue",
            "certificate",
            certificate.id,
            after={"number": certificate.number, "application": app.number},
        )
        return certificate.number


def renewal_start(session: Session, app: Application) -> date | None:
    """A renewal's first day: the day after the certificate it renews ends, so the
    benefit neither stops nor runs twice (checked again here: a renewal names its
    applicant's own certificate, which has an end)."""
    if app.renews_id is None:
        return None
    renewed = session.get(Certificate, app.renews_id)
    if renewed is None or renewed.person_id != app.person_id or renewed.valid_until is None:
        return None
    return renewed.valid_until + timedelta(days=1)


def take_certificate_number(session: Session, county: str, year: int) -> str:
    """County code + year + sequence: the counter is taken in the caller's
    transaction, so a failed recording gives the number back and none is reused."""
    seq = next_number(session, f"certificate:{county}:{year}")
    return f"{county}{year}{seq:06d}"


def _designated(session: Session) -> dict[str, str]:
    """Designated hospitals by code and by name → code (the sheet may give either)."""
    found: dict[str, str] = {}
    for hospital in session.scalars(
        select(Hospital).where(Hospital.designated.is_(True), Hospital.active.is_(True))
    ):
        found[hospital.code] = hospital.code
        found[hospital.name] = hospital.code
    return found


def exam_hospital(session: Session, given: str) -> str | None:
    """The code of the designated hospital `given` names (its code or its name)."""
    return _designated(session).get(given.strip())


@dataclass(frozen=True)
class ConclusionRules:
    """The checks one conclusion passes, wherever it was typed (the committee's
    sheet or the meeting's window); each problem names the field it is about."""

    categories: frozenset[str]
    designated: dict[str, str]  # designated hospitals: code or name → code
    today: date

    def problems(self, row: CaseDecision) -> list[Problem]:
        problems = []
        if not row.outcome.strip():
            problems.append(Problem("outcome", "review.outcome_required"))
        elif row.outcome not in DECISION_OUTCOMES:
            problems.append(Problem("outcome", "review.bad_outcome", {"outcome": row.outcome}))
        elif row.outcome != Outcome.APPROVED and not row.reasons.strip():
            problems.append(Problem("reasons", "review.reason_required"))
        category = row.category.strip()
        if row.outcome == Outcome.APPROVED and category and category not in self.categories:
            problems.append(Problem("category", "review.bad_category", {"category": category}))
        if row.outcome == Outcome.EXAM_REQUIRED:
            problems += self._examination(row)
        named = [e.strip() for e in row.experts if e.strip()]
        if len(set(named)) < 2:
            # Seed rule (some counties): two experts' consistent opinion; one name
            # twice is one expert.
            key = "review.same_expert" if len(named) >= 2 else "review.two_experts"
            problems.append(Problem("experts", key))
        return problems

    def _examination(self, row: CaseDecision) -> list[Problem]:
        """A designated hospital, and a date not already past."""
        problems = []
        if not row.exam_hospital.strip():
            problems.append(Problem("exam_hospital", "review.exam_hospital_required"))
        elif row.exam_hospital.strip() not in self.designated:
            problems.append(
                Problem(
                    "exam_hospital", "review.exam_hospital_unknown", {"hospital": row.exam_hospital}
                )
            )
        if row.exam_by is None:
            problems.append(Problem("exam_by", "review.exam_date_required"))
        elif row.exam_by < self.today:
            problems.append(Problem("exam_by", "review.exam_date_past"))
        return problems


def cases_of(session: Session, query: Select[Application], today: date) -> list[Case]:
    """The cases (one per declared disease) of the applications `query` selects, in
    its order."""
    # Counted for these applications only: one case of a meeting must not count the
    # documents of every application the county holds.
    chosen = query.with_only_columns(Application.id).order_by(None)
    docs = dict(
        session.execute(
            select(Document.application_id, func.count())
            .where(Document.application_id.in_(chosen))
            .group_by(Document.application_id)
        ).all()
    )
    # (provided, listed) materials per application, counted by the database: an
    # agenda of thousands need not load every checklist line as an object.
    provided_case = case((ChecklistItem.status == ChecklistStatus.PROVIDED.value, 1), else_=0)
    materials = {
        app_id: (int(provided or 0), listed)
        for app_id, provided, listed in session.execute(
            select(ChecklistItem.application_id, func.sum(provided_case), func.count())
            .where(ChecklistItem.application_id.in_(chosen))
            .group_by(ChecklistItem.application_id)
        )
    }
    appeals = {
        app_id: AppealNote(lodged_on, tuple(reasons))
        for app_id, lodged_on, reasons in session.execute(
            select(Appeal.application_id, Appeal.lodged_on, Appeal.reasons).where(
                Appeal.application_id.in_(chosen)
            )
        )
    }
    apps = session.scalars(
        query.options(selectinload(Application.diseases), selectinload(Application.person))
    ).all()
    diseases = {d.code: d for d in session.scalars(select(Disease))}
    hospitals = {h.code: h for h in session.scalars(select(Hospital))}
    cases = []
    for app in apps:
        provided, listed = materials.get(app.id, (0, 0))
        hospital = hospitals.get(app.hospital_code or "")
        for item in app.diseases:
            disease = diseases[item.disease_code]
            cases.append(
                Case(
                    application_id=app.id,
                    application_number=app.number,
                    station_code=app.station_code,
                    kind=app.kind,
                    name=app.person.name,
                    masked_id=mask_id_number(app.person.id_number),
                    age=age_on(app.person.birth_date, today),
                    disease_code=disease.code,
                    disease_name=disease.name_zh,
                    category=disease.category,
                    hospital=hospital.name if hospital else "",
                    hospital_level=hospital.level if hospital else "",
                    diagnosis_date=app.diagnosis_date,
                    doctor=app.doctor_name,
                    materials=f"{provided}/{listed}",
                    documents=docs.get(app.id, 0),
                    duplicate=app.duplicate_of is not None,
                    state=app.state,
                    pending=item.outcome == Outcome.PENDING and app.state in WAITING,
                    appeal=appeals.get(app.id),
                )
            )
    return cases
