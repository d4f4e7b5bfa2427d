"""The read-only list of the station's batches, for the window."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from app.db.database import Database
from app.db.models import Application, Batch


@dataclass(frozen=True)
class BatchRow:
    number: str
    quarter: date
    state: str
    applications: int
    id: uuid.UUID


def list_batches(db: Database) -> list[BatchRow]:
    counts = (
        select(Application.batch_id, func.count().label("n"))
        .group_by(Application.batch_id)
        .subquery()
    )
    query = (
        select(Batch.number, Batch.quarter, Batch.state, func.coalesce(counts.c.n, 0), Batch.id)
        .outerjoin(counts, counts.c.batch_id == Batch.id)
        .order_by(Batch.quarter.desc(), Batch.number.desc())
    )
    with db.reader() as session:
        return [BatchRow(*row) for row in session.execute(query)]


class BatchList:
    """The batch list, for the window."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def batches(self) -> list[BatchRow]:
        return list_batches(self.db)
