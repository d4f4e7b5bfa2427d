"""Opening the database: SQLite at a station, PostgreSQL at the county."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from app.db.change_feed import install_notify
from app.db.planner import optimize_sqlite

CONNECT_TIMEOUT = 10  # seconds to reach PostgreSQL before a desk is told it cannot


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets the window read while a sync writes; FULL makes a committed
    # transaction survive a power cut, which a station PC will have; foreign keys
    # are off by default in SQLite and must be switched on per connection.
    assert isinstance(dbapi_connection, sqlite3.Connection)
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def make_engine(url: str) -> Engine:
    """Create the engine for `url` with the settings this program relies on."""
    if url.startswith("sqlite"):
        engine = create_engine(url)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "close", optimize_sqlite)
        return engine
    # pre_ping: a connection the server dropped (a restart, a network cut) is
    # replaced before use rather than failing the desk's next action; the timeout
    # keeps a desk whose network is gone from waiting minutes on each try.
    engine = create_engine(
        url, pool_pre_ping=True, connect_args={"connect_timeout": CONNECT_TIMEOUT}
    )
    install_notify(engine)  # other desks' lists follow what this one records
    return engine


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    # expire_on_commit=False: services return plain values read after commit.
    return sessionmaker(engine, expire_on_commit=False)


def copy_sqlite(source: Path, target: Path) -> None:
    """A consistent copy of a live SQLite database (the online backup API copes
    with WAL and concurrent writers, unlike copying the file)."""
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
