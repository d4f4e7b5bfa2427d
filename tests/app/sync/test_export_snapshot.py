"""An export reads one moment of the database, whatever the counter commits while
it runs, and every export gets its own sequence number."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from app.db.models import Application, SyncPackage
from app.sync.context import claim_sequence
from app.sync.package import PayloadWriter
from tests.app.sync.helpers import Side, batched, make_side, trust


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def any_station(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Side]:
    url = request.getfixturevalue("pg_url") if request.param == "postgres" else None
    side = make_side(tmp_path / "station", "station", "S001", url=url)
    yield side
    side.db.close()


@pytest.fixture
def its_county(tmp_path: Path, any_station: Side) -> Iterator[Side]:
    side = make_side(tmp_path / "county", "county", "C4105")
    trust(any_station, side)
    yield side
    side.db.close()


@pytest.mark.parametrize("after_table", ["person", "batch", "application", "state_change"])
def test_export_is_one_snapshot_while_the_counter_writes(
    any_station: Side,
    its_county: Side,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    after_table: str,
) -> None:
    before = set(batched(any_station.db, 2))
    write_records = PayloadWriter.write_records

    def then_the_counter_commits(
        self: PayloadWriter, table: str, rows: Iterable[dict[str, Any]]
    ) -> int:
        count = write_records(self, table, rows)
        if table == after_table:
            # Files taken in, accepted and batched while the export is half-way.
            batched(any_station.db, 2, start=10)
        return count

    monkeypatch.setattr(PayloadWriter, "write_records", then_the_counter_commits)
    result = any_station.export(tmp_path / "up.ncmspkg")
    monkeypatch.undo()

    assert its_county.import_(result).status == "applied"  # nothing in it is dangling
    with its_county.db.reader() as session:
        assert set(session.scalars(select(Application.id))) == before
    # What came later goes in the next package, whole.
    later = any_station.export(tmp_path / "next.ncmspkg")
    assert its_county.import_(later).status == "applied"
    with its_county.db.reader() as session:
        assert len(set(session.scalars(select(Application.id)))) == 4


def test_a_number_another_export_claimed_is_skipped_and_the_gap_is_harmless(
    any_station: Side, its_county: Side, tmp_path: Path
) -> None:
    batched(any_station.db, 1)
    # Another export (another process) claimed a number while this one ran.
    claimed_elsewhere = claim_sequence(any_station.db, "C4105")
    result = any_station.export(tmp_path / "up.ncmspkg")
    assert result.sequence == claimed_elsewhere + 1
    with any_station.db.reader() as session:
        sequences = list(session.scalars(select(SyncPackage.sequence)))
    assert sequences == [result.sequence]
    assert its_county.import_(result).status == "applied"  # a gap is harmless
