"""A desk hears what another desk commits (LISTEN/NOTIFY on PostgreSQL, the file's
data_version on SQLite), never its own or a rolled-back change, and the feed says when
the database cannot be reached and catches up once it can."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, select, text, update
from sqlalchemy.exc import DBAPIError

from app.db.change_feed import ChangeFeed
from app.db.database import Database, open_database
from app.db.models import Installation
from app.paths import DataPaths
from app.security.secrets import MemorySecretStore
from tests.conftest import make_installation


def _rename(db: Database, name: str) -> None:
    with db.session() as session:
        session.execute(update(Installation).values(name=name))


def test_a_commit_on_another_desk_is_heard_once(db: Database) -> None:
    url = None if db.is_sqlite() else db.engine.url.render_as_string(hide_password=False)
    other = open_database(db.paths, url)  # a second desk
    feed = ChangeFeed(db.engine)
    try:
        assert feed.poll() is False  # connected: nothing yet
        _rename(other, "另一台电脑改的")
        assert feed.poll() is True
        assert feed.poll() is False  # heard once
        with other.reader() as session:  # reading changes nothing
            session.scalars(select(Installation)).all()
        assert feed.poll() is False
        with pytest.raises(RuntimeError), other.session() as session:
            session.execute(update(Installation).values(name="rolled back"))
            raise RuntimeError("the desk's action failed half-way")
        assert feed.poll() is False  # never committed: nothing to follow
    finally:
        feed.close()
        other.close()


@pytest.fixture
def pg_db(paths: DataPaths, secrets: MemorySecretStore, pg_url: str) -> Iterator[Database]:
    database = make_installation(paths, secrets, db_url=pg_url)
    yield database
    database.close()


# On SQLite data_version counts every other connection, the desk's own pool's too.
@pytest.mark.postgres
def test_a_desk_is_not_told_its_own_changes(pg_db: Database) -> None:
    db = pg_db
    feed = ChangeFeed(db.engine)
    try:
        feed.poll()
        _rename(db, "本机改的")
        assert feed.poll() is False
    finally:
        feed.close()


@pytest.mark.postgres
def test_a_lost_database_raises_and_the_feed_catches_up(pg_db: Database, pg_server: str) -> None:
    db, server = pg_db, pg_server
    name = db.engine.url.database
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    feed = ChangeFeed(db.engine)
    try:
        feed.poll()
        with admin.connect() as conn:  # the database goes away: every connection cut
            conn.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false'))
            conn.execute(
                text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"),
                {"n": name},
            )
        with pytest.raises(DBAPIError):
            feed.poll()
        with pytest.raises(DBAPIError):
            feed.poll()  # still away: tried again, still refused
        with admin.connect() as conn:
            conn.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true'))
        assert feed.poll() is True  # back: what others did meanwhile was not heard
        assert feed.poll() is False
        assert db.installation().code  # and the desk's own pool reconnects by itself
    finally:
        feed.close()
        admin.dispose()
