"""The public notice (公示) of a meeting's approvals, and the objections raised
during it.

Kept at the county only (nothing here travels). While a notice runs, the
certificates it lists are held at the county: they take effect, and travel to
their stations, only once the notice is closed with no objection upheld
(app/review/notice.py). Several desks may record objections at once, so the rows
people edit carry a version SQLAlchemy checks on every update, as a meeting's do.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db.models.base import Base
from app.db.types import utcnow


class PublicNotice(Base):
    __tablename__ = "public_notice"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    # The meeting whose approvals it lists (None: certificates recorded from a sheet).
    meeting_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("meeting.id", ondelete="SET NULL"), unique=True
    )
    starts_on: Mapped[date]
    ends_on: Mapped[date]  # the last day objections are taken
    status: Mapped[str] = mapped_column(String(8), default="running")  # running | closed
    opened_by: Mapped[str] = mapped_column(String(64))
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_by: Mapped[str] = mapped_column(String(64), default="")
    closed_at: Mapped[datetime | None]
    row_version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": row_version}  # noqa: RUF012 - SQLAlchemy's


class NoticeCertificate(Base):
    """A certificate listed in a notice; a certificate is in one notice at most."""

    __tablename__ = "notice_certificate"

    certificate_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("certificate.id", ondelete="CASCADE"), primary_key=True
    )
    notice_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("public_notice.id", ondelete="CASCADE"), index=True
    )


class Objection(Base):
    """An objection against one listed certificate: who raised it, what it says, and
    the county's finding (upheld: the approval is set aside and the case goes back
    to the committee; dismissed: the certificate stands)."""

    __tablename__ = "objection"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    notice_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("public_notice.id", ondelete="CASCADE"), index=True
    )
    certificate_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("certificate.id"), index=True)
    raised_by: Mapped[str] = mapped_column(String(60))
    contact: Mapped[str] = mapped_column(String(40), default="")
    text: Mapped[str] = mapped_column(String(500))
    received_on: Mapped[date]
    recorded_by: Mapped[str] = mapped_column(String(64))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    outcome: Mapped[str] = mapped_column(String(10), default="")  # "" | upheld | dismissed
    finding: Mapped[str] = mapped_column(String(300), default="")
    decided_by: Mapped[str] = mapped_column(String(64), default="")
    decided_at: Mapped[datetime | None]
    row_version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": row_version}  # noqa: RUF012 - SQLAlchemy's
