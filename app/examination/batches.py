"""The quarter's batch: the station's accepted applications, summarised by declared
disease and reported to the county together (process step 4)."""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from app import workflow
from app.db.counters import next_number
from app.db.database import Database
from app.db.models import Application, Batch
from app.domain.quarters import quarter_label
from app.domain.vocabulary import BatchState
from app.domain.workflow import Role, State
from app.errors import NcmsError
from app.security import audit
from app.security.actor import Actor, require_role


@dataclass(frozen=True)
class BatchSummary:
    number: str | None  # None: not made yet (a preview)
    quarter: date
    applications: int
    by_disease: list[tuple[str, int]]  # disease code, applications declaring it; catalogue order
    batch_id: uuid.UUID | None = None


def _summary(apps: list[Application]) -> list[tuple[str, int]]:
    counts: Counter[str] = Counter(d.disease_code for app in apps for d in app.diseases)
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


class BatchService:
    def __init__(self, db: Database) -> None:
        self.db = db

    @staticmethod
    def _ready(quarter: date) -> Select[Application]:
        # Applications of earlier quarters that missed their batch go with this one.
        return (
            select(Application)
            .where(
                Application.state == State.STATION_ACCEPTED.value,
                Application.quarter <= quarter,
            )
            .options(selectinload(Application.diseases))
            .order_by(Application.number)
        )

    def preview(self, quarter: date) -> BatchSummary:
        with self.db.reader() as session:
            apps = list(session.scalars(self._ready(quarter)))
            return BatchSummary(None, quarter, len(apps), _summary(apps))

    def make(self, actor: Actor, quarter: date) -> BatchSummary:
        """Put every accepted application of the quarter into a new batch, in one transaction."""
        # The station head answers for what goes to the county: a clerk may not.
        require_role(actor, (Role.STATION_HEAD,), "batch.make")
        me = self.db.installation()
        with self.db.session() as session:
            apps = list(session.scalars(self._ready(quarter)))
            if not apps:
                raise NcmsError("batch.nothing", quarter=quarter_label(quarter))
            label = quarter_label(quarter)
            seq = next_number(session, f"batch:{me.code}:{label}")
            batch = Batch(
                number=f"{me.code}-{label}-{seq:02d}",
                station_code=me.code,
                quarter=quarter,
                state=BatchState.CLOSED,
                created_by=actor.username,
                updated_by=actor.username,
            )
            session.add(batch)
            session.flush()
            for app in apps:
                app.batch_id = batch.id
                workflow.move(session, app, actor, State.BATCHED)
            audit.record(
                session,
                actor,
                "batch.make",
                "batch",
                batch.id,
                after={"number": batch.number, "applications": len(apps)},
            )
            return BatchSummary(batch.number, quarter, len(apps), _summary(apps), batch.id)
