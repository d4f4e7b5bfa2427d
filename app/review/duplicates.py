"""Cross-station duplicates at the county: the same person and disease open at two
stations (seed rule: one pending or active application per person and disease).

The import flags a file (`Application.duplicate_of`, see `flag_for`); a county reviewer
looks at both files side by side and decides. "Duplicate": one of the two is withdrawn
with the reason, a county step like any other, so it travels to its station in the
county's next package as the application's state and the station mirrors it
(app/sync/apply.py StationApplier._states). "Not a duplicate": the flag is cleared and
the verdict kept, so no later import flags the pair again.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app import workflow
from app.appeals.rules import standing_certificates
from app.db.database import Database
from app.db.models import Application, DuplicateReview, Person
from app.domain.vocabulary import Outcome
from app.domain.workflow import CLOSED_STATES, COUNTY_ROLES, State
from app.errors import NcmsError, NotFound, Problem, ValidationError
from app.intake.rules import open_duplicates, record_text_problems
from app.review.notice import issued_diseases
from app.security import audit
from app.security.actor import Actor, require_role


class Verdict(StrEnum):
    DUPLICATE = "duplicate"
    NOT_DUPLICATE = "not_duplicate"


@dataclass(frozen=True)
class DuplicatePair:
    """A flagged file and the open file it duplicates, as the reviewer compares them."""

    flagged: uuid.UUID
    other: uuid.UUID
    shared_diseases: tuple[str, ...]  # the codes both declare, in the flagged file's order


def cleared_with(session: Session, application_id: uuid.UUID) -> set[uuid.UUID]:
    """The files a reviewer found `application_id` not to duplicate, either way round."""
    rows = session.execute(
        select(DuplicateReview.application_id, DuplicateReview.other_id).where(
            DuplicateReview.verdict == Verdict.NOT_DUPLICATE,
            or_(
                DuplicateReview.application_id == application_id,
                DuplicateReview.other_id == application_id,
            ),
        )
    )
    return {b if a == application_id else a for a, b in rows}


def flag_for(
    session: Session, app: Application, unseen: Collection[uuid.UUID] = ()
) -> uuid.UUID | None:
    """The open file `app` duplicates, None for none: the counter's rule at the county,
    across stations and within one alike, but never a pair a reviewer cleared. A
    closed file (withdrawn, rejected …) holds no disease and duplicates nothing.
    `unseen`: files stored already but to be taken as not there yet (those after
    `app` in the package being imported, so that of a pair the later one is flagged)."""
    if State(app.state) in CLOSED_STATES:
        return None
    person = session.get(Person, app.person_id)
    assert person is not None
    # What the file still asks for: not a disease rejected, nor one its certificate
    # holds (a partly approved file appealed for the other).
    issued = issued_diseases(session, app.id)
    asked = [
        d.disease_code
        for d in app.diseases
        if d.outcome != Outcome.REJECTED and d.disease_code not in issued
    ]
    others = open_duplicates(session, Person.id_number == person.id_number, asked, app.id, app.kind)
    cleared = cleared_with(session, app.id) if others else set()
    return next(
        (other for other, *_ in others if other not in cleared and other not in unseen), None
    )


def unresolved_pair(session: Session, app: Application) -> Application | None:
    """The open file `app` is flagged as duplicating while no reviewer has decided the
    pair: approving `app` would give one person two certificates for one disease.
    None when there is none, or the pair was decided ("not a duplicate" clears the
    flag, "duplicate" withdraws one of the two). The file flagged against stays free
    to approve: the flag is on the later of the two."""
    if app.duplicate_of is None:
        return None
    other = session.get(Application, app.duplicate_of)
    if other is None or State(other.state) in CLOSED_STATES:
        return None
    return other


def unresolved_problem(session: Session, app: Application, field: str) -> Problem | None:
    other = unresolved_pair(session, app)
    if other is None:
        return None
    return Problem(
        field, "review.duplicate_unresolved", {"number": app.number, "other": other.number}
    )


class DuplicateService:
    def __init__(self, db: Database) -> None:
        self.db = db

    def pair(self, application_id: uuid.UUID) -> DuplicatePair | None:
        """The flagged pair `application_id` is in: as the flagged file, or as the file
        another one is flagged against (the first such, by number); None for none."""
        with self.db.reader() as session:
            app = session.get(Application, application_id)
            if app is None:
                raise NotFound("application.not_found", id=str(application_id))
            flagged = app
            if app.duplicate_of is None:
                found = session.scalars(
                    select(Application)
                    .where(Application.duplicate_of == app.id)
                    .order_by(Application.number)
                    .limit(1)
                ).first()
                if found is None:
                    return None
                flagged = found
            assert flagged.duplicate_of is not None
            other = session.get(Application, flagged.duplicate_of)
            theirs = {d.disease_code for d in other.diseases} if other is not None else set()
            shared = tuple(d.disease_code for d in flagged.diseases if d.disease_code in theirs)
            return DuplicatePair(flagged.id, flagged.duplicate_of, shared)

    def mark_duplicate(
        self,
        actor: Actor,
        flagged_id: uuid.UUID,
        other_id: uuid.UUID,
        withdrawn_id: uuid.UUID,
        reason: str,
    ) -> None:
        """The two files are one application too many: `withdrawn_id`, one of the pair,
        is withdrawn with `reason` (required); the other stays as it is."""
        require_role(actor, COUNTY_ROLES, "application.duplicate")
        reason = reason.strip()
        problems = [] if reason else [Problem("reason", "duplicate.reason_required")]
        problems += record_text_problems(DuplicateReview, {"reason": reason})
        if withdrawn_id not in (flagged_id, other_id):
            problems.append(Problem("withdrawn", "duplicate.not_in_pair"))
        if problems:
            raise ValidationError(problems)
        with self.db.session() as session:
            flagged = self._flagged(session, flagged_id, other_id)
            withdrawn = session.get(Application, withdrawn_id)
            assert withdrawn is not None  # the flag names a held file
            # A partly approved file under appeal: withdrawing it would leave its
            # certificate for the other diseases on a withdrawn file.
            held = standing_certificates(session, withdrawn.id)
            if held:
                raise ValidationError(
                    [
                        Problem(
                            "withdrawn",
                            "duplicate.holds_certificate",
                            {"number": withdrawn.number, "certificate": held[0].number},
                        )
                    ]
                )
            workflow.move(session, withdrawn, actor, State.WITHDRAWN, [reason])
            self._record(session, actor, flagged, other_id, Verdict.DUPLICATE, reason, withdrawn_id)
            # The withdrawn file holds nothing now: whatever was flagged against it is
            # looked at again (a third station's file may duplicate the one kept).
            self._reflag(
                session,
                [
                    flagged,
                    *session.scalars(
                        select(Application).where(Application.duplicate_of == withdrawn_id)
                    ),
                ],
            )

    def mark_not_duplicate(
        self, actor: Actor, flagged_id: uuid.UUID, other_id: uuid.UUID, reason: str = ""
    ) -> None:
        """Both files stand (two people with one ID number typed wrong, a renewal …):
        the flag is cleared and stays cleared whatever is imported again."""
        require_role(actor, COUNTY_ROLES, "application.duplicate")
        reason = reason.strip()
        problems = record_text_problems(DuplicateReview, {"reason": reason})
        if problems:
            raise ValidationError(problems)
        with self.db.session() as session:
            flagged = self._flagged(session, flagged_id, other_id)
            self._record(session, actor, flagged, other_id, Verdict.NOT_DUPLICATE, reason)
            session.flush()
            self._reflag(session, [flagged])

    @staticmethod
    def _flagged(session: Session, flagged_id: uuid.UUID, other_id: uuid.UUID) -> Application:
        """The flagged file, locked, still flagged against `other_id`: another desk may
        have decided the pair since this one opened it."""
        flagged = session.get(Application, flagged_id, with_for_update=True)
        if flagged is None:
            raise NotFound("application.not_found", id=str(flagged_id))
        if flagged.duplicate_of != other_id:
            raise NcmsError("duplicate.already_decided", number=flagged.number)
        return flagged

    @staticmethod
    def _record(
        session: Session,
        actor: Actor,
        flagged: Application,
        other_id: uuid.UUID,
        verdict: Verdict,
        reason: str,
        withdrawn_id: uuid.UUID | None = None,
    ) -> None:
        review = DuplicateReview(
            application_id=flagged.id,
            other_id=other_id,
            verdict=verdict.value,
            withdrawn_id=withdrawn_id,
            reason=reason,
            decided_by=actor.username,
        )
        session.add(review)
        audit.record(
            session,
            actor,
            "application.duplicate",
            "application",
            flagged.id,
            before={"duplicate_of": str(other_id)},
            after={
                "verdict": verdict.value,
                "withdrawn": str(withdrawn_id) if withdrawn_id else None,
                "reason": reason,
            },
        )

    @staticmethod
    def _reflag(session: Session, apps: list[Application]) -> None:
        session.flush()
        for app in apps:
            app.duplicate_of = flag_for(session, app)
