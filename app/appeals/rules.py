"""What an appeal must be, checked where the counter records one and again where the
county takes one from a station's package (one function, so the two cannot drift).

An appeal is about the committee's rejection: the day of it starts the catalogue's
`appeal_days`, the same deadline the rejection notice prints.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.certificates.events import CANCEL
from app.db.models import Appeal, Application, Certificate, CertificateEvent, Decision
from app.domain.catalogue import Rules
from app.domain.text import text_problems
from app.domain.vocabulary import Outcome
from app.domain.workflow import State, state_term
from app.errors import Problem
from app.intake.rules import open_duplicates

APPEALABLE = (State.REJECTED.value, State.CERTIFICATE_ISSUED.value)
MAX_REASON = 200  # one reason, as the clerk writes it down
MAX_REASONS = 10


def appeal_deadline(rejected_on: date, rules: Rules) -> date:
    """The last day to appeal a rejection of `rejected_on` (printed on its notice)."""
    return rejected_on + timedelta(days=rules.appeal_days)


@dataclass(frozen=True)
class Rejection:
    """The committee's rejection an appeal is about: when, and which diseases."""

    on: date
    diseases: tuple[str, ...]  # codes, in the application's order
    deadline: date
    reasons: dict[str, tuple[str, ...]]  # the committee's, per disease rejected


def rejection_of(session: Session, app: Application, rules: Rules) -> Rejection | None:
    """The application's rejection: its diseases the committee rejected, by their
    newest decision, and the day of the last of them. None when nothing is rejected."""
    decisions = session.scalars(
        select(Decision)
        .where(Decision.application_id == app.id, Decision.conflict.is_(False))
        .order_by(Decision.decided_on, Decision.created_at)
    ).all()
    newest = {d.disease_code: d for d in decisions}
    rejected = [
        newest[d.disease_code]
        for d in sorted(app.diseases, key=lambda d: d.position)
        if d.outcome == Outcome.REJECTED and d.disease_code in newest
    ]
    if not rejected:
        return None
    on = max(d.decided_on for d in rejected)
    # As each rejection fixed it; one decided before deadlines were kept, by today's rule.
    deadline = max(d.appeal_by or appeal_deadline(d.decided_on, rules) for d in rejected)
    return Rejection(
        on,
        tuple(d.disease_code for d in rejected),
        deadline,
        {d.disease_code: tuple(d.reasons) for d in rejected},
    )


def standing(
    session: Session, app: Application, rules: Rules, appeal_id: object = None
) -> tuple[Problem | None, Rejection | None]:
    """Whether `app` may be appealed at all (the problem if not) and its rejection: a
    rejected application not appealed before (`appeal_id`: the appeal in hand).

    A partly approved file may be appealed for its rejected diseases (an approval on
    appeal then gets a certificate of its own, app/review/committee.py)."""
    if app.state not in APPEALABLE:
        return Problem("application", "appeal.not_rejected", {"state": state_term(app.state)}), None
    other = session.scalars(
        select(Appeal.id).where(Appeal.application_id == app.id, Appeal.id != appeal_id)
    ).first()
    if other is not None:
        return Problem("application", "appeal.already", {"number": app.number}), None
    rejection = rejection_of(session, app, rules)
    if rejection is None:
        return Problem("application", "appeal.no_rejection", {"number": app.number}), None
    return None, rejection


def standing_certificates(session: Session, application_id: object) -> list[Certificate]:
    """The application's certificates not revoked, ended or set aside, nor cancelled
    at the station (the county ends it when the report arrives)."""
    cancelled = select(CertificateEvent.id).where(
        CertificateEvent.certificate_id == Certificate.id, CertificateEvent.kind == CANCEL
    )
    return list(
        session.scalars(
            select(Certificate).where(
                Certificate.application_id == application_id,
                Certificate.revoked_on.is_(None),
                ~cancelled.exists(),
            )
        )
    )


def certificate_ended(session: Session, app: Application) -> Problem | None:
    """The counter's rule for a partly approved file: not once its certificate has
    ended (the holder died, moved away). Not the county's: the card may end there
    after the appeal was lodged, and refusing the appeal would then refuse every
    package the station sends after it."""
    if app.state != State.CERTIFICATE_ISSUED.value or standing_certificates(session, app.id):
        return None
    return Problem("application", "appeal.certificate_ended", {"number": app.number})


def reopen(app: Application, codes: Sequence[str]) -> None:
    """The appealed diseases pending again, on either side: the committee takes them
    again, and meanwhile the counter's seed rule holds them."""
    for disease in app.diseases:
        if disease.disease_code in codes:
            disease.outcome = Outcome.PENDING.value


def appeal_problems(
    session: Session, appeal: Appeal, app: Application, rules: Rules, today: date
) -> list[Problem]:
    """Every problem of `appeal` on `app` (held, not yet moved): a rejected
    application, not appealed before, within its days, with reasons and only its
    rejected diseases. Each problem names the field it is about."""
    refused, rejection = standing(session, app, rules, appeal.id)
    if refused is not None:
        return [refused]
    assert rejection is not None  # standing gives one or the other
    problems = _reason_problems(appeal.reasons)
    codes = list(appeal.disease_codes)
    if not codes:
        problems.append(Problem("diseases", "appeal.disease_required"))
    elif len(set(codes)) != len(codes) or not set(codes) <= set(rejection.diseases):
        problems.append(
            Problem("diseases", "appeal.not_rejected_disease", {"diseases": ", ".join(codes)})
        )
    else:
        # The seed rule, as for a new application: the applicant may since have applied
        # again for the disease, and an appeal approved too would be a second certificate.
        problems += [
            Problem("diseases", "appeal.open_elsewhere", {"number": number, "disease": code})
            for _, number, _, code in open_duplicates(
                session, Application.person_id == app.person_id, codes, app.id, app.kind
            )
        ]
    if appeal.lodged_on > today:
        problems.append(Problem("lodged_on", "appeal.in_future"))
    elif appeal.lodged_on < rejection.on:
        problems.append(
            Problem("lodged_on", "appeal.before_rejection", {"on": rejection.on.isoformat()})
        )
    elif appeal.lodged_on > rejection.deadline:
        problems.append(
            Problem(
                "lodged_on",
                "appeal.too_late",
                {"deadline": rejection.deadline.isoformat(), "days": rules.appeal_days},
            )
        )
    return problems


def _reason_problems(reasons: Sequence[str]) -> list[Problem]:
    if not [r for r in reasons if r.strip()]:
        return [Problem("reasons", "appeal.reason_required")]
    if len(reasons) > MAX_REASONS:
        return [Problem("reasons", "appeal.too_many_reasons", {"max": MAX_REASONS})]
    return [p for reason in reasons for p in text_problems("reasons", reason, MAX_REASON)]
