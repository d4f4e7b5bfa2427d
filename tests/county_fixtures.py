"""The county of two stations as a fixture, on SQLite and on PostgreSQL, for the
county's service and window tests (loaded by tests/conftest.py).

Making it takes three installations, two exports and two imports (seconds each);
many tests need it. So each test process makes it once per database kind and every
test gets a copy: the folders copied, and on PostgreSQL a database made from the
first one as its template. Each copy is a county of its own: nothing a test does
reaches another.
"""

from __future__ import annotations

import copy
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from app.db.database import open_database
from app.paths import DataPaths
from tests.app.sync.helpers import County, Side, county_of_two_stations


@dataclass(frozen=True)
class _Template:
    root: Path
    made: County  # closed: its keys and secrets are what the copies take
    database: str | None  # PostgreSQL: the template database's name


_TEMPLATES: dict[str, _Template] = {}


def _new_database(server: str, template: str | None = None) -> str:
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            made_from = f' TEMPLATE "{template}"' if template else ""
            conn.execute(text(f'CREATE DATABASE "{name}"{made_from}'))
    finally:
        admin.dispose()
    return name


def _url(server: str, name: str) -> str:
    return server.rsplit("/", 1)[0] + "/" + name


def _template(kind: str, factory: pytest.TempPathFactory, server: str | None) -> _Template:
    if kind not in _TEMPLATES:
        root = factory.mktemp(f"county-template-{kind}")
        database = _new_database(server) if server else None
        made = county_of_two_stations(root, _url(server, database) if server and database else None)
        made.close()  # a template database takes no connections
        _TEMPLATES[kind] = _Template(root, made, database)
    return _TEMPLATES[kind]


def _copy(side: Side, root: Path, url: str | None = None) -> Side:
    return Side(open_database(DataPaths(root), url), side.keys, root, copy.deepcopy(side.secrets))


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def county_center(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> Iterator[County]:
    """County C4105 holding S001's and S002's batches (see county_of_two_stations)."""
    server = request.getfixturevalue("pg_server") if request.param == "postgres" else None
    template = _template(request.param, tmp_path_factory, server)
    root = tmp_path / "county-of-two"
    shutil.copytree(template.root, root)
    name = _new_database(server, template.database) if server else None
    made = County(
        _copy(
            template.made.county, root / "county", _url(server, name) if server and name else None
        ),
        {code: _copy(side, root / code) for code, side in template.made.stations.items()},
    )
    yield made
    made.close()
    if server and name:
        admin = create_engine(server, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()
