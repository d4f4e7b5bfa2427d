"""`ncms export` killed with SIGKILL at random points: no half-written file ever
carries the final name, and nothing is marked as sent without a whole package."""

from __future__ import annotations

import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.integration.cli import cli_env, ncms, station_and_county

ROUNDS = 10


def _ok(result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode == 0, result.stderr


def _marked_sent(database: Path) -> int:
    with sqlite3.connect(database) as conn:
        return int(conn.execute("SELECT count(*) FROM sync_package").fetchone()[0])


@pytest.mark.slow
def test_killed_exports_leave_no_partial_package(tmp_path: Path) -> None:
    pristine, county = tmp_path / "station-before", tmp_path / "county"
    station_and_county(tmp_path, pristine, county)
    _ok(ncms(pristine, "demo", "--applications", "5000", "--seed", "13"))

    timing = tmp_path / "timing"
    shutil.copytree(pristine, timing)
    started = time.perf_counter()
    _ok(ncms(timing, "export", "--out", str(tmp_path / "timing.ncmspkg")))
    duration = time.perf_counter() - started

    rng = random.Random(7)
    outcomes = []
    for round_ in range(ROUNDS):
        station = tmp_path / f"station-{round_}"
        shutil.copytree(pristine, station)
        target = tmp_path / f"usb-{round_}" / "S001.ncmspkg"
        target.parent.mkdir()
        command = [sys.executable, "-m", "app.cli.main", "--data-dir", str(station)]
        process = subprocess.Popen(
            [*command, "export", "--out", str(target)],
            env=cli_env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.4 * duration, 1.05 * duration))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        marked = _marked_sent(station / "ncms.sqlite3")
        assert marked == 0 or target.exists(), "marked as sent without a package"
        if target.exists():
            # Whatever carries the final name is a whole, valid package.
            check = tmp_path / f"county-{round_}"
            shutil.copytree(county, check)
            _ok(ncms(check, "import", str(target)))
            shutil.rmtree(check)
        outcomes.append("written" if target.exists() else "no file")
        _ok(ncms(station, "verify"))
        shutil.rmtree(station)
    print(f"export takes {duration:.1f} s; after each kill: {outcomes}")
