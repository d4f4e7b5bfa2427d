"""Builders for intake tests."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from app.db.database import Database
from app.db.models import Base
from app.domain.identity import make_id_number
from app.domain.workflow import Role
from app.intake.applications import ApplicationInput, PersonInput
from app.security.actor import Actor

CLERK = Actor("clerk1", Role.CLERK)
HEAD = Actor("head1", Role.STATION_HEAD)
COUNTY_HOSPITAL = "H410523001"
TOWNSHIP_CLINIC = "H410523101"
CHINESE_MEDICINE = "H410523002"  # 汤阴县中医院, county level
PRIVATE_HOSPITAL = "H410523201"


def applicant(sequence: int = 21, **person: str) -> PersonInput:
    number = make_id_number("410523", date(1952, 4, 9), sequence)
    return PersonInput(
        **{
            "id_number": number,
            "name": "王秀英",
            "village": "东街村",
            "phone": "13912345678",
            **person,
        }
    )


def complete(diseases: list[str] | None = None, **fields: object) -> ApplicationInput:
    values: dict[str, object] = {
        "person": applicant(),
        "disease_codes": ["HTN"] if diseases is None else diseases,
        "hospital_code": COUNTY_HOSPITAL,
        "diagnosis_date": date(2026, 9, 1),
        "doctor_name": "李主任",
        **fields,
    }
    return ApplicationInput(**values)  # type: ignore[arg-type]


# A refused package leaves one row in the refusal log and nothing else.
REFUSAL_LOG = "refused_package"


def row_counts(db: Database) -> dict[str, int]:
    """Rows per table, the refusal log apart (tests/app/sync/test_bad_packages.py
    checks that each refusal adds one row there)."""
    with db.reader() as session:
        return {
            name: session.scalar(select(func.count()).select_from(table)) or 0
            for name, table in Base.metadata.tables.items()
            if name != REFUSAL_LOG
        }
