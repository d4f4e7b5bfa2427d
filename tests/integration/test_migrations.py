"""Models and migrations agree, and the upgrade runs on SQLite and PostgreSQL."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from app.db.engine import make_engine
from app.db.migrate import SCHEMA_HEAD, current_revision, head_revision, upgrade
from app.db.models import Base
from app.errors import StorageError
from tests.old_schema import database_at


def _diff(url: str, replay: bool = True) -> list[object]:
    engine = make_engine(url)
    try:
        upgrade(engine, replay=replay)
        assert current_revision(engine) == head_revision()
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            return list(compare_metadata(context, Base.metadata))
    finally:
        engine.dispose()


def test_sqlite_upgrade_matches_models(tmp_path: Path) -> None:
    assert _diff(f"sqlite:///{tmp_path / 'x.sqlite3'}") == []


def test_a_new_database_made_from_the_models_is_at_the_head(tmp_path: Path) -> None:
    """What a first start makes without replaying the migrations is what they make."""
    assert _diff(f"sqlite:///{tmp_path / 'x.sqlite3'}", replay=False) == []


@pytest.mark.postgres
def test_postgres_upgrade_matches_models(pg_url: str) -> None:
    assert _diff(pg_url) == []


def test_a_model_change_without_migration_is_caught(tmp_path: Path) -> None:
    from sqlalchemy import Column, Integer, MetaData, Table

    engine = make_engine(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    upgrade(engine)
    extra = MetaData()
    for table in Base.metadata.tables.values():
        table.to_metadata(extra)
    Table("person", extra, Column("shoe_size", Integer), extend_existing=True)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), extra)
    assert any(d[0] == "add_column" and d[3].name == "shoe_size" for d in diff)


def test_sqlite_runs_in_wal_with_full_sync_and_foreign_keys(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_a_database_of_a_newer_program_is_refused_untouched(tmp_path: Path) -> None:
    db_file = tmp_path / "x.sqlite3"
    engine = make_engine(f"sqlite:///{db_file}")
    upgrade(engine)
    # Pretend a later release stamped the file with a migration this one lacks.
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    with pytest.raises(StorageError, match=r"newer version of the program \(schema 0099\)"):
        upgrade(engine, tmp_path / "aside")
    assert not (tmp_path / "aside").exists()  # nothing to copy: nothing was touched
    with sqlite3.connect(db_file) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0099",)


def test_the_head_the_program_checks_is_the_newest_migration() -> None:
    """Opening a database compares against SCHEMA_HEAD so that Alembic is not
    loaded on every command; it must name the newest script."""
    assert head_revision() == SCHEMA_HEAD


def test_foreign_database_is_refused(tmp_path: Path) -> None:
    db_file = tmp_path / "other.sqlite3"
    with sqlite3.connect(db_file) as conn:
        conn.execute("CREATE TABLE accounts (id INTEGER)")
    with pytest.raises(StorageError, match="not a database of this program"):
        upgrade(make_engine(f"sqlite:///{db_file}"))


def test_a_database_at_0001_with_data_upgrades_and_keeps_its_rows(tmp_path: Path) -> None:
    """What a station that installed the first release sees at its next start."""
    from alembic import command

    from app.db.migrate import alembic_config

    db_file = tmp_path / "old.sqlite3"
    engine = make_engine(f"sqlite:///{db_file}")
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO counter (name, value) VALUES ('kept', 7)"))
    copied = upgrade(engine, tmp_path / "aside")
    assert copied is not None and copied.exists()  # copied aside first
    assert current_revision(engine) == head_revision()
    with engine.connect() as conn:
        assert conn.execute(text("SELECT value FROM counter WHERE name='kept'")).scalar() == 7
        indexes = [r[1] for r in conn.execute(text("PRAGMA index_list('application')"))]
    assert "ix_application_state_updated" in indexes


def test_acknowledgements_owed_move_from_the_summary_to_rows_and_back(tmp_path: Path) -> None:
    """A 0004 database owes acks as a JSON list; 0005 keeps every one, in order."""
    import json

    from alembic import command

    from app.db.migrate import alembic_config

    engine = make_engine(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    cfg = alembic_config()
    owed = [["person", "p-1", 2], ["state_change", "s-1", 0], ["audit_head", "abc", 9]]
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0004")
        conn.execute(
            text(
                "INSERT INTO sync_package (id, direction, peer_code, sequence, created_at,"
                " recorded_at, file_name, size, sha256, counts, summary) VALUES"
                " (:id, 'in', 'S001', 1, '2026-11-01', '2026-11-01', 'f', 0, '', '{}', :s)"
            ),
            {
                "id": "0" * 32,
                "s": json.dumps({"changes": {"person": 1}, "acks": owed}),
            },
        )
    upgrade(engine)
    with engine.connect() as conn:
        rows = conn.execute(
            text("SELECT kind, record_id, version FROM sync_ack ORDER BY position")
        ).all()
        summary = json.loads(conn.execute(text("SELECT summary FROM sync_package")).scalar())
    assert [list(r) for r in rows] == owed
    assert summary == {"changes": {"person": 1}}
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0004")
    with engine.connect() as conn:
        summary = json.loads(conn.execute(text("SELECT summary FROM sync_package")).scalar())
    assert summary == {"changes": {"person": 1}, "acks": owed}


def test_a_county_at_0006_keeps_its_stations_and_gains_empty_token_digests(
    tmp_path: Path,
) -> None:
    """Their tokens are still in the secret store: the sync service digests them."""
    engine = database_at(
        tmp_path / "x.sqlite3",
        "0006",
        "INSERT INTO peer (code, role, name, county_code, signing_public_key,"
        " age_recipient, added_at) VALUES ('S001', 'station', 'n', 'C4105', 'k', 'a',"
        " '2026-11-01')",
    )
    upgrade(engine)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT code, sync_token_sha256 FROM peer")).all()
    assert [tuple(r) for r in rows] == [("S001", None)]
