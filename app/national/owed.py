"""What the county owes the national platform, read from what it holds: a
registration per person and disease of a certificate in effect not yet sent, and a
revocation per sent registration whose certificate has ended early.

One registration per person number and national disease code is out at a time: the
platform's reply names a registration by those two alone, so a second one (a
renewal while the first is unanswered, two of the catalogue's diseases filed as one
national disease) waits until the first is answered.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.database import Database
from app.db.models import (
    Application,
    Certificate,
    Disease,
    Hospital,
    Installation,
    NationalFiling,
    NationalSupplement,
    Peer,
    Person,
)
from app.national.records import (
    AREA_SETTING,
    Holder,
    Registration,
    Revocation,
    registration_data,
    revocation_data,
)
from app.review.register import CertificateRegister, Standing


@dataclass(frozen=True)
class Owed:
    """What the platform has not been sent yet, complete or held back."""

    registrations: tuple[Registration, ...]
    revocations: tuple[Revocation, ...]
    training: bool = False  # a training county's: practice files, never to be sent

    @property
    def ready(self) -> tuple[list[Registration], list[Revocation]]:
        return (
            [r for r in self.registrations if r.sendable],
            [r for r in self.revocations if not r.missing],
        )

    @property
    def held_back(self) -> list[Registration | Revocation]:
        held: list[Registration | Revocation] = [r for r in self.registrations if not r.sendable]
        return held + [r for r in self.revocations if r.missing]


def owed_records(
    db: Database, session: Session, today: Callable[[], date], unanswered: bool
) -> Owed:
    """`unanswered`: registrations sent and never answered go again (the file never
    reached the province, say)."""
    me = session.execute(select(Installation)).scalar_one()
    area = (me.settings or {}).get(AREA_SETTING, "")
    area = area if isinstance(area, str) else ""
    filings = {
        (f.certificate_id, f.disease_code): f for f in session.scalars(select(NationalFiling))
    }
    # Out and unanswered, by the two values the platform's reply names them by.
    awaiting = {(f.psn_no, f.opsp_dise_code) for f in filings.values() if not f.serial}
    standing = {e.certificate.id: e.standing for e in CertificateRegister(db, today).entries()}
    diseases = {d.code: d for d in session.scalars(select(Disease))}
    offices = dict(session.execute(select(Peer.code, Peer.name)).all())
    supplements = {s.application_id: s for s in session.scalars(select(NationalSupplement))}
    registrations: list[Registration] = []
    revocations: list[Revocation] = []
    queued: set[tuple[str, str]] = set()
    for certificate, app, person, hospital in _certificates(session):
        station = offices.get(app.station_code, app.station_code)
        for item in certificate.diseases:
            code = item["code"]
            disease = diseases.get(code)
            holder = Holder(
                certificate.id,
                certificate.number,
                person.name,
                station,
                code,
                disease.name_zh if disease else code,
                app.number,
            )
            filing = filings.get((certificate.id, code))
            if certificate.revoked_on is not None:
                if filing is not None and filing.revocation_sent_at is None:
                    data = revocation_data(filing.psn_no, filing.serial, certificate.revoked_reason)
                    revocations.append(Revocation(holder, filing.id, certificate.revoked_on, data))
                continue
            if standing.get(certificate.id) != Standing.IN_EFFECT:
                continue
            if filing is not None and (filing.serial or not unanswered):
                continue
            registration = _registration(
                holder, certificate, item, app, person, hospital, disease, area
            )
            registration = replace(
                registration, data=_supplemented(registration.data, supplements.get(app.id))
            )
            key = (registration.data["psn_no"], registration.data["opsp_dise_code"])
            resending = filing is not None
            if all(key) and ((key in awaiting and not resending) or key in queued):
                registration = replace(registration, waits=True)
            elif all(key):
                queued.add(key)
            registrations.append(registration)
    return Owed(tuple(registrations), tuple(revocations), me.training)


def _supplemented(
    data: dict[str, str] | Any, supplement: NationalSupplement | None
) -> dict[str, str]:
    """What the county typed in for a file that lacked it (the station's file keeps
    its own values; the county's are used only where the file has none)."""
    values = dict(data)
    if supplement is not None:
        if not values["psn_no"]:
            values["psn_no"] = supplement.psn_no
        if not values["diag_dr_codg"]:
            values["diag_dr_codg"] = supplement.doctor_code
    return values


def _certificates(
    session: Session,
) -> Iterable[tuple[Certificate, Application, Person, Hospital | None]]:
    query = (
        select(Certificate, Application, Person, Hospital)
        .join(Application, Application.id == Certificate.application_id)
        .join(Person, Person.id == Application.person_id)
        .outerjoin(Hospital, Hospital.code == Application.hospital_code)
        .order_by(Certificate.number)
    )
    for row in session.execute(query):
        certificate, app, person, hospital = row
        yield certificate, app, person, hospital


def _registration(
    holder: Holder,
    certificate: Certificate,
    item: dict[str, Any],
    app: Application,
    person: Person,
    hospital: Hospital | None,
    disease: Disease | None,
    area: str,
) -> Registration:
    until = item.get("valid_until")
    return Registration(
        holder,
        registration_data(
            psn_no=person.psn_no,
            insutype=person.insutype,
            national_code=disease.national_code if disease else "",
            national_name=disease.national_name if disease else "",
            phone=person.phone or app.agent_phone,
            address=person.address,
            area=area,
            hospital_national_code=hospital.national_code if hospital else "",
            hospital_name=hospital.name if hospital else "",
            diagnosed_on=app.diagnosis_date,
            doctor_code=app.doctor_code,
            doctor_name=app.doctor_name,
            valid_from=certificate.valid_from,
            # Each disease's own end (None: permanent), as the certificate prints it.
            valid_until=date.fromisoformat(until) if until else None,
        ),
        cross_province=bool(disease and disease.cross_province),
    )
