"""Renewal (换证) at the station: the certificates ending within the next days, by
village, to call their holders in (a list, and a notice to hand or post to each);
and one action that starts the renewal application, prefilled from the last one and
linked to the certificate it renews. The county starts the new certificate the day
after the old one ends (app/review/committee.py), so the benefit neither stops nor
runs twice.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from app.certificates.issued import IssuedCertificate, read_certificates
from app.db.database import Database
from app.db.models import Application, Certificate, Disease, Person
from app.domain.vocabulary import ApplicationKind
from app.domain.workflow import CLOSED_STATES
from app.errors import NcmsError
from app.intake.applications import ApplicationInput, ApplicationService, PersonInput
from app.intake.records import ApplicationRef
from app.security.actor import Actor

RENEWAL_DAYS = 60  # how far ahead the renewal list looks (the 60 days)


@dataclass(frozen=True)
class Due:
    certificate: IssuedCertificate
    # The renewal application already started for it ("": none yet).
    renewal: str = ""


class RenewalService:
    def __init__(self, db: Database, today: Callable[[], date] = date.today) -> None:
        self.db = db
        self.today = today

    def due(self, days: int = RENEWAL_DAYS) -> list[Due]:
        """Certificates in effect that end within `days` (or ended in the last
        `days`, not yet renewed), by village, end date and name."""
        today = self.today()
        first, last = today - timedelta(days=days), today + timedelta(days=days)
        with self.db.reader() as session:
            ids = list(
                session.scalars(
                    select(Certificate.id).where(
                        Certificate.revoked_on.is_(None),
                        Certificate.valid_until.is_not(None),
                        Certificate.valid_until >= first,
                        Certificate.valid_until <= last,
                    )
                )
            )
            started = dict(
                session.execute(
                    select(Application.renews_id, Application.number).where(
                        Application.renews_id.in_(ids),
                        Application.state.not_in([s.value for s in CLOSED_STATES]),
                    )
                ).all()
            )
        held = read_certificates(self.db, ids=ids)
        # Ended and not renewed: still called in. Ended and renewed: done.
        listed = [
            Due(c, started.get(c.id, ""))
            for c in held
            if c.valid_until is not None and (c.valid_until >= today or c.id not in started)
        ]
        return sorted(
            listed,
            key=lambda d: (d.certificate.village, d.certificate.valid_until, d.certificate.name),
        )

    def start(self, actor: Actor, number: str) -> ApplicationRef:
        """A draft renewal of certificate `number`, prefilled and linked (`prefill`);
        the clerk then takes the new materials in as for any application."""
        data = self.prefill(number)
        with self.db.reader() as session:
            open_renewal = session.scalar(
                select(Application.number).where(
                    Application.renews_id == data.renews_id,
                    Application.state.not_in([s.value for s in CLOSED_STATES]),
                )
            )
        if open_renewal is not None:
            raise NcmsError("renewal.already", number=number, application=open_renewal)
        return ApplicationService(self.db, self.today).save_draft(actor, data)

    def prefill(self, number: str) -> ApplicationInput:
        """The renewal of certificate `number` as its application gave it: applicant,
        diseases, hospital, doctor, agent; a new diagnosis date is the clerk's."""
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
            if certificate.revoked_on is not None:
                raise NcmsError("renewal.revoked", number=certificate.number)
            # Only what the catalogue still offers: a disease the county has since
            # removed is not renewed (the intake form would not offer it either).
            offered = set(session.scalars(select(Disease.code).where(Disease.active.is_(True))))
            codes = [str(d["code"]) for d in certificate.diseases if d["code"] in offered]
            if not codes:
                raise NcmsError("renewal.no_disease_offered", number=certificate.number)
            return ApplicationInput(
                person=PersonInput.of(person),
                disease_codes=codes,
                kind=ApplicationKind.RENEWAL,
                hospital_code=app.hospital_code,
                doctor_name=app.doctor_name,
                doctor_code=app.doctor_code,
                agent_name=app.agent_name,
                agent_id_number=app.agent_id_number,
                agent_relation=app.agent_relation,
                agent_phone=app.agent_phone,
                renews_id=certificate.id,
            )

    def renewed(self, application_id: uuid.UUID) -> str:
        """The number of the certificate an application renews ("" when none)."""
        with self.db.reader() as session:
            return (
                session.scalar(
                    select(Certificate.number)
                    .join(Application, Application.renews_id == Certificate.id)
                    .where(Application.id == application_id)
                )
                or ""
            )
