"""`ncms export` killed with SIGKILL while it works: no half-written file ever
carries the final name, nothing is marked as sent without a whole package, and the
station's data opens and verifies afterwards."""

from __future__ import annotations

import random
import shutil
import sqlite3
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.integration.cli import (
    finish,
    kill_while_working,
    ncms,
    start_ncms,
    station_and_county,
    wait_until_working,
)

ROUNDS = 6


def _ok(result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode == 0, result.stderr


def _marked_sent(database: Path) -> int:
    with sqlite3.connect(database) as conn:
        return int(conn.execute("SELECT count(*) FROM sync_package").fetchone()[0])


def _exporting(station: Path, target: Path) -> Callable[[list[str]], bool]:
    """Working: building the payload under work/ or writing the package's .part."""
    work, part = str(station / "work"), str(target) + ".part"
    return lambda files: any(f.startswith(work) or f == part for f in files)


@pytest.mark.slow
def test_killed_exports_leave_no_partial_package(tmp_path: Path) -> None:
    pristine, county = tmp_path / "station-before", tmp_path / "county"
    station_and_county(tmp_path, pristine, county)
    _ok(ncms(pristine, "demo", "--applications", "2000", "--seed", "13"))

    timing = tmp_path / "timing"
    shutil.copytree(pristine, timing)
    out = tmp_path / "timing.ncmspkg"
    process = start_ncms(timing, "export", "--out", str(out))
    wait_until_working(process, _exporting(timing, out))
    started = time.perf_counter()
    code, err = finish(process)
    assert code == 0, err
    duration = time.perf_counter() - started

    rng = random.Random(7)
    outcomes = []
    for round_ in range(ROUNDS):
        station = tmp_path / f"station-{round_}"
        target = tmp_path / f"usb-{round_}" / "S001.ncmspkg"
        delay = rng.uniform(0, 0.95 * duration)
        while True:
            shutil.copytree(pristine, station)
            target.parent.mkdir()
            process = start_ncms(station, "export", "--out", str(target))
            if kill_while_working(process, _exporting(station, target), delay):
                break
            shutil.rmtree(station)  # finished before the kill: try earlier
            shutil.rmtree(target.parent)
            delay /= 2
        marked = _marked_sent(station / "ncms.sqlite3")
        assert marked == 0, "marked as sent by an export killed while it worked"
        if target.exists():
            # Killed after the rename: what carries the final name is whole and valid.
            check = tmp_path / f"county-{round_}"
            shutil.copytree(county, check)
            _ok(ncms(check, "import", str(target)))
            shutil.rmtree(check)
        outcomes.append("written" if target.exists() else "no file")
        _ok(ncms(station, "verify"))
        assert list((station / "work").glob(".export-*")) == []
        shutil.rmtree(station)
    assert "no file" in outcomes, "every kill landed after the package was complete"
    print(f"export works for {duration:.1f} s; after each kill: {outcomes}")
