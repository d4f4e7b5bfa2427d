"""What the county sent the national medical-security information platform
(国家医疗保障信息平台) and what it answered: one row per certificate and disease.

Kept at the county only (nothing here travels): the platform is the county's to deal
with. A row exists once a registration (transaction 2503, 人员慢特病备案) was
exported; the platform's reply adds its serial (`trt_dcla_detl_sn`), which is what a
later revocation (transaction 2504) must name.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db.models.base import Base


class NationalFiling(Base):
    __tablename__ = "national_filing"
    __table_args__ = (UniqueConstraint("certificate_id", "disease_code"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    certificate_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("certificate.id", ondelete="CASCADE"), index=True
    )
    disease_code: Mapped[str] = mapped_column(String(16))
    # As sent: the reply names a record by these two.
    psn_no: Mapped[str] = mapped_column(String(30), index=True)
    opsp_dise_code: Mapped[str] = mapped_column(String(16))
    sent_at: Mapped[datetime]
    sent_by: Mapped[str] = mapped_column(String(64))
    serial: Mapped[str] = mapped_column(String(40), default="")  # trt_dcla_detl_sn
    answered_at: Mapped[datetime | None]
    # The revocation (2504) exported, once the certificate ended early.
    revocation_sent_at: Mapped[datetime | None]


class NationalSupplement(Base):
    """What the county typed in for an issued file that lacks what the platform needs:
    the person number or the doctor's code, once the file can no longer change at its
    station. Used only where the file itself has none."""

    __tablename__ = "national_supplement"

    application_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("application.id", ondelete="CASCADE"), primary_key=True
    )
    psn_no: Mapped[str] = mapped_column(String(30), default="")
    doctor_code: Mapped[str] = mapped_column(String(20), default="")
    entered_by: Mapped[str] = mapped_column(String(64))
    entered_at: Mapped[datetime]
