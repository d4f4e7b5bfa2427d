"""The county's register of every certificate it issued, by number, with where each
stands: held for its public notice, in effect, set aside on an upheld objection,
revoked, or expired; the lists of those expiring soon, by station, for renewal; and
the revocation of a certificate in effect, which travels to its station with the
next package (the station then shows it revoked and prints it no more)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.certificates.issued import IssuedCertificate, read_certificates
from app.db.database import Database
from app.db.models import Certificate, NoticeCertificate, Objection, PublicNotice
from app.domain.names import pinyin_keys
from app.domain.workflow import COUNTY_ROLES
from app.errors import NcmsError, Problem, ValidationError
from app.review.notice import RUNNING, UPHELD
from app.security import audit
from app.security.actor import Actor, require_role

RENEWAL_DAYS = 60  # how far ahead the renewal lists look
REASON_LIMIT = 200  # Certificate.revoked_reason


class Standing(StrEnum):
    ON_NOTICE = "on_notice"
    IN_EFFECT = "in_effect"
    SET_ASIDE = "set_aside"  # an upheld objection, before it took effect
    REVOKED = "revoked"  # after it took effect
    EXPIRED = "expired"


@dataclass(frozen=True)
class RegisterEntry:
    certificate: IssuedCertificate
    standing: Standing
    notice_ends: date | None  # on notice: its last day
    name_pinyin: tuple[str, str] = ("", "")  # full pinyin, initials (lower-case)

    def matches(self, typed: str) -> bool:
        """The register's search, as the Cases page's: part of the number, the name
        or the station, or the start of the name's pinyin or its initials."""
        text = typed.strip()
        if not text:
            return True
        c = self.certificate
        if text in c.number or text in c.name or text in c.station:
            return True
        letters = text.lower()
        return letters.isascii() and any(k.startswith(letters) for k in self.name_pinyin)


class CertificateRegister:
    def __init__(self, db: Database, today: Callable[[], date] = date.today) -> None:
        self.db = db
        self.today = today

    def entries(self, expiring_within: int | None = None) -> list[RegisterEntry]:
        """Every certificate by number; `expiring_within` days: only those in effect
        that end within that many days, by station and end date (the renewal lists)."""
        today = self.today()
        with self.db.reader() as session:
            on_notice: dict[uuid.UUID, date] = dict(
                session.execute(
                    select(NoticeCertificate.certificate_id, PublicNotice.ends_on)
                    .join(PublicNotice, PublicNotice.id == NoticeCertificate.notice_id)
                    .where(PublicNotice.status == RUNNING)
                ).all()
            )
            set_aside = set(
                session.scalars(select(Objection.certificate_id).where(Objection.outcome == UPHELD))
            )
        entries = []
        for certificate in read_certificates(self.db):
            standing = _standing(certificate, on_notice, set_aside, today)
            entries.append(
                RegisterEntry(
                    certificate,
                    standing,
                    on_notice.get(certificate.id),
                    pinyin_keys(certificate.name),
                )
            )
        if expiring_within is None:
            return entries
        last = today + timedelta(days=expiring_within)
        soon = [
            e
            for e in entries
            if e.standing == Standing.IN_EFFECT
            and e.certificate.valid_until is not None
            and e.certificate.valid_until <= last
        ]
        return sorted(soon, key=lambda e: (e.certificate.station, e.certificate.valid_until))

    def revoke(self, actor: Actor, number: str, reason: str) -> IssuedCertificate:
        """End a certificate in effect today, for `reason` (kept with it and in the
        audit log). Its number stays taken; the revocation travels to its station
        with the next package. One on public notice is challenged by an objection
        instead; one already revoked or set aside is refused."""
        require_role(actor, COUNTY_ROLES, "certificate.revoke")
        reason = reason.strip()
        if not reason:
            raise ValidationError([Problem("reason", "register.reason_required")])
        if len(reason) > REASON_LIMIT:
            raise ValidationError(
                [Problem("reason", "register.reason_too_long", {"limit": REASON_LIMIT})]
            )
        today = self.today()
        with self.db.session() as session:
            certificate = revocable(session, number)
            end_certificate(session, certificate, today, reason, actor)
            revoked_id = certificate.id
        (view,) = read_certificates(self.db, ids=[revoked_id])
        return view


def revocable(session: Session, number: str) -> Certificate:
    """The certificate numbered `number`, locked, when it can be ended early: not
    already ended, not on its public notice (an objection challenges that one)."""
    certificate = session.execute(
        select(Certificate).where(Certificate.number == number.strip()).with_for_update()
    ).scalar_one_or_none()
    if certificate is None:
        raise NcmsError("register.unknown_certificate", number=number)
    if certificate.revoked_on is not None:
        raise NcmsError("register.already_revoked", number=number, on=certificate.revoked_on)
    running = session.scalar(
        select(PublicNotice.ends_on)
        .join(NoticeCertificate, NoticeCertificate.notice_id == PublicNotice.id)
        .where(
            NoticeCertificate.certificate_id == certificate.id,
            PublicNotice.status == RUNNING,
        )
    )
    if running is not None:
        raise NcmsError("register.on_notice", number=number, until=running)
    return certificate


def end_certificate(
    session: Session, certificate: Certificate, on: date, reason: str, actor: Actor
) -> None:
    """Revoke `certificate` from `on`, for `reason`, in the caller's transaction: the
    one way a certificate ends early (revoked here, cancelled at its station, replaced
    after a loss), so each travels to the station and reaches the revocation list and
    the national platform alike."""
    certificate.revoked_on = on
    certificate.revoked_reason = reason[:REASON_LIMIT]
    certificate.version += 1  # travels: the station holds an older version
    certificate.updated_by = actor.username
    audit.record(
        session,
        actor,
        "certificate.revoke",
        "certificate",
        certificate.id,
        before={"revoked_on": None},
        after={"revoked_on": on.isoformat(), "reason": certificate.revoked_reason},
    )


def _standing(
    certificate: IssuedCertificate,
    on_notice: dict[uuid.UUID, date],
    set_aside: set[uuid.UUID],
    today: date,
) -> Standing:
    if certificate.revoked_on is not None:
        return Standing.SET_ASIDE if certificate.id in set_aside else Standing.REVOKED
    if certificate.id in on_notice:
        return Standing.ON_NOTICE
    if certificate.valid_until is not None and certificate.valid_until < today:
        return Standing.EXPIRED
    return Standing.IN_EFFECT
