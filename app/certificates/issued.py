"""A certificate as every screen and paper shows it: the certificates page, the printed
certificate, the issue-and-sign register and the public-notice list all read this one
record, built by one query, so they cannot come to disagree on a name or a date.

What the QR code vouches for is a different thing (app/certificates/seal.py): the
signed text is read back without a database, by anyone holding the county's key.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.blobs.store import BlobStore
from app.certificates.annual_review import Review, reviews_of
from app.certificates.events import ANNUAL_REVIEW, CANCEL, HAND_OUT, REPORT_LOST
from app.db.database import Database
from app.db.models import (
    Application,
    Certificate,
    CertificateEvent,
    Disease,
    Document,
    Peer,
    Person,
)
from app.domain.identity import mask_id_number
from app.domain.print_labels import disease_label, diseases_label, gender_zh
from app.domain.vocabulary import DocumentKind

# The demo's numbers: county, year, D, sequence (app/training/demo.py). A county
# never issues a D number, so they mark practice certificates wherever they are.
_DEMO_NUMBER = re.compile(r"\d{4}D\d{5}$")
# Who issued a demo certificate whose county this installation does not know (`ncms
# demo` on a station not yet paired with its county): said in words, as a county's
# name is printed, never by its bare code. The certificate is a Chinese paper.
DEMO_AUTHORITY = "演示县合管中心（样本）"


@dataclass(frozen=True)
class CertifiedDisease:
    code: str
    name: str
    category: str
    valid_until: date | None
    # In the cross-province direct-settlement pilot (跨省直接结算): marked on the card.
    cross_province: bool = False


@dataclass(frozen=True)
class IssuedCertificate:
    id: uuid.UUID
    number: str
    application_number: str
    name: str
    gender: str  # M | F
    id_number: str
    village: str
    station: str  # the name of the station the application came from
    diseases: tuple[CertifiedDisease, ...]
    valid_from: date
    valid_until: date | None  # None: permanent
    issued_on: date
    authority: str  # the issuing county's name
    seal: str  # the QR text; "" when the county did not seal it
    print_count: int
    handed_out: bool
    photo: bytes | None = None  # read only for printing the certificate itself
    # Practice, not a benefit: made by `ncms demo` or held by a training station.
    # The printed certificate carries a 样本 mark.
    sample: bool = False
    revoked_on: date | None = None  # set aside (an upheld objection), or revoked
    revoked_reason: str = ""
    # Handed out (app/certificates/handout.py): when, and to an agent whom (name and
    # relation; "" when the applicant collected it).
    handed_out_on: date | None = None
    agent: str = ""
    # Its annual reviews (年审), each in the box it is printed in.
    reviews: tuple[Review, ...] = ()
    # Reported lost or cancelled at the station (REPORT_LOST | CANCEL; a
    # cancellation outranks a loss), "" when neither: the county acts on it.
    reported: str = ""

    @property
    def masked_id(self) -> str:
        """First 6 and last 4 only: the lists are seen by others."""
        return mask_id_number(self.id_number)

    @property
    def disease_codes(self) -> tuple[str, ...]:
        return tuple(d.code for d in self.diseases)

    @property
    def diseases_label(self) -> str:
        """高血压病（B类）；糖尿病（B类）"""
        return diseases_label((d.name, d.category) for d in self.diseases)

    @property
    def cross_province(self) -> bool:
        return any(d.cross_province for d in self.diseases)

    @property
    def card_diseases_label(self) -> str:
        """As the card prints it: a pilot disease marked ※ (高血压病（B类）※), the
        mark explained on the card (跨省直接结算)."""
        return "；".join(
            disease_label(d.name, d.category) + ("※" if d.cross_province else "")
            for d in self.diseases
        )

    def public_columns(self) -> list[str]:
        """What a public list shows of one person, in its column order (the PDF and
        the workbook print the same)."""
        return [
            self.name,
            gender_zh(self.gender),
            self.masked_id,
            self.station,
            self.village,
            self.diseases_label,
            self.number,
        ]


def read_certificates(
    db: Database,
    *,
    ids: Sequence[uuid.UUID] | None = None,
    quarter: date | None = None,
    newest_first: bool = False,
    limit: int | None = None,
    photos: bool = False,
) -> list[IssuedCertificate]:
    """The certificates held here: those of `ids` in that order (unknown ones left
    out), else those of a review `quarter` or all, by number or newest issued first.
    `photos` reads each applicant's photo from the blob store, which only printing
    the certificate needs."""
    query = (
        select(Certificate, Application, Person)
        .join(Application, Application.id == Certificate.application_id)
        .join(Person, Person.id == Application.person_id)
    )
    if ids is not None:
        query = query.where(Certificate.id.in_(list(ids)))
    if quarter is not None:
        query = query.where(Application.quarter == quarter)
    if newest_first:
        query = query.order_by(Certificate.issued_on.desc(), Certificate.number.desc())
    else:
        query = query.order_by(Certificate.number)
    if limit is not None:
        query = query.limit(limit)
    with db.reader() as session:
        names = {
            code: (name, cross)
            for code, name, cross in session.execute(
                select(Disease.code, Disease.name_zh, Disease.cross_province)
            )
        }
        # Stations and counties by name: the peers', and ours.
        offices = dict(session.execute(select(Peer.code, Peer.name)).all())
        me = db.installation()
        offices[me.code] = me.name
        handed, reviewed, reported = _events(session)
        replaced = select(Certificate.id, Certificate.replaces_id).where(
            Certificate.replaces_id.is_not(None)
        )
        replaces: dict[uuid.UUID, uuid.UUID | None] = dict(session.execute(replaced).all())
        found = [
            _issued(
                certificate,
                app,
                person,
                names,
                offices,
                _photo(session, db.blobs, app.id) if photos else None,
                me.training,
                handed.get(certificate.id),
                reviews_of(_chain(certificate.id, reviewed, replaces)),
                reported.get(certificate.id, ""),
            )
            for certificate, app, person in session.execute(query).all()
        ]
    if ids is None:
        return found
    by_id = {c.id: c for c in found}
    return [by_id[i] for i in ids if i in by_id]


def _issued(
    certificate: Certificate,
    app: Application,
    person: Person,
    names: dict[str, tuple[str, bool]],
    offices: dict[str, str],
    photo: bytes | None,
    training: bool,
    handed: CertificateEvent | None,
    reviews: tuple[Review, ...],
    reported: str,
) -> IssuedCertificate:
    return IssuedCertificate(
        id=certificate.id,
        number=certificate.number,
        application_number=app.number,
        name=person.name,
        gender=person.gender,
        id_number=person.id_number,
        village=person.village,
        station=offices.get(app.station_code, app.station_code),
        diseases=tuple(_disease(d, names) for d in certificate.diseases),
        valid_from=certificate.valid_from,
        valid_until=certificate.valid_until,
        issued_on=certificate.issued_on,
        authority=_authority(certificate, offices),
        seal=certificate.seal,
        print_count=certificate.print_count,
        handed_out=certificate.handed_out_at is not None,
        photo=photo,
        sample=training or _demo(certificate),
        revoked_on=certificate.revoked_on,
        revoked_reason=certificate.revoked_reason,
        handed_out_on=handed.happened_on if handed else None,
        agent=_agent(handed),
        reviews=reviews,
        reported=reported,
    )


def _events(
    session: Session,
) -> tuple[
    dict[uuid.UUID, CertificateEvent],
    dict[uuid.UUID, list[CertificateEvent]],
    dict[uuid.UUID, str],
]:
    """Each certificate's hand-out, annual reviews, and loss or cancellation reported
    (a station holds its own few thousand; the county every station's)."""
    handed: dict[uuid.UUID, CertificateEvent] = {}
    reviews: dict[uuid.UUID, list[CertificateEvent]] = {}
    reported: dict[uuid.UUID, str] = {}
    for event in session.scalars(select(CertificateEvent)):
        if event.kind == HAND_OUT:
            handed[event.certificate_id] = event
        elif event.kind == ANNUAL_REVIEW:
            reviews.setdefault(event.certificate_id, []).append(event)
        elif event.kind == CANCEL or (
            event.kind == REPORT_LOST and event.certificate_id not in reported
        ):
            reported[event.certificate_id] = event.kind
    return handed, reviews, reported


def _chain(
    certificate_id: uuid.UUID,
    reviews: dict[uuid.UUID, list[CertificateEvent]],
    replaces: dict[uuid.UUID, uuid.UUID | None],
) -> list[CertificateEvent]:
    """A certificate's reviews and those of the certificates it replaces: the card
    issued for a lost one carries the years already reviewed."""
    found: list[CertificateEvent] = []
    current: uuid.UUID | None = certificate_id
    seen: set[uuid.UUID] = set()
    while current is not None and current not in seen:
        seen.add(current)
        found += reviews.get(current, [])
        current = replaces.get(current)
    return found


def _agent(handed: CertificateEvent | None) -> str:
    """李四（儿子）: who collected it for the applicant, as the register prints it."""
    if handed is None or handed.collector != "agent":
        return ""
    relation = handed.collector_relation
    return f"{handed.collector_name}（{relation}）" if relation else handed.collector_name


def _demo(certificate: Certificate) -> bool:
    return bool(_DEMO_NUMBER.search(certificate.number))


def _authority(certificate: Certificate, offices: dict[str, str]) -> str:
    """The issuing county by name: a peer's or our own, else (a demo's) said to be a demo."""
    code = certificate.county_code
    if code in offices:
        return offices[code]
    return DEMO_AUTHORITY if _demo(certificate) else code


def _disease(item: dict[str, Any], names: dict[str, tuple[str, bool]]) -> CertifiedDisease:
    until = item.get("valid_until")
    name, cross = names.get(item["code"], (item["code"], False))
    return CertifiedDisease(
        item["code"], name, item["category"], date.fromisoformat(until) if until else None, cross
    )


def _photo(session: Session, blobs: BlobStore, application_id: uuid.UUID) -> bytes | None:
    """The newest 1-inch photo of the application; a missing blob prints the empty
    frame rather than stopping a batch of certificates."""
    digest = session.scalars(
        select(Document.blob_sha256)
        .where(Document.application_id == application_id, Document.kind == DocumentKind.PHOTO)
        .order_by(Document.captured_at.desc())
        .limit(1)
    ).first()
    if digest and blobs.exists(digest):
        return blobs.read(digest)
    return None
