"""This installation (one station or the county center) and its counters."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from app.db.models.base import Base
from app.db.types import utcnow

# In Installation.settings: this is a training station or county (app/training), whose
# keys vouch for practice only and whose certificates say so.
TRAINING_SETTING = "training"


class Installation(Base):
    """The single row describing who this installation is.

    `audit_head`/`audit_count` record the audit chain's end so that deleting the
    newest entries is detected, not only edits in the middle.
    """

    __tablename__ = "installation"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    role: Mapped[str] = mapped_column(String(8))  # station | county
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    county_code: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    signing_public_key: Mapped[str] = mapped_column(String(64))
    age_recipient: Mapped[str] = mapped_column(String(100))
    audit_head: Mapped[str] = mapped_column(String(64), default="")
    audit_count: Mapped[int] = mapped_column(default=0)
    settings: Mapped[dict[str, Any]] = mapped_column(default=dict)

    @property
    def training(self) -> bool:
        return bool((self.settings or {}).get(TRAINING_SETTING))


class Counter(Base):
    """Named gap-free sequences (application numbers, certificate numbers).

    Incremented inside the transaction that uses the number, so a rolled-back
    transaction gives the number back and a committed one never reuses it.
    """

    __tablename__ = "counter"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[int] = mapped_column(default=0)
