"""The county's expert committee meeting: who sat, which cases it took, and the
conclusion it reached on each, as typed during the meeting.

Kept at the county only (nothing here travels): closing the meeting turns its
conclusions into the decisions and certificates that do (app/review/meeting.py).
Several desks may work on one meeting, so the rows people edit carry a version
that SQLAlchemy checks on every update (`version_id_col`): a second desk saving
over a change it has not seen is refused instead of silently overwriting it.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db.models.base import Base
from app.db.types import utcnow


class Meeting(Base):
    __tablename__ = "meeting"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    held_on: Mapped[date]
    members: Mapped[list[str]]  # the committee's members present, in the minutes' order
    # open | closed ("status", not "state": an application's state is the workflow's alone)
    status: Mapped[str] = mapped_column(String(8), default="open")
    opened_by: Mapped[str] = mapped_column(String(64))
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_by: Mapped[str] = mapped_column(String(64), default="")
    closed_at: Mapped[datetime | None]
    row_version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": row_version}  # noqa: RUF012 - SQLAlchemy's


class MeetingCase(Base):
    """One case (a declared disease of an application) on a meeting's agenda."""

    __tablename__ = "meeting_case"
    __table_args__ = (UniqueConstraint("meeting_id", "application_id", "disease_code"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    meeting_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("meeting.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]  # the agenda's order: station, disease, application number
    application_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("application.id", ondelete="CASCADE"), index=True
    )
    disease_code: Mapped[str] = mapped_column(ForeignKey("disease.code"))
    deferred: Mapped[bool] = mapped_column(default=False)  # left for a later meeting
    # The conclusion, empty until one is recorded: an Outcome and what it needs.
    outcome: Mapped[str] = mapped_column(String(24), default="")
    category: Mapped[str] = mapped_column(String(8), default="")
    reasons: Mapped[list[str]] = mapped_column(default=list)
    exam_hospital_code: Mapped[str | None] = mapped_column(String(32))
    exam_by: Mapped[date | None]
    experts: Mapped[list[str]] = mapped_column(default=list)
    noted_by: Mapped[str] = mapped_column(String(64), default="")
    noted_at: Mapped[datetime | None]
    row_version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": row_version}  # noqa: RUF012 - SQLAlchemy's
