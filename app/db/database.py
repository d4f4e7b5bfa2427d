"""One handle on an installation's storage: engine, sessions, blobs, paths."""

from __future__ import annotations

import contextlib
import hashlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import Engine, select, text
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session, sessionmaker

from app import scratch
from app.blobs.store import BlobStore
from app.db.engine import make_engine, make_session_factory
from app.db.migrate import upgrade
from app.db.models import Installation
from app.db.restore_swap import sweep_interrupted_restores
from app.errors import StorageError
from app.locks import held
from app.paths import DataPaths, private_dir, private_file


@dataclass
class Database:
    engine: Engine
    sessions: sessionmaker[Session]
    paths: DataPaths
    blobs: BlobStore
    _local_locks: dict[str, threading.Lock] = field(default_factory=dict, init=False, repr=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work: commit on success, roll back on any error."""
        with self.sessions() as session, session.begin():
            yield session

    @contextmanager
    def reader(self) -> Iterator[Session]:
        with self.sessions() as session:
            yield session

    @contextmanager
    def snapshot(self) -> Iterator[Session]:
        """A session whose every read sees the database as it was at its first read,
        whatever commits meanwhile (an export must not pair documents with
        applications it never saw)."""
        with self.sessions() as session:
            if self.is_sqlite():
                # pysqlite opens no transaction before a SELECT, so each read would
                # see its own moment; inside BEGIN, WAL keeps one snapshot for all.
                session.connection().exec_driver_sql("BEGIN")
            else:
                session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
            yield session

    def installation(self) -> Installation:
        with self.reader() as session:
            found = session.execute(select(Installation)).scalar_one_or_none()
        if found is None:
            raise StorageError("storage.not_initialised", path=str(self.paths.root))
        return found

    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def exclusive(self, name: str) -> Iterator[None]:
        """Held by one holder at a time among every process that opens this database
        (the workers of `ncms serve`, the window, a scheduled command), waited for:
        on PostgreSQL an advisory lock, which desks on other machines honour too; on
        SQLite a file lock beside the database. A dead holder's lock goes with it.

        Threads of this process queue on a lock of their own first, so that only one
        of them at a time waits on PostgreSQL holding a pooled connection.
        """
        local = self._local_locks.setdefault(name, threading.Lock())
        with local:
            if self.is_sqlite():
                with held(self.paths.root / f".{name}.lock"):
                    yield
                return
            with _advisory_lock(self.engine, name):
                yield

    def close(self) -> None:
        self.engine.dispose()


@contextmanager
def _advisory_lock(engine: Engine, name: str) -> Iterator[None]:
    # A session-level lock on a connection of its own, outside any transaction, so
    # the work under it commits on other connections as it likes.
    key = int.from_bytes(hashlib.sha256(f"ncms:{name}".encode()).digest()[:8], "big", signed=True)
    connection = engine.connect().execution_options(isolation_level="AUTOCOMMIT")
    try:
        connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": key})
        try:
            yield
        finally:
            try:
                connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": key})
            except BaseException:
                # Never back into the pool still holding the lock: closed, it is freed.
                connection.invalidate()
                raise
    finally:
        connection.close()


def _damaged(err: DatabaseError) -> bool:
    """SQLite's own word that the file is not a database or is corrupt (a disk that
    failed, a file copied half-way), rather than a fault of ours."""
    return getattr(err.orig, "sqlite_errorname", "") in ("SQLITE_NOTADB", "SQLITE_CORRUPT")


def open_database(paths: DataPaths, db_url: str | None = None, *, create: bool = False) -> Database:
    """Open (and migrate) the installation's database.

    Without `create`, a missing SQLite file is an error rather than a new empty
    database, so a mistyped --data-dir never looks like an empty station.
    """
    if db_url is None and not paths.database.exists():
        if not create:
            raise StorageError("storage.not_initialised", path=str(paths.root))
        private_dir(paths.root)
    # A run killed before this one may have left a payload under a name, or the
    # documents an import was taking in.
    scratch.sweep(paths.work)
    scratch.sweep(paths.blobs)
    engine = make_engine(db_url or paths.sqlite_url())
    try:
        upgrade(engine, paths.migration_backups)
    except DatabaseError as err:
        engine.dispose()
        if db_url is None and _damaged(err):
            raise StorageError("storage.damaged", path=str(paths.database)) from err
        raise
    if db_url is None:
        sweep_interrupted_restores(paths)
        # Also tightens what older versions made world-readable (0644).
        with contextlib.suppress(OSError):
            private_dir(paths.root)
            private_file(paths.database)
    return Database(engine, make_session_factory(engine), paths, BlobStore(paths.blobs))
