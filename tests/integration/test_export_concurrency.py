"""Exports while the station works: two at once get their own sequence numbers, and
one running while the counter commits new files makes a package the county takes."""

from __future__ import annotations

import sqlite3
import subprocess
import time
from pathlib import Path

from tests.integration.cli import (
    finish,
    ncms,
    start_demo_writer,
    start_ncms,
    station_and_county,
)


def _ok(result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode == 0, result.stderr


def _count(database: Path, query: str) -> list[tuple[int, ...]]:
    with sqlite3.connect(database) as conn:
        return conn.execute(query).fetchall()


def test_two_exports_at_once_never_share_a_sequence_number(tmp_path: Path) -> None:
    station, county = tmp_path / "station", tmp_path / "county"
    station_and_county(tmp_path, station, county)
    _ok(ncms(station, "demo", "--applications", "400", "--seed", "5"))
    outs = [tmp_path / "a.ncmspkg", tmp_path / "b.ncmspkg"]
    exports = [start_ncms(station, "export", "--out", str(out)) for out in outs]
    for process in exports:
        code, err = finish(process)
        assert code == 0, err
    rows = _count(station / "ncms.sqlite3", "SELECT sequence FROM sync_package ORDER BY 1")
    assert rows == [(1,), (2,)]
    for out in outs:  # both whole and signed; the county takes them in either order
        _ok(ncms(county, "import", str(out)))


def test_export_while_the_counter_writes_makes_a_package_the_county_takes(
    tmp_path: Path,
) -> None:
    station, county = tmp_path / "station", tmp_path / "county"
    station_and_county(tmp_path, station, county)
    _ok(ncms(station, "demo", "--applications", "400", "--seed", "6"))
    database = station / "ncms.sqlite3"
    before = _count(database, "SELECT count(*) FROM application")[0][0]
    writer = start_demo_writer(station, 20)
    try:
        while _count(database, "SELECT count(*) FROM application")[0][0] < before + 100:
            assert writer.poll() is None, finish(writer)
            time.sleep(0.05)
        package = tmp_path / "up.ncmspkg"
        _ok(ncms(station, "export", "--out", str(package)))
        during = _count(database, "SELECT count(*) FROM application")[0][0]
        assert writer.poll() is None, "the counter stopped writing before the export ended"
    finally:
        writer.kill()
        finish(writer, 60)
    assert during > before + 100
    imported = ncms(county, "import", str(package))
    assert imported.returncode == 0, imported.stderr
    _ok(ncms(station, "verify"))
