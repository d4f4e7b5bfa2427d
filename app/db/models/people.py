"""Applicants and the applications they make."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db.models.base import Base, Travelling


class Person(Travelling, Base):
    """An applicant. Owned by the station that first registered them.

    Search columns: `name_pinyin` and `name_initials` for typing at the counter,
    `id_number_rev` (the ID number reversed) so that "last digits" is a prefix
    search on an ordinary index, on SQLite and PostgreSQL alike.
    """

    __tablename__ = "person"

    __table_args__ = (
        # Unique per station: the county holds each station's applicants apart and
        # flags the same ID number arriving from two stations instead of merging.
        UniqueConstraint("station_code", "id_number"),
        Index("ix_person_id_number", "id_number"),
    )

    id_number: Mapped[str] = mapped_column(String(18))
    id_number_rev: Mapped[str] = mapped_column(String(18), index=True)
    name: Mapped[str] = mapped_column(String(50), index=True)
    name_pinyin: Mapped[str] = mapped_column(String(200), index=True)
    name_initials: Mapped[str] = mapped_column(String(50), index=True)
    gender: Mapped[str] = mapped_column(String(1))  # M | F, from the ID number
    birth_date: Mapped[date]
    birth_place: Mapped[str] = mapped_column(String(100), default="")
    ethnicity: Mapped[str] = mapped_column(String(20), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    village: Mapped[str] = mapped_column(String(50), default="", index=True)
    village_group: Mapped[str] = mapped_column(String(20), default="")
    household_number: Mapped[str] = mapped_column(String(30), default="")
    ncms_card_number: Mapped[str] = mapped_column(String(30), default="")
    phone: Mapped[str] = mapped_column(String(20), default="")
    # As the national platform knows the person (app.domain.national): the number on
    # the insurance card, typed at the counter when the card is at hand, and the scheme.
    psn_no: Mapped[str] = mapped_column(String(30), default="", server_default="")
    insutype: Mapped[str] = mapped_column(String(6), default="390", server_default="390")
    station_code: Mapped[str] = mapped_column(String(20))
    # The version the other side last acknowledged (see Application.acked_version).
    acked_version: Mapped[int] = mapped_column(default=0)

    applications: Mapped[list[Application]] = relationship(back_populates="person")


class Application(Travelling, Base):
    __tablename__ = "application"
    __table_args__ = (
        Index("ix_application_station_state", "station_code", "state"),
        # The applications list filters by state and shows the newest first.
        Index("ix_application_state_updated", "state", "updated_at"),
        # The county's list: any filter, newest first, over every station's files;
        # one diagnosing hospital's files (and its compliance cases).
        Index("ix_application_updated", "updated_at"),
        # One quarter's files, newest first: without it the newest-first walk above
        # passes over every later quarter's files to find an old quarter's.
        Index("ix_application_quarter_updated", "quarter", "updated_at"),
        Index("ix_application_hospital_code", "hospital_code"),
    )

    number: Mapped[str] = mapped_column(String(40), unique=True)
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"), index=True)
    station_code: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(8))  # new | renewal
    state: Mapped[str] = mapped_column(String(24), index=True)
    hospital_code: Mapped[str | None] = mapped_column(ForeignKey("hospital.code"))
    diagnosis_date: Mapped[date | None]
    doctor_name: Mapped[str] = mapped_column(String(50), default="")
    # The doctor's national code (医保医师代码), when the diagnosis paper gives it: the
    # national platform's registration names the diagnosing doctor by it.
    doctor_code: Mapped[str] = mapped_column(String(20), default="", server_default="")
    agent_name: Mapped[str] = mapped_column(String(50), default="")
    agent_id_number: Mapped[str] = mapped_column(String(18), default="")
    agent_relation: Mapped[str] = mapped_column(String(20), default="")
    agent_phone: Mapped[str] = mapped_column(String(20), default="")
    received_at: Mapped[datetime | None]
    received_by: Mapped[str] = mapped_column(String(64), default="")
    # First day of the quarter the application is reviewed in (a date, not a label).
    quarter: Mapped[date | None] = mapped_column(index=True)
    batch_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("batch.id"), index=True)
    # A renewal: the certificate it renews (the county starts the new one the day
    # after that one ends: no gap, no overlap).
    # No foreign key: certificate already points at application, and a cycle of keys
    # cannot be made on SQLite at first start. renewal_problems checks it instead.
    renews_id: Mapped[uuid.UUID | None]
    # The version the county last acknowledged; version > acked_version means "to sync".
    acked_version: Mapped[int] = mapped_column(default=0)
    notes: Mapped[str] = mapped_column(Text, default="")
    # County side: another station's open application for the same person and disease.
    duplicate_of: Mapped[uuid.UUID | None]
    created_by: Mapped[str] = mapped_column(String(64), default="")

    person: Mapped[Person] = relationship(back_populates="applications")
    diseases: Mapped[list[ApplicationDisease]] = relationship(
        back_populates="application",
        cascade="all, delete-orphan",
        order_by="ApplicationDisease.position",
    )
    checklist: Mapped[list[ChecklistItem]] = relationship(
        back_populates="application",
        cascade="all, delete-orphan",
        order_by="ChecklistItem.position",
    )


class ApplicationDisease(Base):
    """One declared disease of an application (seed rule: at most two)."""

    __tablename__ = "application_disease"

    application_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("application.id", ondelete="CASCADE"), primary_key=True
    )
    disease_code: Mapped[str] = mapped_column(
        ForeignKey("disease.code"), primary_key=True, index=True
    )
    position: Mapped[int]
    # pending | approved | rejected: per-disease outcome, for "partly approved".
    outcome: Mapped[str] = mapped_column(String(16), default="pending")

    application: Mapped[Application] = relationship(back_populates="diseases")


class ChecklistItem(Base):
    """One required material of an application and what the station found."""

    __tablename__ = "checklist_item"

    application_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("application.id", ondelete="CASCADE"), primary_key=True
    )
    material_code: Mapped[str] = mapped_column(ForeignKey("material.code"), primary_key=True)
    # Catalogue order, so the checklist and the one-time notice read the same every time.
    position: Mapped[int] = mapped_column(default=0)
    # pending | provided | missing | insufficient
    status: Mapped[str] = mapped_column(String(16), default="pending")
    document_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("document.id"))
    reason: Mapped[str] = mapped_column(String(200), default="")

    application: Mapped[Application] = relationship(back_populates="checklist")


class StateChange(Base):
    """One step of an application's history: who moved it, when, from where to where."""

    __tablename__ = "state_change"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    application_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("application.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(64))
    actor_role: Mapped[str] = mapped_column(String(20))
    from_state: Mapped[str | None] = mapped_column(String(24))
    to_state: Mapped[str] = mapped_column(String(24))
    reasons: Mapped[list[str]] = mapped_column(default=list)
    missing_items: Mapped[list[dict[str, Any]]] = mapped_column(default=list)
    application_version: Mapped[int]
    # True once the other side holds this step (copies arriving by sync are born acked).
    acked: Mapped[bool] = mapped_column(default=False)
