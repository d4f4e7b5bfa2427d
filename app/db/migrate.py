"""Bring a database to the current schema, copying a SQLite file aside first."""

from __future__ import annotations

from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect

from app.db.engine import copy_sqlite
from app.errors import StorageError


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("migrations")))
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def _copy_aside(engine: Engine, backup_dir: Path, revision: str) -> Path:
    """Copy the SQLite file with the backup API (consistent even in WAL mode)."""
    database = engine.url.database
    assert database
    backup_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = backup_dir / f"ncms-{revision}-{stamp}.sqlite3"
    copy_sqlite(Path(database), target)
    return target


def upgrade(engine: Engine, backup_dir: Path | None = None) -> Path | None:
    """Upgrade to head; return the copy taken aside, if one was needed.

    A database at an older revision is copied to `backup_dir` before anything
    changes, so a failed or faulty migration can be undone by hand.
    """
    current = current_revision(engine)
    if current is None and inspect(engine).get_table_names():
        raise StorageError("storage.not_ncms_database", url=engine.url.render_as_string())
    head = head_revision()
    if current == head:
        return None
    copied = None
    if current is not None and engine.dialect.name == "sqlite" and backup_dir is not None:
        copied = _copy_aside(engine, backup_dir, current)
    cfg = alembic_config()
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "head")
    return copied
