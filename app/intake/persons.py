"""Looking up an applicant at the counter by ID number (returning applicants)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from app.db.database import Database
from app.db.models import Application, ApplicationDisease, Person
from app.domain.workflow import State
from app.intake.application_view import Applicant, applicant


@dataclass(frozen=True)
class PastApplication:
    id: uuid.UUID
    number: str
    state: str
    diseases: tuple[str, ...]
    received: date | None


@dataclass(frozen=True)
class KnownPerson:
    """An applicant the counter has seen before, with their past applications."""

    applicant: Applicant
    applications: tuple[PastApplication, ...]

    def open_draft(self) -> PastApplication | None:
        """The applicant's unfinished draft, newest first: the counter continues it
        rather than start a second draft of the same person."""
        return next((a for a in self.applications if a.state == State.DRAFT), None)


class PersonService:
    def __init__(self, db: Database) -> None:
        self.db = db

    def find(self, id_number: str) -> KnownPerson | None:
        """The applicant with this ID number and their past applications, newest first."""
        with self.db.reader() as session:
            person = session.scalar(select(Person).where(Person.id_number == id_number.upper()))
            if person is None:
                return None
            apps = session.execute(
                select(
                    Application.id, Application.number, Application.state, Application.received_at
                )
                .where(Application.person_id == person.id)
                .order_by(Application.created_at.desc())
            ).all()
            codes: dict[uuid.UUID, list[str]] = {}
            for app_id, code in session.execute(
                select(ApplicationDisease.application_id, ApplicationDisease.disease_code)
                .where(ApplicationDisease.application_id.in_([a.id for a in apps]))
                .order_by(ApplicationDisease.position)
            ):
                codes.setdefault(app_id, []).append(code)
            return KnownPerson(
                applicant(person),
                tuple(
                    PastApplication(
                        a.id,
                        a.number,
                        a.state,
                        tuple(codes.get(a.id, ())),
                        a.received_at.date() if a.received_at else None,
                    )
                    for a in apps
                ),
            )
