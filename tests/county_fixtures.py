"""The county of two stations as a fixture, on SQLite and on PostgreSQL, for the
county's service and window tests (loaded by tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.app.sync.helpers import County, county_of_two_stations


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def county_center(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[County]:
    """County C4105 holding S001's and S002's batches (see county_of_two_stations)."""
    url = request.getfixturevalue("pg_url") if request.param == "postgres" else None
    made = county_of_two_stations(tmp_path, url)
    yield made
    made.close()
