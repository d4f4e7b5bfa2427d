"""A database as an older release left it: a new SQLite file migrated only up to a
given revision and filled with rows written in that revision's shape, for a test to
upgrade with `app.db.migrate.upgrade` and look at what the migration made of them."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from alembic import command
from sqlalchemy import Engine, text

from app.db.engine import make_engine
from app.db.migrate import alembic_config


def database_at(path: Path, revision: str, *rows: tuple[str, Mapping[str, Any]] | str) -> Engine:
    """`rows`: SQL statements, each alone or with its parameters."""
    engine = make_engine(f"sqlite:///{path}")
    cfg = alembic_config()
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, revision)
        for row in rows:
            statement, parameters = (row, {}) if isinstance(row, str) else row
            connection.execute(text(statement), dict(parameters))
    return engine
