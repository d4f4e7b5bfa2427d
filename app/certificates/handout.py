"""Handing a printed certificate to whoever collects it: the applicant, or an agent.

The collector's ID number is typed (or read off the card) and checked against the
one on file: the applicant's own, or the agent's the application names. One that is
not on file is accepted only with a reason (a relative the application did not name,
say), kept with the record and in the audit log. The issue-and-sign register prints
from these records (app/printing/rosters.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from sqlalchemy import select

from app.certificates.events import HAND_OUT, record_event
from app.db.database import Database
from app.db.models import Application, Certificate, CertificateEvent, Person
from app.db.types import utcnow
from app.domain.identity import mask_id_number, parse_id_number
from app.domain.names import clean_name
from app.domain.text import text_problems
from app.domain.workflow import STATION_ROLES
from app.errors import NcmsError, Problem, ValidationError
from app.security import audit
from app.security.actor import Actor, require_role

REASON_LIMIT = 200  # CertificateEvent.note
RELATION_LIMIT = 20


class Collector(StrEnum):
    APPLICANT = "applicant"
    AGENT = "agent"


@dataclass(frozen=True)
class OnFile:
    """Who may collect a certificate without a reason, as its application says."""

    number: str
    name: str
    id_number: str
    agent_name: str
    agent_id_number: str
    agent_relation: str
    printed: bool
    revoked: bool
    handed_out_on: date | None


@dataclass(frozen=True)
class HandOutRequest:
    number: str  # the certificate's
    collector: Collector
    id_number: str
    name: str = ""  # an agent's (the applicant's is on file)
    relation: str = ""  # an agent's relation to the applicant
    reason: str = ""  # why an ID number not on file is accepted
    on: date | None = None  # the day it was collected (today if not given)


@dataclass(frozen=True)
class HandedOut:
    number: str
    on: date
    collector: Collector
    name: str
    matched: bool  # the ID number is the one on file


class HandOutService:
    def __init__(self, db: Database, today: Callable[[], date] = date.today) -> None:
        self.db = db
        self.today = today

    def on_file(self, number: str) -> OnFile:
        with self.db.reader() as session:
            found = session.execute(
                select(Certificate, Application, Person)
                .join(Application, Application.id == Certificate.application_id)
                .join(Person, Person.id == Application.person_id)
                .where(Certificate.number == number.strip())
            ).one_or_none()
            if found is None:
                raise NcmsError("handout.unknown_certificate", number=number)
            certificate, app, person = found
            handed = session.scalar(
                select(CertificateEvent.happened_on).where(
                    CertificateEvent.certificate_id == certificate.id,
                    CertificateEvent.kind == HAND_OUT,
                )
            )
            return OnFile(
                certificate.number,
                person.name,
                person.id_number,
                app.agent_name,
                app.agent_id_number,
                app.agent_relation,
                certificate.print_count > 0,
                certificate.revoked_on is not None,
                handed,
            )

    def check(self, request: HandOutRequest) -> list[Problem]:
        """Every problem with `request` at once, each beside its field; nothing stored."""
        return _problems(request, self.on_file(request.number), self.today())

    def hand_out(self, actor: Actor, request: HandOutRequest) -> HandedOut:
        require_role(actor, STATION_ROLES, "certificate.hand_out")
        today = self.today()
        with self.db.session() as session:
            certificate = session.execute(
                select(Certificate)
                .where(Certificate.number == request.number.strip())
                # One desk at a time: two clerks handing out the same certificate.
                .with_for_update()
            ).scalar_one_or_none()
            if certificate is None:
                raise NcmsError("handout.unknown_certificate", number=request.number)
            on_file = self.on_file(certificate.number)
            if on_file.handed_out_on is not None:
                raise NcmsError(
                    "handout.already", number=certificate.number, on=on_file.handed_out_on
                )
            problems = _problems(request, on_file, today)
            if problems:
                raise ValidationError(problems)
            app = session.get(Application, certificate.application_id)
            assert app is not None
            typed = request.id_number.strip().upper()
            agent = request.collector == Collector.AGENT
            matched = typed == (on_file.agent_id_number if agent else on_file.id_number)
            on = request.on or today
            name = clean_name(request.name) if agent else on_file.name
            event = CertificateEvent(
                certificate_id=certificate.id,
                station_code=app.station_code,
                kind=HAND_OUT,
                happened_on=on,
                recorded_by=actor.username,
                collector=request.collector.value,
                collector_name=name,
                collector_id_number=typed,
                collector_relation=request.relation.strip() if agent else "",
                note="" if matched else request.reason.strip(),
                updated_by=actor.username,
            )
            record_event(session, event, certificate, today)
            certificate.handed_out_at = utcnow()
            session.flush()
            audit.record(
                session,
                actor,
                "certificate.hand_out",
                "certificate",
                certificate.id,
                after={
                    "on": on.isoformat(),
                    "collector": request.collector.value,
                    "name": name,
                    "id_matched": matched,
                    "reason": event.note,
                },
            )
        return HandedOut(certificate.number, on, request.collector, name, matched)


def _problems(request: HandOutRequest, on_file: OnFile, today: date) -> list[Problem]:
    if on_file.revoked:
        return [Problem("number", "handout.revoked", {"number": on_file.number})]
    if not on_file.printed:
        return [Problem("number", "handout.not_printed", {"number": on_file.number})]
    problems: list[Problem] = []
    agent = request.collector == Collector.AGENT
    if agent:
        if not request.name.strip():
            problems.append(Problem("name", "handout.agent_name_needed"))
        else:
            try:
                clean_name(request.name)
            except ValidationError as err:
                problems += err.problems
        problems += text_problems("relation", request.relation.strip(), RELATION_LIMIT)
    typed = request.id_number.strip().upper()
    if not typed:
        problems.append(Problem("id_number", "handout.id_needed"))
    else:
        try:
            parse_id_number(typed, today=today)
        except ValidationError as err:
            problems += err.problems
        else:
            expected = on_file.agent_id_number if agent else on_file.id_number
            if typed != expected and not request.reason.strip():
                if not agent:
                    key = "handout.not_the_applicant"
                else:
                    key = "handout.agent_not_on_file" if expected else "handout.no_agent_on_file"
                # Masked: the dialog is read over the counter, and a number shown whole
                # could simply be typed back in.
                problems.append(Problem("reason", key, {"on_file": mask_id_number(expected)}))
    problems += text_problems("reason", request.reason.strip(), REASON_LIMIT)
    if request.on is not None and request.on > today:
        problems.append(Problem("on", "handout.future"))
    return problems
