"""The kinds of thing that happen to a certificate at its station, and the rules every
such record keeps: checked where the counter records one and again where the county
takes one from a station's package (one function, so the two cannot drift apart).

The counter's own checks come first and name the field a clerk typed into; these are
what a record must be whoever made it.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import Certificate, CertificateEvent
from app.domain.identity import parse_id_number
from app.domain.names import clean_name
from app.errors import Problem, ValidationError

HAND_OUT = "hand_out"
ANNUAL_REVIEW = "annual_review"
REPORT_LOST = "report_lost"  # 挂失: the county issues a replacement
CANCEL = "cancel"  # 注销: the county ends the certificate on the day reported
KINDS = (HAND_OUT, ANNUAL_REVIEW, REPORT_LOST, CANCEL)

COLLECTORS = ("applicant", "agent")
LOSS_CAUSES = ("lost", "damaged")
CANCEL_CAUSES = ("death", "moved", "insurance_ended")
REVIEW_YEARS = 4  # boxes on the certificate for the annual reviews
# How a cause is said on Chinese paper (a revocation's reason, the 2504's memo).
CAUSE_WORDS = {
    "lost": "遗失",
    "damaged": "损毁",
    "death": "死亡",
    "moved": "迁出",
    "insurance_ended": "参保终止",
}


def review_year_problems(
    certificate: Certificate, year: int, reviewed: Sequence[int | None]
) -> list[Problem]:
    """A review's year: within the certificate's validity, once, while a box is free."""
    last = certificate.valid_until.year if certificate.valid_until else None
    if year < certificate.valid_from.year or (last is not None and year > last):
        return [
            Problem(
                "year",
                "review_year.outside",
                {"year": year, "first": certificate.valid_from.year, "last": last or "—"},
            )
        ]
    if year in reviewed:
        return [Problem("year", "review_year.already", {"year": year})]
    if len(reviewed) >= REVIEW_YEARS:
        return [Problem("year", "review_year.no_box", {"boxes": REVIEW_YEARS})]
    return []


def earlier_events(session: Session, certificate: Certificate) -> list[CertificateEvent]:
    """What was recorded about `certificate`, and the annual reviews of those it
    replaces: a replacement carries the years already reviewed, in their boxes."""
    found = list(
        session.scalars(
            select(CertificateEvent).where(CertificateEvent.certificate_id == certificate.id)
        )
    )
    for replaced in predecessors(session, certificate):
        found += session.scalars(
            select(CertificateEvent).where(
                CertificateEvent.certificate_id == replaced,
                CertificateEvent.kind == ANNUAL_REVIEW,
            )
        )
    return found


def predecessors(session: Session, certificate: Certificate) -> list[uuid.UUID]:
    """The certificates `certificate` replaces, the latest first."""
    found: list[uuid.UUID] = []
    current = certificate.replaces_id
    while current is not None and current not in found and current != certificate.id:
        found.append(current)
        current = session.scalar(select(Certificate.replaces_id).where(Certificate.id == current))
    return found


def record_event(
    session: Session, event: CertificateEvent, certificate: Certificate, today: date
) -> None:
    """Add `event` at the counter, once it keeps the rules (ValidationError if not)."""
    problems = event_problems(event, certificate, earlier_events(session, certificate), today)
    if problems:
        raise ValidationError(problems)
    session.add(event)
    session.flush()


def event_problems(
    event: CertificateEvent,
    certificate: Certificate,
    earlier: Sequence[CertificateEvent],
    today: date,
) -> list[Problem]:
    """What is wrong with `event` about `certificate`, given the events recorded
    about it before (`earlier`, the event itself left out); [] when nothing."""
    if event.kind not in KINDS:
        return [Problem("kind", "event.unknown_kind", {"kind": event.kind})]
    problems: list[Problem] = []
    if event.happened_on > today:
        problems.append(Problem("on", "handout.future"))
    elif event.happened_on < certificate.issued_on:
        problems.append(Problem("on", "event.before_issue", {"issued": certificate.issued_on}))
    if any(e.kind == CANCEL for e in earlier):
        problems.append(Problem("number", "event.cancelled", {"number": certificate.number}))
    if event.kind == HAND_OUT:
        problems += _hand_out_problems(event, earlier, today)
    elif event.kind == ANNUAL_REVIEW:
        if event.year is None:
            problems.append(Problem("year", "event.year_needed"))
        else:
            reviewed = [e.year for e in earlier if e.kind == ANNUAL_REVIEW]
            problems += review_year_problems(certificate, event.year, reviewed)
        if not event.note.strip():
            problems.append(Problem("result", "review_year.result_needed"))
    elif event.kind == REPORT_LOST:
        if event.cause not in LOSS_CAUSES:
            problems.append(Problem("cause", "event.unknown_cause", {"cause": event.cause}))
        if any(e.kind == REPORT_LOST for e in earlier):
            problems.append(Problem("number", "loss.already", {"number": certificate.number}))
    elif event.cause not in CANCEL_CAUSES:
        problems.append(Problem("cause", "event.unknown_cause", {"cause": event.cause}))
    return problems


def _hand_out_problems(
    event: CertificateEvent, earlier: Sequence[CertificateEvent], today: date
) -> list[Problem]:
    if any(e.kind == HAND_OUT for e in earlier):
        return [Problem("number", "event.handed_out_twice")]
    if event.collector not in COLLECTORS:
        return [Problem("collector", "event.unknown_collector", {"collector": event.collector})]
    problems: list[Problem] = []
    try:
        parse_id_number(event.collector_id_number, today=today)
        clean_name(event.collector_name)
    except ValidationError as err:
        problems += err.problems
    return problems
