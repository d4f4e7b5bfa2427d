"""The county's register of every certificate it issued, by number, with where each
stands: held for its public notice, in effect, set aside on an upheld objection,
or expired; and the lists of those expiring soon, by station, for renewal."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from sqlalchemy import select

from app.certificates.issued import IssuedCertificate, read_certificates
from app.db.database import Database
from app.db.models import NoticeCertificate, PublicNotice
from app.review.notice import RUNNING

RENEWAL_DAYS = 60  # how far ahead the renewal lists look


class Standing(StrEnum):
    ON_NOTICE = "on_notice"
    IN_EFFECT = "in_effect"
    SET_ASIDE = "set_aside"
    EXPIRED = "expired"


@dataclass(frozen=True)
class RegisterEntry:
    certificate: IssuedCertificate
    standing: Standing
    notice_ends: date | None  # on notice: its last day


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
        entries = []
        for certificate in read_certificates(self.db):
            standing = _standing(certificate, on_notice, today)
            entries.append(RegisterEntry(certificate, standing, on_notice.get(certificate.id)))
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


def _standing(
    certificate: IssuedCertificate, on_notice: dict[uuid.UUID, date], today: date
) -> Standing:
    if certificate.revoked_on is not None:
        return Standing.SET_ASIDE
    if certificate.id in on_notice:
        return Standing.ON_NOTICE
    if certificate.valid_until is not None and certificate.valid_until < today:
        return Standing.EXPIRED
    return Standing.IN_EFFECT
