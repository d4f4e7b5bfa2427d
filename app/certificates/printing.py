"""Certificates at the station: which can be printed, printing them (counted, and a
reprint audited with its reason), and checking the text of a certificate's QR code.

A certificate exists at a station only once the county's decision arrived with it
(the county numbers, dates and seals it), so "printable" means "held here".
"""

from __future__ import annotations

import base64
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.blobs.store import BlobStore
from app.certificates.seal import (
    CertificateData,
    Verification,
    verify_certificate,
)
from app.db.database import Database
from app.db.models import Application, Certificate, Disease, Document, Peer, Person
from app.db.types import utcnow
from app.domain.vocabulary import InstallationRole
from app.domain.workflow import STATION_ROLES, Role
from app.errors import NcmsError, Problem, ValidationError
from app.i18n import t
from app.security import audit
from app.security.actor import Actor, require_role

PRINTERS = (*STATION_ROLES, Role.ADMIN)


def certificate_data(certificate: Certificate, person: Person) -> CertificateData:
    """What the county signs and the certificate shows."""
    return CertificateData(
        number=certificate.number,
        county=certificate.county_code,
        name=person.name,
        gender=person.gender,
        id_number=person.id_number,
        diseases=tuple(f"{d['code']}:{d['category']}" for d in certificate.diseases),
        valid_from=certificate.valid_from,
        valid_until=certificate.valid_until,
    )


@dataclass(frozen=True)
class CertifiedDisease:
    code: str
    name: str
    category: str
    valid_until: date | None


@dataclass(frozen=True)
class CertificateView:
    """Everything a printed certificate shows, read in one go."""

    id: uuid.UUID
    number: str
    application_number: str
    name: str
    gender: str  # M | F
    id_number: str
    village: str
    diseases: tuple[CertifiedDisease, ...]
    valid_from: date
    valid_until: date | None  # None: permanent
    issued_on: date
    authority: str  # the issuing county's name
    seal: str  # the QR text; "" when the county did not seal it
    photo: bytes | None
    print_count: int


@dataclass(frozen=True)
class PrintResult:
    path: Path
    numbers: list[str]
    reprinted: int


def issuer_keys(db: Database) -> Callable[[str], bytes | None]:
    """The county keys this installation trusts to have sealed a certificate: at a
    county its own, at a station its county's (unless revoked)."""
    with db.reader() as session:
        me = db.installation()
        keys = {}
        if me.role == InstallationRole.COUNTY:
            keys[me.code] = base64.b64decode(me.signing_public_key)
        for peer in session.scalars(
            select(Peer).where(Peer.role == InstallationRole.COUNTY, Peer.revoked_at.is_(None))
        ):
            keys[peer.code] = base64.b64decode(peer.signing_public_key)
    return keys.get


