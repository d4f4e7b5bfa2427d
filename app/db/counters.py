"""Gap-free counters (application, batch and certificate numbers), taken inside the
transaction that uses the number: a rolled-back transaction gives it back."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.db.models import Counter


def next_number(session: Session, name: str) -> int:
    """Take the next value of a gap-free counter inside the caller's transaction."""
    # The increment is one UPDATE, not a read and then a write: pysqlite reads
    # outside any transaction and SQLite ignores FOR UPDATE, so two writers that
    # read the same value would both take its successor. The UPDATE waits for the
    # other writer's lock and adds to what it committed; the read after it is
    # this transaction's own write.
    bumped = session.execute(
        update(Counter)
        .where(Counter.name == name)
        .values(value=Counter.value + 1)
        .execution_options(synchronize_session=False)
    )
    if bumped.rowcount == 0:  # type: ignore[attr-defined]
        session.add(Counter(name=name, value=1))
        session.flush()
        return 1
    value = session.scalar(select(Counter.value).where(Counter.name == name))
    assert value is not None
    return value
