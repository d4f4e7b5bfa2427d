"""Shared fixtures: every test gets its own data directory and database."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.ui.station_screens import PLATFORM

# Set once for the whole run, before Qt could be imported by any test; the
# offscreen platform then also has the station PCs' screens (tests/ui/station_screens.py).
os.environ.setdefault("QT_QPA_PLATFORM", PLATFORM)

from app import i18n
from app.admin.installation import InitRequest, initialise
from app.db.database import Database, open_database
from app.paths import DataPaths
from app.security.secrets import MemorySecretStore
from tests.integration.pg_server import postgres_server

# The county of two stations (the `county_center` fixture).
pytest_plugins = ["tests.county_fixtures", "tests.partly_approved"]

TODAY = date(2026, 11, 22)
ADMIN_PASSWORD = "admin-pass-1"


@pytest.fixture(autouse=True)
def english_messages() -> Iterator[None]:
    """Assertions read English; one test checks the Chinese catalogue separately."""
    i18n.set_language("en")
    yield
    i18n.set_language("en")


@pytest.fixture
def paths(tmp_path: Path) -> DataPaths:
    return DataPaths(tmp_path / "data")


@pytest.fixture
def secrets() -> MemorySecretStore:
    return MemorySecretStore()


def make_installation(
    paths: DataPaths, secrets: MemorySecretStore, role: str = "station", db_url: str | None = None
) -> Database:
    code = "S001" if role == "station" else "C4105"
    initialise(
        paths,
        db_url,
        InitRequest(
            role,
            code,
            "宜沟镇合管站" if role == "station" else "汤阴县合管中心",
            "C4105",
            ADMIN_PASSWORD,
        ),
        lambda _root, _scope: secrets,
    )
    return open_database(paths, db_url)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    with postgres_server() as url:
        yield url


@pytest.fixture
def pg_url(pg_server: str) -> Iterator[str]:
    """A fresh, empty database on the throwaway server for one test."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(pg_server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield pg_server.rsplit("/", 1)[0] + "/" + name
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db(
    request: pytest.FixtureRequest, paths: DataPaths, secrets: MemorySecretStore
) -> Iterator[Database]:
    """A station installation, on SQLite (as at a station) and on PostgreSQL."""
    url = request.getfixturevalue("pg_url") if request.param == "postgres" else None
    database = make_installation(paths, secrets, db_url=url)
    yield database
    database.close()


@pytest.fixture
def sqlite_db(paths: DataPaths, secrets: MemorySecretStore) -> Iterator[Database]:
    """For what only exists on SQLite (the file, its pragmas, its backup)."""
    database = make_installation(paths, secrets)
    yield database
    database.close()


@pytest.fixture
def county_db(tmp_path: Path, secrets: MemorySecretStore) -> Iterator[Database]:
    database = make_installation(DataPaths(tmp_path / "county"), secrets, role="county")
    yield database
    database.close()
