"""SQLite plans a query from its statistics, which a new database lacks: the
duplicate check must look a person up by ID number even then (a new county's first
import, thousands of files), and closing a database gathers the statistics."""

from __future__ import annotations

import sqlite3
import uuid
from typing import Any

from sqlalchemy import event

from app.db.database import Database, open_database
from app.db.models import Person
from app.intake.rules import open_duplicates
from app.paths import DataPaths
from tests.app.sync.helpers import accepted


def _plan_of_open_duplicates(db: Database) -> list[str]:
    seen: list[tuple[str, Any]] = []

    def capture(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if "application_disease" in statement:
            seen.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", capture)
    try:
        with db.reader() as session:
            open_duplicates(
                session, Person.id_number == "410523195001010011", ["HTN"], uuid.uuid4(), "new"
            )
    finally:
        event.remove(db.engine, "before_cursor_execute", capture)
    [(statement, parameters)] = seen
    raw = sqlite3.connect(db.paths.database)
    try:
        return [row[3] for row in raw.execute("EXPLAIN QUERY PLAN " + statement, parameters)]
    finally:
        raw.close()


def test_the_duplicate_check_starts_from_the_person_without_statistics(
    sqlite_db: Database,
) -> None:
    for n in range(1, 4):
        accepted(sqlite_db, n)
    raw = sqlite3.connect(sqlite_db.paths.database)
    has_stats = raw.execute(
        "SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'"
    ).fetchone()[0]
    raw.close()
    assert not has_stats
    plan = _plan_of_open_duplicates(sqlite_db)
    assert "person" in plan[0] and "id_number" in plan[0], plan


def test_closing_the_database_gathers_statistics(sqlite_db: Database, paths: DataPaths) -> None:
    for n in range(1, 4):
        accepted(sqlite_db, n)
    _plan_of_open_duplicates(sqlite_db)  # a query that wants them
    sqlite_db.close()
    raw = sqlite3.connect(paths.database)
    try:
        tables = {row[0] for row in raw.execute("SELECT tbl FROM sqlite_stat1")}
    finally:
        raw.close()
    assert {"person", "application_disease"} <= tables
    open_database(paths).close()  # and the database opens as before
