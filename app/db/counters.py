"""Gap-free counters (application, batch and certificate numbers), taken inside the
transaction that uses the number: a rolled-back transaction gives it back."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.db.models import Counter


def next_number(session: Session, name: str) -> int:
    """Take the next value of a gap-free counter inside the caller's transaction."""
    counter = session.get(Counter, name, with_for_update=True)
    if counter is None:
        counter = Counter(name=name, value=0)
        session.add(counter)
    counter.value += 1
    session.flush()
    return counter.value
