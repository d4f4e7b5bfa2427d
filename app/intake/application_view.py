"""What the window is shown of one application: plain frozen copies, built while the
session that read them is open, so no caller holds a row that outlives its session
(or could change it by accident)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from app.db.models import Application, ApplicationDisease, ChecklistItem, Person, StateChange


@dataclass(frozen=True)
class Applicant:
    id: uuid.UUID
    id_number: str
    name: str
    name_pinyin: str
    name_initials: str
    gender: str  # M | F
    birth_date: date
    birth_place: str
    ethnicity: str
    address: str
    village: str
    village_group: str
    household_number: str
    ncms_card_number: str
    phone: str
    psn_no: str = ""
    insutype: str = ""


@dataclass(frozen=True)
class DeclaredDisease:
    disease_code: str
    outcome: str


@dataclass(frozen=True)
class ChecklistEntry:
    material_code: str
    status: str  # pending | provided | missing | insufficient
    reason: str
    document_id: uuid.UUID | None


@dataclass(frozen=True)
class ApplicationView:
    id: uuid.UUID
    number: str
    state: str
    kind: str
    version: int
    station_code: str
    hospital_code: str | None
    diagnosis_date: date | None
    doctor_name: str
    agent_name: str
    agent_id_number: str
    agent_relation: str
    agent_phone: str
    notes: str
    received_at: datetime | None
    received_by: str
    quarter: date | None
    applicant: Applicant
    diseases: tuple[DeclaredDisease, ...]  # in declared order
    checklist: tuple[ChecklistEntry, ...]  # in catalogue order
    document_count: int
    doctor_code: str = ""  # the doctor's national code (医保医师代码), if given


@dataclass(frozen=True)
class HistoryEntry:
    """One step of an application's history (a StateChange as the window reads it)."""

    at: datetime
    actor: str
    actor_role: str
    from_state: str | None
    to_state: str
    reasons: list[str]
    missing_items: list[dict[str, Any]]
    actor_name: str = ""  # the display name (王会计), as app.security.names resolves it


def applicant(person: Person) -> Applicant:
    return Applicant(
        person.id,
        person.id_number,
        person.name,
        person.name_pinyin,
        person.name_initials,
        person.gender,
        person.birth_date,
        person.birth_place,
        person.ethnicity,
        person.address,
        person.village,
        person.village_group,
        person.household_number,
        person.ncms_card_number,
        person.phone,
        person.psn_no,
        person.insutype,
    )


def _disease(row: ApplicationDisease) -> DeclaredDisease:
    return DeclaredDisease(row.disease_code, row.outcome)


def _entry(item: ChecklistItem) -> ChecklistEntry:
    return ChecklistEntry(item.material_code, item.status, item.reason, item.document_id)


def application_view(app: Application, document_count: int) -> ApplicationView:
    """Reads `app`'s person, diseases and checklist: call it inside the session."""
    return ApplicationView(
        id=app.id,
        number=app.number,
        state=app.state,
        kind=app.kind,
        version=app.version,
        station_code=app.station_code,
        hospital_code=app.hospital_code,
        diagnosis_date=app.diagnosis_date,
        doctor_name=app.doctor_name,
        doctor_code=app.doctor_code,
        agent_name=app.agent_name,
        agent_id_number=app.agent_id_number,
        agent_relation=app.agent_relation,
        agent_phone=app.agent_phone,
        notes=app.notes,
        received_at=app.received_at,
        received_by=app.received_by,
        quarter=app.quarter,
        applicant=applicant(app.person),
        diseases=tuple(_disease(d) for d in app.diseases),
        checklist=tuple(_entry(i) for i in app.checklist),
        document_count=document_count,
    )


def history_entry(step: StateChange, actor_name: str = "") -> HistoryEntry:
    return HistoryEntry(
        step.at,
        step.actor,
        step.actor_role,
        step.from_state,
        step.to_state,
        list(step.reasons),
        [dict(m) for m in step.missing_items],
        actor_name or step.actor,
    )
