"""Read-only lists of batches and certificates (their own pages grow with the sync
and printing work)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from app.db.database import Database
from app.db.models import Application, Batch, Certificate, Person


@dataclass(frozen=True)
class BatchRow:
    number: str
    quarter: date
    state: str
    applications: int
    id: uuid.UUID


@dataclass(frozen=True)
class CertificateRow:
    number: str
    name: str
    id_number: str
    diseases: tuple[str, ...]
    valid_from: date
    valid_until: date | None
    print_count: int
    handed_out: bool
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


def list_certificates(db: Database, limit: int = 1000) -> list[CertificateRow]:
    query = (
        select(Certificate, Person.name, Person.id_number)
        .join(Person, Person.id == Certificate.person_id)
        .order_by(Certificate.issued_on.desc(), Certificate.number.desc())
        .limit(limit)
    )
    with db.reader() as session:
        return [
            CertificateRow(
                c.number,
                name,
                id_number,
                tuple(d["code"] for d in c.diseases),
                c.valid_from,
                c.valid_until,
                c.print_count,
                c.handed_out_at is not None,
                c.id,
            )
            for c, name, id_number in session.execute(query)
        ]


class Registers:
    """The batch and certificate lists, for the window."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def batches(self) -> list[BatchRow]:
        return list_batches(self.db)

    def certificates(self) -> list[CertificateRow]:
        return list_certificates(self.db)
