"""The other side's public identities this installation trusts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from app.db.models.base import Base
from app.db.types import utcnow


class Peer(Base):
    """A station known to the county, or the county known to a station.

    Packages are accepted only from a trusted, non-revoked peer whose signing key
    matches; a revoked peer stays listed so its old packages are recognised and
    refused by name.
    """

    __tablename__ = "peer"

    code: Mapped[str] = mapped_column(String(20), primary_key=True)
    role: Mapped[str] = mapped_column(String(8))  # station | county
    name: Mapped[str] = mapped_column(String(100))
    county_code: Mapped[str] = mapped_column(String(20))
    signing_public_key: Mapped[str] = mapped_column(String(64))
    age_recipient: Mapped[str] = mapped_column(String(100))
    added_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]
    # County: SHA-256 (hex) of the sync token issued to this station; the token
    # itself is shown once and kept nowhere here.
    sync_token_sha256: Mapped[str | None] = mapped_column(String(64))
