"""Disease, material and hospital catalogues, versioned and owned by the county."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db.models.base import Base
from app.db.types import utcnow


class CatalogueVersion(Base):
    __tablename__ = "catalogue_version"

    version: Mapped[str] = mapped_column(String(32), primary_key=True)
    issued_on: Mapped[date]
    issued_by: Mapped[str] = mapped_column(String(100))
    loaded_at: Mapped[datetime] = mapped_column(default=utcnow)
    current: Mapped[bool] = mapped_column(default=False)


class Material(Base):
    """A kind of supporting material an application may need (photo, ID copy …)."""

    __tablename__ = "material"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name_zh: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(100))
    document_kind: Mapped[str] = mapped_column(String(24))
    catalogue_version: Mapped[str] = mapped_column(ForeignKey("catalogue_version.version"))


class Disease(Base):
    __tablename__ = "disease"

    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    name_zh: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(150))
    pinyin_initials: Mapped[str] = mapped_column(String(50))
    category: Mapped[str] = mapped_column(String(8))
    validity_rule: Mapped[str] = mapped_column(String(16))
    required_materials: Mapped[list[str]]
    evidence_freshness_days: Mapped[int | None]
    min_age: Mapped[int | None]
    max_age: Mapped[int | None]
    monthly_cap_yuan: Mapped[int | None]
    annual_cap_yuan: Mapped[int | None]
    cross_province: Mapped[bool] = mapped_column(default=False)
    access_standard: Mapped[str] = mapped_column(Text)
    # The national platform's outpatient chronic/special disease (门诊慢特病) this one
    # is filed as; empty where the definitions differ and the county must map it.
    national_code: Mapped[str] = mapped_column(String(16), default="", server_default="")
    national_name: Mapped[str] = mapped_column(String(100), default="", server_default="")
    active: Mapped[bool] = mapped_column(default=True)
    catalogue_version: Mapped[str] = mapped_column(ForeignKey("catalogue_version.version"))


class Hospital(Base):
    __tablename__ = "hospital"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(150))
    level: Mapped[str] = mapped_column(String(16))  # township|county|municipal|provincial
    public: Mapped[bool]
    designated: Mapped[bool] = mapped_column(default=True)
    # Its code at the national platform (定点医药机构编码): the county's to fill in.
    national_code: Mapped[str] = mapped_column(String(32), default="", server_default="")
    active: Mapped[bool] = mapped_column(default=True)
    catalogue_version: Mapped[str] = mapped_column(ForeignKey("catalogue_version.version"))
