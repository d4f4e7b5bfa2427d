"""A station whose files went through the county: three decided (the first
rejected), the decisions and certificates back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.printing.printouts import save_office
from tests.app.helpers import HEAD
from tests.app.sync.helpers import Side, certified_station


@pytest.fixture
def station(tmp_path: Path) -> Iterator[Side]:
    """Three files through the county (the first rejected), with the office contact."""
    station = certified_station(tmp_path, 3, reject=frozenset({0}))
    save_office(station.db, HEAD, "0372-6221234", "宜沟镇政府院内")
    yield station
    station.db.close()
