"""Captured documents: rows here, bytes in the content-addressed blob store."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db.models.base import Base, Travelling


class Document(Travelling, Base):
    __tablename__ = "document"

    application_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("application.id", ondelete="CASCADE"), index=True
    )
    # photo | id_front | id_back | insurance_card | medical_record | discharge_record |
    # diagnosis_proof | exam_report | other
    kind: Mapped[str] = mapped_column(String(24))
    blob_sha256: Mapped[str] = mapped_column(String(64), index=True)
    media_type: Mapped[str] = mapped_column(String(40))
    size: Mapped[int]
    pages: Mapped[int] = mapped_column(default=1)
    width: Mapped[int | None]
    height: Mapped[int | None]
    source: Mapped[str] = mapped_column(String(16))  # camera | scanner | file | demo
    original_name: Mapped[str] = mapped_column(String(255), default="")
    captured_by: Mapped[str] = mapped_column(String(64))
    captured_at: Mapped[datetime]
    acked_version: Mapped[int] = mapped_column(default=0)