class CertificateService:
    def __init__(self, db: Database, today: Callable[[], date] = date.today) -> None:
        self.db = db
        self.today = today

    def verify(self, text: str) -> Verification:
        return verify_certificate(text, issuer_keys(self.db), self.today())

    def unprinted(self) -> list[uuid.UUID]:
        with self.db.reader() as session:
            return list(
                session.scalars(
                    select(Certificate.id)
                    .where(Certificate.print_count == 0)
                    .order_by(Certificate.number)
                )
            )

    def by_application_numbers(self, numbers: Sequence[str]) -> list[uuid.UUID]:
        """The certificates of the named applications; every unknown one is named."""
        with self.db.reader() as session:
            found = dict(
                session.execute(
                    select(Application.number, Certificate.id)
                    .join(Certificate, Certificate.application_id == Application.id)
                    .where(Application.number.in_(list(numbers)))
                ).all()
            )
        missing = [n for n in numbers if n not in found]
        if missing:
            raise ValidationError(
                [Problem("application", "certificate.none_for", {"number": n}) for n in missing]
            )
        return [found[n] for n in numbers]

    def views(self, ids: Sequence[uuid.UUID]) -> list[CertificateView]:
        with self.db.reader() as session:
            # The issuing county's name: ours at a county, the peer's at a station.
            authorities = dict(session.execute(select(Peer.code, Peer.name)).all())
            me = self.db.installation()
            authorities[me.code] = me.name
            return [
                _view(session, c, authorities.get(c.county_code, c.county_code), self.db.blobs)
                for c in _load(session, ids)
            ]

    def print_to(
        self,
        actor: Actor,
        ids: Sequence[uuid.UUID],
        out: Path,
        render: Callable[[list[CertificateView], Path], None],
        reprint_reason: str = "",
    ) -> PrintResult:
        """Render the certificates into `out` and count the prints. A certificate
        printed before needs a reason, which goes to the audit log with the count.
        The file appears under its name only when the counts are recorded."""
        require_role(actor, PRINTERS, "certificate.print")
        if not ids:
            raise NcmsError("certificate.nothing_to_print")
        views = self.views(ids)
        _require_reason(views, reprint_reason)  # before any drawing
        partial = out.with_name(out.name + ".part")
        try:
            render(views, partial)
            self.record_prints(actor, views, reprint_reason.strip())
            partial.replace(out)
        finally:
            partial.unlink(missing_ok=True)
        return PrintResult(out, [v.number for v in views], sum(v.print_count > 0 for v in views))

    def record_prints(self, actor: Actor, views: Sequence[CertificateView], reason: str) -> None:
        """Count one print of each (after the pages went out); a reprint's reason
        goes to the audit log with the count."""
        require_role(actor, PRINTERS, "certificate.print")
        _require_reason(views, reason)
        at = utcnow()
        with self.db.session() as session:
            for view in views:
                certificate = session.get(Certificate, view.id)
                assert certificate is not None
                certificate.print_count += 1
                certificate.last_printed_at = at
                reprint = view.print_count > 0
                audit.record(
                    session,
                    actor,
                    "certificate.reprint" if reprint else "certificate.print",
                    "certificate",
                    certificate.id,
                    before={"print_count": view.print_count},
                    after={"print_count": certificate.print_count, "reason": reason}
                    if reprint
                    else {"print_count": certificate.print_count},
                )


def _require_reason(views: Sequence[CertificateView], reason: str) -> None:
    """Printing a certificate again needs a reason, whoever asks for the print."""
    again = [v.number for v in views if v.print_count > 0]
    if again and not reason.strip():
        raise ValidationError(
            [Problem("reprint_reason", "certificate.reprint_reason", {"numbers": ", ".join(again)})]
        )


def _load(session: Session, ids: Sequence[uuid.UUID]) -> list[Certificate]:
    rows = {
        c.id: c for c in session.scalars(select(Certificate).where(Certificate.id.in_(list(ids))))
    }
    return [rows[i] for i in ids if i in rows]


def _view(
    session: Session, certificate: Certificate, authority: str, blobs: BlobStore
) -> CertificateView:
    app = session.scalars(
        select(Application)
        .where(Application.id == certificate.application_id)
        .options(selectinload(Application.person))
    ).one()
    person = app.person
    codes = [d["code"] for d in certificate.diseases]
    names = dict(
        session.execute(select(Disease.code, Disease.name_zh).where(Disease.code.in_(codes))).all()
    )
    # The newest 1-inch photo of the file; a missing blob prints the empty frame
    # rather than stopping a batch of certificates.
    photo_sha = session.scalars(
        select(Document.blob_sha256)
        .where(Document.application_id == app.id, Document.kind == "photo")
        .order_by(Document.captured_at.desc())
        .limit(1)
    ).first()
    photo = None
    if photo_sha and blobs.exists(photo_sha):
        photo = blobs.read(photo_sha)
    return CertificateView(
        id=certificate.id,
        number=certificate.number,
        application_number=app.number,
        name=person.name,
        gender=person.gender,
        id_number=person.id_number,
        village=person.village,
        diseases=tuple(
            CertifiedDisease(
                d["code"],
                names.get(d["code"], d["code"]),
                d["category"],
                date.fromisoformat(d["valid_until"]) if d.get("valid_until") else None,
            )
            for d in certificate.diseases
        ),
        valid_from=certificate.valid_from,
        valid_until=certificate.valid_until,
        issued_on=certificate.issued_on,
        authority=authority,
        seal=certificate.seal,
        photo=photo,
        print_count=certificate.print_count,
    )


def describe(checked: Verification) -> str:
    """One line for a checked certificate code, as the CLI prints and the window shows."""
    data = checked.data
    if data is None:
        return t(f"certificate.verdict.{checked.verdict.value}", number="?", name="?")
    until = data.valid_until.isoformat() if data.valid_until else t("certificate.permanent")
    return t(
        f"certificate.verdict.{checked.verdict.value}",
        number=data.number,
        name=data.name,
        county=data.county,
        valid_from=data.valid_from.isoformat(),
        valid_until=until,
    )
