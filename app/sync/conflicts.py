"""Decisions that arrived for a version of an application the station has since
changed.

They are never applied over the newer data (DESIGN: ownership and conflicts). The
station head looks at each one: the county will judge the amended version when it
arrives, so resolving means confirming that the older decision does not stand here.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from app.db.database import Database
from app.db.models import Application, Decision, Person
from app.domain.workflow import Role
from app.errors import NcmsError
from app.security import audit
from app.security.actor import Actor, require_role


@dataclass(frozen=True)
class Conflict:
    decision_id: uuid.UUID
    application_number: str
    name: str
    disease_code: str
    outcome: str
    judged_version: int
    current_version: int
    decided_on: date


def list_conflicts(db: Database) -> list[Conflict]:
    with db.reader() as session:
        rows = session.execute(
            select(Decision, Application.number, Application.version, Person.name)
            .join(Application, Application.id == Decision.application_id)
            .join(Person, Person.id == Application.person_id)
            .where(Decision.conflict.is_(True))
            .order_by(Decision.decided_on, Application.number)
        ).all()
    return [
        Conflict(
            d.id, number, name, d.disease_code, d.outcome, d.application_version, v, d.decided_on
        )
        for d, number, v, name in rows
    ]


def resolve_conflict(db: Database, actor: Actor, decision_id: uuid.UUID, note: str) -> None:
    """The head confirms the older decision does not stand; the reason is audited."""
    require_role(actor, (Role.STATION_HEAD,), "conflict.resolve")
    if not note.strip():
        raise NcmsError("conflict.note_required")
    with db.session() as session:
        decision = session.get(Decision, decision_id)
        if decision is None or not decision.conflict:
            raise NcmsError("conflict.not_found")
        decision.conflict = False
        audit.record(
            session,
            actor,
            "decision.conflict_resolved",
            "decision",
            decision.id,
            before={"conflict": True},
            after={"conflict": False, "note": note.strip()},
        )
