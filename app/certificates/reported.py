"""What a station reports to its county about a certificate it cannot change itself:
a certificate lost or damaged (挂失), which the county replaces under a new number,
and a cancellation (注销: the holder died, moved away, or their insurance ended),
with which the county ends the certificate on the day reported. Both are recorded
here as certificate events, audited, and travel with the next package.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from app.certificates.events import (
    CANCEL,
    CANCEL_CAUSES,
    LOSS_CAUSES,
    REPORT_LOST,
    record_event,
)
from app.db.database import Database
from app.db.models import Application, Certificate, CertificateEvent
from app.domain.text import text_problems
from app.domain.workflow import STATION_ROLES
from app.errors import NcmsError, Problem, ValidationError
from app.security import audit
from app.security.actor import Actor, require_role

NOTE_LIMIT = 200  # CertificateEvent.note


@dataclass(frozen=True)
class Reported:
    number: str
    kind: str  # REPORT_LOST | CANCEL
    cause: str
    on: date


class ReportService:
    def __init__(self, db: Database, today: Callable[[], date] = date.today) -> None:
        self.db = db
        self.today = today

    def report_lost(
        self, actor: Actor, number: str, cause: str, note: str = "", on: date | None = None
    ) -> Reported:
        """`cause`: lost | damaged. Once per certificate; the county replaces it."""
        return self._report(actor, number, REPORT_LOST, cause, note, on, LOSS_CAUSES)

    def cancel(
        self, actor: Actor, number: str, cause: str, note: str = "", on: date | None = None
    ) -> Reported:
        """`cause`: death | moved | insurance_ended; `on`: the day it happened, on which
        the county ends the certificate."""
        return self._report(actor, number, CANCEL, cause, note, on, CANCEL_CAUSES)

    def _report(
        self,
        actor: Actor,
        number: str,
        kind: str,
        cause: str,
        note: str,
        on: date | None,
        causes: tuple[str, ...],
    ) -> Reported:
        action = "certificate.report_lost" if kind == REPORT_LOST else "certificate.cancel"
        require_role(actor, STATION_ROLES, action)
        today = self.today()
        on = on or today
        note = note.strip()
        problems: list[Problem] = []
        if cause not in causes:
            problems.append(Problem("cause", "event.unknown_cause", {"cause": cause}))
        problems += text_problems("note", note, NOTE_LIMIT)
        if problems:
            raise ValidationError(problems)
        with self.db.session() as session:
            certificate = session.execute(
                select(Certificate).where(Certificate.number == number.strip()).with_for_update()
            ).scalar_one_or_none()
            if certificate is None:
                raise NcmsError("handout.unknown_certificate", number=number)
            if certificate.revoked_on is not None:
                raise NcmsError("handout.revoked", number=certificate.number)
            app = session.get(Application, certificate.application_id)
            assert app is not None
            event = CertificateEvent(
                certificate_id=certificate.id,
                station_code=app.station_code,
                kind=kind,
                happened_on=on,
                recorded_by=actor.username,
                cause=cause,
                note=note,
                updated_by=actor.username,
            )
            record_event(session, event, certificate, today)
            audit.record(
                session,
                actor,
                action,
                "certificate",
                certificate.id,
                after={"cause": cause, "note": note, "on": on.isoformat()},
            )
        return Reported(certificate.number, kind, cause, on)
