"""Replacing a lost or damaged certificate (挂失补办) at the county.

The replacement takes a **new number** rather than the old one with a reissue count:
the QR seal signs the number, and the revocation list names numbers, so only a new
number lets an offline verifier tell the lost card (revoked) from its replacement
(valid). The replacement keeps the old one's diseases and validity (a loss neither
extends nor shortens the benefit), names the certificate it replaces, and inherits
its national registration: the benefit goes on, so nothing is revoked at or filed
again with the national platform.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select, update

from app.certificates.events import CAUSE_WORDS, REPORT_LOST
from app.certificates.seal import certificate_data, sign_certificate
from app.db.database import Database
from app.db.models import Application, Certificate, CertificateEvent, NationalFiling
from app.domain.vocabulary import InstallationRole
from app.domain.workflow import COUNTY_ROLES
from app.errors import NcmsError, Problem, ValidationError
from app.review.committee import take_certificate_number
from app.review.register import REASON_LIMIT, end_certificate, revocable
from app.security import audit
from app.security.actor import Actor, require_role


@dataclass(frozen=True)
class LossReport:
    """A loss a station reported that the county has not replaced yet."""

    number: str
    station_code: str
    cause: str  # lost | damaged
    reported_on: date
    note: str


@dataclass(frozen=True)
class Replaced:
    old_number: str
    new_number: str
    reported: bool  # the station's loss report was on file


class ReplacementService:
    def __init__(self, db: Database, today: Callable[[], date] = date.today) -> None:
        self.db = db
        self.today = today

    def waiting(self) -> list[LossReport]:
        """Losses reported by the stations and not yet replaced, oldest first."""
        with self.db.reader() as session:
            rows = session.execute(
                select(CertificateEvent, Certificate.number)
                .join(Certificate, Certificate.id == CertificateEvent.certificate_id)
                .where(CertificateEvent.kind == REPORT_LOST, Certificate.revoked_on.is_(None))
                .order_by(CertificateEvent.happened_on, Certificate.number)
            ).all()
        return [
            LossReport(number, e.station_code, e.cause, e.happened_on, e.note) for e, number in rows
        ]

    def replace(
        self, actor: Actor, number: str, signer: Ed25519PrivateKey, reason: str = ""
    ) -> Replaced:
        """Issue the replacement of `number` and revoke it, today. Without the
        station's loss report on file a `reason` is needed (a damaged card brought to
        the county's own counter, say), kept in the audit log and the revocation."""
        require_role(actor, COUNTY_ROLES, "certificate.replace")
        me = self.db.installation()
        if me.role != InstallationRole.COUNTY:
            raise NcmsError("replace.county_only")
        reason = reason.strip()
        if len(reason) > REASON_LIMIT:
            raise ValidationError(
                [Problem("reason", "register.reason_too_long", {"limit": REASON_LIMIT})]
            )
        today = self.today()
        with self.db.session() as session:
            old = revocable(session, number)
            report = session.scalars(
                select(CertificateEvent).where(
                    CertificateEvent.certificate_id == old.id,
                    CertificateEvent.kind == REPORT_LOST,
                )
            ).first()
            if report is None and not reason:
                raise ValidationError([Problem("reason", "replace.no_report", {"number": number})])
            app = session.get(Application, old.application_id)
            assert app is not None
            new = Certificate(
                # Numbered by the year its validity started, as the committee numbers.
                number=take_certificate_number(session, me.code, old.valid_from.year),
                application_id=old.application_id,
                person_id=old.person_id,
                diseases=[dict(d) for d in old.diseases],
                valid_from=old.valid_from,
                valid_until=old.valid_until,
                issued_on=today,
                county_code=me.code,
                replaces_id=old.id,
                updated_by=actor.username,
            )
            new.seal = sign_certificate(
                certificate_data(new, app.person, training=me.training), signer
            )
            session.add(new)
            session.flush()
            cause = CAUSE_WORDS.get(report.cause, "") if report is not None else ""
            said = "；".join(p for p in (cause, reason) if p)
            end_certificate(session, old, today, f"挂失补办（{said}），新证 {new.number}", actor)
            # The benefit goes on under the new number: the platform's registration
            # (its serial) now belongs to the replacement.
            session.execute(
                update(NationalFiling)
                .where(NationalFiling.certificate_id == old.id)
                .values(certificate_id=new.id)
            )
            audit.record(
                session,
                actor,
                "certificate.replace",
                "certificate",
                new.id,
                after={
                    "number": new.number,
                    "replaces": old.number,
                    "reported": report is not None,
                    "reason": reason,
                },
            )
            return Replaced(old.number, new.number, report is not None)
