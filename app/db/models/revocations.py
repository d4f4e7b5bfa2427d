"""The county's signed revocation list (app/certificates/revocations.py), one row per
county: at the county its own as last published, at a station its county's newest
held. Kept as signed, so a station can show and pass on exactly what it received."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db.models.base import Base


class RevocationList(Base):
    __tablename__ = "revocation_list"

    county_code: Mapped[str] = mapped_column(String(20), primary_key=True)
    sequence: Mapped[int]
    issued_at: Mapped[datetime]
    body: Mapped[str] = mapped_column(Text)  # the signed JSON, as signed
    signature: Mapped[str] = mapped_column(String(120))  # base64 Ed25519
