"""Knowing that another desk changed the database, and that the database can be
reached at all.

Several county desks share one PostgreSQL database; a station's window shares its
SQLite file with `ncms` commands and the sync service. A list on screen should follow
what the others record. On PostgreSQL every transaction that wrote sends a NOTIFY
when it commits (`install_notify`), and the feed LISTENs on a connection of its own;
on SQLite the feed reads `PRAGMA data_version`, which moves when any other connection
commits. Either way the caller polls (`ChangeFeed.poll`) from one thread of its own:
a lost network must never freeze the window.

The feed's poll is also the watchdog: it raises the driver's error while the
database cannot be reached, and once it answers again it says "changed", since what
the others did meanwhile was not heard.
"""

from __future__ import annotations

import contextlib
import uuid
import weakref
from typing import Any

from sqlalchemy import Connection, Engine, event
from sqlalchemy.exc import DBAPIError

CHANNEL = "ncms_change"
# Each engine's NOTIFYs carry its own mark, so a feed on that engine does not report
# them back: the window announces its own changes itself (ui/changes.py).
_MARKS: weakref.WeakKeyDictionary[Engine, str] = weakref.WeakKeyDictionary()
_WROTE = "ncms_wrote"
_WRITES = ("INSERT", "UPDATE", "DELETE")


def install_notify(engine: Engine) -> None:
    """On PostgreSQL: every transaction that wrote NOTIFYs the channel as it
    commits (NOTIFY is transactional: a rolled-back one is never heard)."""
    if engine.dialect.name != "postgresql":
        return
    mine = _MARKS.setdefault(engine, uuid.uuid4().hex)

    def mark(
        conn: Connection,
        _cursor: Any,
        statement: str,
        _parameters: Any,
        _context: Any,
        _executemany: bool,
    ) -> None:
        if statement.lstrip()[:6].upper() in _WRITES:
            conn.info[_WROTE] = True

    def notify(conn: Connection) -> None:
        if conn.info.pop(_WROTE, False):
            # Straight to the driver: the transaction is still open here, just
            # before its COMMIT, and SQLAlchemy is in the middle of committing it.
            driver = conn.connection.dbapi_connection
            assert driver is not None
            driver.execute(f"NOTIFY {CHANNEL}, '{mine}'")

    def forget(conn: Connection) -> None:
        conn.info.pop(_WROTE, None)

    event.listen(engine, "before_cursor_execute", mark)
    event.listen(engine, "commit", notify)
    event.listen(engine, "rollback", forget)


class ChangeFeed:
    """Polled from one thread (its connection lives there)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._conn: Connection | None = None
        self._connected_once = False
        self._version: int | None = None  # SQLite: data_version at the last poll
        self._heard = False

    def poll(self) -> bool:
        """True when another connection committed since the last poll, or the feed
        connected again after a loss. Raises the driver's error while the database
        cannot be reached; the next poll tries again."""
        try:
            reconnected = False
            if self._conn is None:
                reconnected = self._connected_once
                self._conn = self._connect()
                self._connected_once = True
            if self.engine.dialect.name == "sqlite":
                changed = self._poll_sqlite(self._conn)
            else:
                self._conn.exec_driver_sql("SELECT 1")  # delivers what was sent meanwhile
                changed, self._heard = self._heard, False
            return changed or reconnected
        except Exception:
            self._drop()
            raise

    def _connect(self) -> Connection:
        if self.engine.dialect.name == "sqlite":
            return self.engine.connect()
        conn = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        driver = conn.connection.dbapi_connection
        assert driver is not None
        driver.add_notify_handler(self._on_notify)
        conn.exec_driver_sql(f"LISTEN {CHANNEL}")
        return conn

    def _poll_sqlite(self, conn: Connection) -> bool:
        version = int(conn.exec_driver_sql("PRAGMA data_version").scalar_one())
        changed = self._version is not None and version != self._version
        self._version = version
        conn.rollback()  # no read transaction held open between polls
        return changed

    def _on_notify(self, notify: Any) -> None:
        if notify.payload != _MARKS.get(self.engine):
            self._heard = True

    def _drop(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(Exception):  # already gone with the server
                self._conn.invalidate()
                self._conn.close()
            self._conn = None
        self._version = None

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


def connection_lost(error: BaseException) -> bool:
    """The database could not be reached (a server restart, a network cut), rather
    than a fault in what was asked: SQLAlchemy's word that it dropped the
    connection, or PostgreSQL's driver failing to talk to its server. SQLite's
    OperationalError (a locked or read-only file) is not this."""
    import psycopg  # the PostgreSQL driver is a dependency; imported when asked

    if isinstance(error, DBAPIError):
        return bool(error.connection_invalidated) or isinstance(
            error.orig, psycopg.OperationalError
        )
    return isinstance(error, psycopg.OperationalError)
