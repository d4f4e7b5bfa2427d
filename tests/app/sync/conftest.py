from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.app.sync.helpers import Side, make_side, trust


@pytest.fixture
def station(tmp_path: Path) -> Iterator[Side]:
    side = make_side(tmp_path / "station", "station", "S001")
    yield side
    side.db.close()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def county(request: pytest.FixtureRequest, tmp_path: Path, station: Side) -> Iterator[Side]:
    """The county on SQLite and on PostgreSQL, as it runs in a real county center."""
    url = request.getfixturevalue("pg_url") if request.param == "postgres" else None
    side = make_side(tmp_path / "county", "county", "C4105", url=url)
    trust(station, side)
    yield side
    side.db.close()
