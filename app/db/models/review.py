"""Batches sent to the county, the county's decisions and the certificates."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db.models.base import Base, Travelling
from app.db.types import utcnow


class Batch(Travelling, Base):
    """A quarter's accepted applications, reported to the county together."""

    __tablename__ = "batch"

    number: Mapped[str] = mapped_column(String(40), unique=True)
    station_code: Mapped[str] = mapped_column(String(20))
    quarter: Mapped[date]
    state: Mapped[str] = mapped_column(String(12), default="open")  # open | closed | sent
    created_by: Mapped[str] = mapped_column(String(64))
    closed_at: Mapped[datetime | None]
    package_id: Mapped[uuid.UUID | None]


class Decision(Travelling, Base):
    """The committee's decision on one disease of one application version.

    Owned by the county. `application_version` names the version judged; a decision
    arriving for a version the station has since amended is kept as a conflict.
    """

    __tablename__ = "decision"

    application_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("application.id", ondelete="CASCADE"), index=True
    )
    application_version: Mapped[int]
    disease_code: Mapped[str] = mapped_column(ForeignKey("disease.code"))
    # approved | rejected | exam_required | supplement_requested
    outcome: Mapped[str] = mapped_column(String(24))
    reasons: Mapped[list[str]] = mapped_column(default=list)
    experts: Mapped[list[str]] = mapped_column(default=list)
    # Approved: the category the committee set ("" = the catalogue's). Examination
    # required: where and by when (the station's notice to the applicant says so).
    category: Mapped[str] = mapped_column(String(8), default="")
    exam_hospital_code: Mapped[str | None] = mapped_column(String(32))
    exam_by: Mapped[date | None]
    decided_on: Mapped[date]
    # Rejected: the last day to appeal, fixed by the rule in force that day (a county
    # that later shortens its appeal_days does not shorten what the notice said).
    appeal_by: Mapped[date | None]
    county_code: Mapped[str] = mapped_column(String(20))
    conflict: Mapped[bool] = mapped_column(default=False)
    acked_version: Mapped[int] = mapped_column(default=0)


class Certificate(Travelling, Base):
    __tablename__ = "certificate"

    number: Mapped[str] = mapped_column(String(40), unique=True)
    application_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("application.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"), index=True)
    # [{"code": "HTN", "category": "B", "valid_until": "2028-12-31" | null}]
    diseases: Mapped[list[dict[str, Any]]]
    valid_from: Mapped[date]
    valid_until: Mapped[date | None] = mapped_column(index=True)  # None: permanent
    issued_on: Mapped[date]
    county_code: Mapped[str] = mapped_column(String(20))
    # The QR code's text: the certificate's data signed with the county's key
    # (app/certificates/seal.py), so a printed certificate checks offline.
    seal: Mapped[str] = mapped_column(String(800), default="")
    print_count: Mapped[int] = mapped_column(default=0)
    last_printed_at: Mapped[datetime | None]
    handed_out_at: Mapped[datetime | None]
    # Set aside: an objection upheld during the public notice (the number stays
    # taken, never reused), later a revocation.
    revoked_on: Mapped[date | None]
    revoked_reason: Mapped[str] = mapped_column(String(200), default="")
    # A replacement (挂失补办) names the certificate it replaces, which was revoked
    # when it was issued: a new number, so the old one's QR reads as revoked.
    replaces_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("certificate.id"))
    acked_version: Mapped[int] = mapped_column(default=0)


class DuplicateReview(Base):
    """A county reviewer's verdict on a flagged pair: the same person and disease open
    at two stations (or twice at one). Kept at the county, never sent: "not a
    duplicate" stops the import from flagging the pair again, "duplicate" names the
    file withdrawn (its withdrawal travels as the application's state, with the reason).
    """

    __tablename__ = "duplicate_review"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    application_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("application.id"), index=True)
    other_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("application.id"), index=True)
    verdict: Mapped[str] = mapped_column(String(16))  # duplicate | not_duplicate
    withdrawn_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("application.id"))
    reason: Mapped[str] = mapped_column(String(200), default="")
    decided_by: Mapped[str] = mapped_column(String(64))
    decided_at: Mapped[datetime] = mapped_column(default=utcnow)


class BatchReport(Base):
    """County: what a station last said one of its batches holds, application
    numbers by declared disease, from the newest package that carried the batch.
    Kept beside the batch rather than in it: the batch row is the station's record
    and changes only with its version, while the roster is restated by every
    package that carries the batch (see app/sync/roster.py)."""

    __tablename__ = "batch_report"

    batch_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("batch.id", ondelete="CASCADE"), primary_key=True
    )
    station_code: Mapped[str] = mapped_column(String(20), index=True)
    package_id: Mapped[uuid.UUID]
    sequence: Mapped[int]
    reported_at: Mapped[datetime]
    # {"HTN": ["S001-2026-000001", …], …}
    by_disease: Mapped[dict[str, Any]]
