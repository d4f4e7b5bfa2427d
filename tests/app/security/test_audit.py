from __future__ import annotations

import pytest
from sqlalchemy import select, text

from app.admin.verify import verify_installation
from app.db.database import Database
from app.db.models import AuditEntry
from app.domain.workflow import Role
from app.security import audit
from app.security.actor import Actor

ACTOR = Actor("clerk1", Role.CLERK)


def _write(db: Database, count: int) -> list[int]:
    with db.session() as session:
        for i in range(count):
            audit.record(
                session, ACTOR, "test.change", "thing", i, before={"n": i}, after={"n": i + 1}
            )
    with db.reader() as session:
        return list(session.scalars(select(AuditEntry.seq).order_by(AuditEntry.seq)))


def _audit_problems(db: Database) -> list[str]:
    return [p for p in verify_installation(db).problems if p.startswith("audit chain")]


def test_untouched_chain_verifies(db: Database) -> None:
    _write(db, 5)
    assert _audit_problems(db) == []


def test_edited_entry_is_named(db: Database) -> None:
    seqs = _write(db, 5)
    with db.engine.begin() as conn:
        conn.execute(
            text("UPDATE audit_entry SET actor = 'someone' WHERE seq = :s"), {"s": seqs[3]}
        )
    assert _audit_problems(db) == [f"audit chain: entry {seqs[3]} was changed after it was written"]


def test_deleted_entry_is_found_where_it_was(db: Database) -> None:
    seqs = _write(db, 5)
    with db.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_entry WHERE seq = :s"), {"s": seqs[2]})
    problems = _audit_problems(db)
    assert f"audit chain: an entry was deleted between entries {seqs[1]} and {seqs[3]}" in (
        problems
    )


def test_deleting_the_newest_entries_is_found(db: Database) -> None:
    seqs = _write(db, 5)
    with db.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_entry WHERE seq >= :s"), {"s": seqs[-2]})
    (problem,) = _audit_problems(db)
    assert f"ending at entry {seqs[-3]}" in problem


def test_inserted_entry_is_named(db: Database) -> None:
    seqs = _write(db, 4)
    with db.engine.begin() as conn:
        # A forged entry slotted in between 2nd and 3rd, chained onto the 2nd.
        row = (
            conn.execute(text("SELECT * FROM audit_entry WHERE seq = :s"), {"s": seqs[1]})
            .mappings()
            .one()
        )
        conn.execute(text("UPDATE audit_entry SET seq = seq + 100 WHERE seq > :s"), {"s": seqs[1]})
        conn.execute(
            text(
                "INSERT INTO audit_entry (seq, id, at, actor, action, entity_type, entity_id, "
                "before, after, prev_hash, hash) VALUES (:seq, :id, :at, 'forger', 'x', 'y', "
                "'z', NULL, NULL, :prev, :hash)"
            ),
            {
                "seq": seqs[1] + 1,
                "id": "f" * 32,
                "at": row["at"],
                "prev": row["hash"],
                "hash": "e" * 64,
            },
        )
    problems = _audit_problems(db)
    assert any(f"entries {seqs[1] + 1} were inserted" in p for p in problems)


def test_reordered_entries_are_found(db: Database) -> None:
    seqs = _write(db, 5)
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE audit_entry SET seq = -1 WHERE seq = :s"), {"s": seqs[2]})
        conn.execute(
            text("UPDATE audit_entry SET seq = :a WHERE seq = :b"), {"a": seqs[2], "b": seqs[3]}
        )
        conn.execute(text("UPDATE audit_entry SET seq = :b WHERE seq = -1"), {"b": seqs[3]})
    problems = _audit_problems(db)
    assert any("out of order" in p for p in problems), problems


@pytest.mark.parametrize("column", ["before", "after"])
def test_changed_values_break_the_hash(db: Database, column: str) -> None:
    seqs = _write(db, 2)
    with db.engine.begin() as conn:
        conn.execute(
            text(f"UPDATE audit_entry SET {column} = '{{\"n\": 99}}' WHERE seq = :s"),
            {"s": seqs[0]},
        )
    assert _audit_problems(db) == [f"audit chain: entry {seqs[0]} was changed after it was written"]
