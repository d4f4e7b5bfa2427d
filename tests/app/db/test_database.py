"""Opening an installation's database: what is refused and left untouched, what
is cleaned up on the way, and the sessions it hands out."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest
from sqlalchemy import select, text

from app import scratch
from app.db.database import Database, open_database
from app.db.models import Counter
from app.db.restore_swap import ASIDE_PREFIX
from app.errors import StorageError
from app.paths import DataPaths


class _Stop(Exception):
    pass


def test_a_missing_database_is_refused_and_nothing_is_made(paths: DataPaths) -> None:
    with pytest.raises(StorageError, match=r"No installation at .*run `ncms init` first"):
        open_database(paths)
    assert not paths.root.exists()


def test_create_makes_a_private_empty_database(paths: DataPaths) -> None:
    db = open_database(paths, create=True)
    try:
        assert paths.database.exists()
        with pytest.raises(StorageError, match="run `ncms init` first"):
            db.installation()  # a schema, but no installation in it yet
        if os.name == "posix":
            assert stat.S_IMODE(paths.root.stat().st_mode) == 0o700
    finally:
        db.close()


def test_a_database_of_another_program_is_refused_untouched(paths: DataPaths) -> None:
    paths.root.mkdir(parents=True)
    with sqlite3.connect(paths.database) as conn:
        conn.execute("CREATE TABLE accounts (id INTEGER)")
    with pytest.raises(StorageError, match="not a database of this program"):
        open_database(paths)
    # Its tables as they were (the connection's pragmas do switch it to WAL).
    with sqlite3.connect(paths.database) as conn:
        tables = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    assert tables == [("accounts",)]


def test_a_damaged_database_is_refused_untouched(paths: DataPaths) -> None:
    paths.root.mkdir(parents=True)
    paths.database.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(StorageError, match="is damaged") as refused:
        open_database(paths)
    assert refused.value.key == "storage.damaged"
    assert paths.database.read_bytes() == b"this is not a database at all" * 100


def test_opening_tightens_what_older_versions_left_readable(sqlite_db: Database) -> None:
    if os.name != "posix":
        pytest.skip("permissions are POSIX modes")
    paths = sqlite_db.paths
    sqlite_db.close()
    paths.root.chmod(0o755)
    paths.database.chmod(0o644)
    open_database(paths).close()
    assert stat.S_IMODE(paths.root.stat().st_mode) == 0o700
    assert stat.S_IMODE(paths.database.stat().st_mode) == 0o600


def test_opening_sweeps_what_killed_runs_left_in_work(sqlite_db: Database) -> None:
    paths = sqlite_db.paths
    sqlite_db.close()
    work = paths.work
    work.mkdir(exist_ok=True)
    payload = work / ".import-leftover"
    payload.write_bytes(b"full ID numbers")
    dead = work / ".backup-999999999-x"  # no such process
    dead.mkdir()
    (dead / "ncms.sqlite3").write_bytes(b"a snapshot")
    kept = work / "not-ours.txt"
    kept.write_text("left alone")
    with scratch.working_folder(work, ".backup-") as live:
        open_database(paths).close()
        assert live.is_dir()  # a backup under way in this process
    assert not payload.exists() and not dead.exists()
    assert kept.read_text() == "left alone"


def _aside(paths: DataPaths, name: str, linked: bool) -> Path:
    folder = paths.root / f"{ASIDE_PREFIX}{name}"
    folder.mkdir()
    if linked:  # a restore killed before its swap: a second name of the live file
        os.link(paths.database, folder / paths.database.name)
    else:  # a restore that swapped: the old database, a file of its own
        (folder / paths.database.name).write_bytes(b"the database before the restore")
    return folder


def test_opening_undoes_a_restore_that_never_swapped(sqlite_db: Database) -> None:
    paths = sqlite_db.paths
    sqlite_db.close()
    unswapped = _aside(paths, "20260101T000000000000Z", linked=True)
    swapped = _aside(paths, "20260102T000000000000Z", linked=False)
    legacy = paths.root / ".ncms-restore-old"
    legacy.mkdir()
    db = open_database(paths)
    try:
        db.installation()  # the live database is whole
    finally:
        db.close()
    assert not unswapped.exists() and not legacy.exists()
    assert (swapped / paths.database.name).read_bytes() == b"the database before the restore"


def test_opening_leaves_a_running_restore_alone(sqlite_db: Database) -> None:
    paths = sqlite_db.paths
    sqlite_db.close()
    unswapped = _aside(paths, "20260101T000000000000Z", linked=True)
    with scratch.working_folder(paths.work, ".restore-"):
        open_database(paths).close()
        assert unswapped.exists()  # it may be about to swap
    open_database(paths).close()
    assert not unswapped.exists()


def test_a_session_commits_on_success_and_rolls_back_on_error(db: Database) -> None:
    with db.session() as session:
        session.add(Counter(name="kept", value=1))
    with pytest.raises(_Stop), db.session() as session:
        session.add(Counter(name="dropped", value=1))
        session.flush()
        raise _Stop
    with db.reader() as session:
        assert list(session.scalars(select(Counter.name).order_by(Counter.name))) == ["kept"]


def test_a_snapshot_sees_the_database_as_at_its_first_read(db: Database) -> None:
    with db.session() as session:
        session.add(Counter(name="a", value=1))
    with db.snapshot() as snap:
        first = list(snap.scalars(select(Counter.name)))
        with db.session() as session:  # another writer commits meanwhile
            session.add(Counter(name="b", value=1))
        assert list(snap.scalars(select(Counter.name))) == first == ["a"]
        assert snap.scalar(text("SELECT count(*) FROM counter")) == 1
    with db.reader() as session:
        assert sorted(session.scalars(select(Counter.name))) == ["a", "b"]


def test_installation_names_this_installation(db: Database) -> None:
    installation = db.installation()
    assert (installation.role, installation.code, installation.county_code) == (
        "station",
        "S001",
        "C4105",
    )
