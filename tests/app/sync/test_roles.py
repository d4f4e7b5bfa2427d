"""Sending the station's files to the county is the station head's, whichever route."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, cast

import pytest

from app.errors import PermissionDenied
from app.examination.batches import BatchService
from app.sync.export import ExportService
from app.sync.online.client import OnlineSync
from app.sync.online.tus import CountyLink
from tests.app.helpers import CLERK, HEAD
from tests.app.sync.helpers import Side, accepted


def test_a_clerk_may_not_export_a_package(station: Side, county: Side, tmp_path: Path) -> None:
    accepted(station.db, 1)
    BatchService(station.db).make(HEAD, date(2027, 1, 1))
    out = tmp_path / "up.ncmspkg"
    with pytest.raises(PermissionDenied, match="clerk1"):
        ExportService(station.db, station.keys).export(CLERK, out)
    assert not out.exists()
    assert ExportService(station.db, station.keys).export(HEAD, out).path == out


def test_a_clerk_may_not_sync_online_and_nothing_is_touched(station: Side) -> None:
    class NoLink:
        def __getattr__(self, name: str) -> Any:
            pytest.fail(f"the link was used ({name}) before the role was checked")

    sync = OnlineSync(station.db, station.keys, cast(CountyLink, NoLink()))
    with pytest.raises(PermissionDenied, match="clerk1"):
        sync.run(CLERK)
    assert sync.outbox.entries() == []
