"""Bring a database to the current schema, copying a SQLite file aside first."""

from __future__ import annotations

from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

from app.db.engine import copy_sqlite
from app.db.models import Base
from app.errors import StorageError

if TYPE_CHECKING:
    from alembic.config import Config

# The newest migration. Alembic is imported only when a database is behind it:
# loading it costs tens of megabytes in every command (a test keeps this in step).
SCHEMA_HEAD = "0023"


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("migrations")))
    return cfg


def head_revision() -> str:
    """The head as Alembic reads it from the migration scripts."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    """The revision stamped in the database, without loading Alembic."""
    if "alembic_version" not in inspect(engine).get_table_names():
        return None
    with engine.connect() as conn:
        versions = list(conn.scalars(text("SELECT version_num FROM alembic_version")))
    if len(versions) > 1:
        raise StorageError("storage.not_ncms_database", url=engine.url.render_as_string())
    return versions[0] if versions else None


def _copy_aside(engine: Engine, backup_dir: Path, revision: str) -> Path:
    """Copy the SQLite file with the backup API (consistent even in WAL mode)."""
    database = engine.url.database
    assert database
    backup_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = backup_dir / f"ncms-{revision}-{stamp}.sqlite3"
    copy_sqlite(Path(database), target)
    return target


def upgrade(engine: Engine, backup_dir: Path | None = None, replay: bool = False) -> Path | None:
    """Upgrade to head; return the copy taken aside, if one was needed.

    A database at an older revision is copied to `backup_dir` before anything
    changes, so a failed or faulty migration can be undone by hand. An empty one
    gets the models' tables and the head's stamp at once, as Alembic advises:
    replaying every migration rebuilds SQLite tables one change at a time, for
    nothing (`replay` does it anyway: the test that migrations and models agree).
    """
    current = current_revision(engine)
    if current is None and inspect(engine).get_table_names():
        raise StorageError("storage.not_ncms_database", url=engine.url.render_as_string())
    if current == SCHEMA_HEAD:
        return None
    from alembic import command
    from alembic.script import ScriptDirectory
    from alembic.util import CommandError

    cfg = alembic_config()
    if current is not None:
        try:
            ScriptDirectory.from_config(cfg).get_revision(current)
        except CommandError:
            # Stamped by a newer program: never touch it with older migrations.
            raise StorageError("storage.newer_schema", revision=current) from None
    copied = None
    if current is not None and engine.dialect.name == "sqlite" and backup_dir is not None:
        copied = _copy_aside(engine, backup_dir, current)
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        if current is None and not replay:
            Base.metadata.create_all(connection)
            command.stamp(cfg, "head")
        else:
            command.upgrade(cfg, "head")
    return copied
