"""The annual review (年审) of a certificate at its station: each year's date, result
and who recorded it. The certificate has REVIEW_YEARS boxes for the stamps; the n-th
review recorded is printed into the n-th box, on a pre-printed booklet as values only, with
the printer's calibrated offsets (app/printing/certificate_pdf.py)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from app.certificates.events import (
    ANNUAL_REVIEW,
    earlier_events,
    record_event,
    review_year_problems,
)
from app.db.database import Database
from app.db.models import Application, Certificate, CertificateEvent
from app.domain.text import text_problems
from app.domain.workflow import STATION_ROLES
from app.errors import NcmsError, Problem, ValidationError
from app.security import audit
from app.security.actor import Actor, require_role

RESULT_LIMIT = 20


@dataclass(frozen=True)
class Review:
    year: int
    result: str
    on: date
    box: int  # 0-based: which of the certificate's boxes it is printed in
    certificate_id: uuid.UUID | None = None


class AnnualReviewService:
    def __init__(self, db: Database, today: Callable[[], date] = date.today) -> None:
        self.db = db
        self.today = today

    def record(
        self,
        actor: Actor,
        number: str,
        result: str,
        year: int | None = None,
        on: date | None = None,
    ) -> Review:
        """Record the review of `year` on `on` (today). Unless told, the year is this
        one, or the certificate's first when it has not started yet (a review done in
        the last weeks of the year before)."""
        require_role(actor, STATION_ROLES, "certificate.annual_review")
        today = self.today()
        on = on or today
        result = result.strip()
        with self.db.session() as session:
            certificate = session.execute(
                select(Certificate).where(Certificate.number == number.strip()).with_for_update()
            ).scalar_one_or_none()
            if certificate is None:
                raise NcmsError("handout.unknown_certificate", number=number)
            year = year or max(on.year, certificate.valid_from.year)
            earlier = earlier_events(session, certificate)
            reviewed = [e.year for e in earlier if e.kind == ANNUAL_REVIEW]
            problems = _problems(certificate, result, year, on, today, reviewed)
            if problems:
                raise ValidationError(problems)
            app = session.get(Application, certificate.application_id)
            assert app is not None
            event = CertificateEvent(
                certificate_id=certificate.id,
                station_code=app.station_code,
                kind=ANNUAL_REVIEW,
                happened_on=on,
                year=year,
                recorded_by=actor.username,
                note=result,
                updated_by=actor.username,
            )
            record_event(session, event, certificate, today)
            audit.record(
                session,
                actor,
                "certificate.annual_review",
                "certificate",
                certificate.id,
                after={"year": year, "result": result, "on": on.isoformat()},
            )
        # The next free box: boxes fill as reviews are recorded, as the stamps are put
        # on the card, whatever year each is for.
        return Review(year, result, on, len(reviewed), certificate.id)


def _problems(
    certificate: Certificate,
    result: str,
    year: int,
    on: date,
    today: date,
    reviewed: list[int | None],
) -> list[Problem]:
    if certificate.revoked_on is not None:
        return [Problem("number", "handout.revoked", {"number": certificate.number})]
    problems = []
    if not result:
        problems.append(Problem("result", "review_year.result_needed"))
    problems += text_problems("result", result, RESULT_LIMIT)
    problems += review_year_problems(certificate, year, reviewed)
    if on > today:
        problems.append(Problem("on", "handout.future"))
    return problems


def reviews_of(events: list[CertificateEvent]) -> tuple[Review, ...]:
    """A certificate's reviews in box order: the order they were recorded in."""
    ordered = sorted((e for e in events if e.year is not None), key=lambda e: e.created_at)
    return tuple(Review(e.year or 0, e.note, e.happened_on, box) for box, e in enumerate(ordered))
