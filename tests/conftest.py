"""Shared fixtures: every test gets its own data directory and database."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

# Set once for the whole run, before Qt could be imported by any test.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from app import i18n
from app.paths import DataPaths
from app.security.secrets import MemorySecretStore
from app.services.database import Database, open_database
from app.services.installation import InitRequest, initialise

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
        lambda _root: secrets,
    )
    return open_database(paths, db_url)


@pytest.fixture
def db(paths: DataPaths, secrets: MemorySecretStore) -> Iterator[Database]:
    database = make_installation(paths, secrets)
    yield database
    database.close()


@pytest.fixture
def county_db(tmp_path: Path, secrets: MemorySecretStore) -> Iterator[Database]:
    database = make_installation(DataPaths(tmp_path / "county"), secrets, role="county")
    yield database
    database.close()
