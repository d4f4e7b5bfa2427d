"""`ncms import` killed with SIGKILL at random points, many times: afterwards the
county database verifies and the package is either wholly applied or not at all."""

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


def _state(database: Path) -> tuple[int, int, int]:
    with sqlite3.connect(database) as conn:
        packages = conn.execute("SELECT count(*) FROM sync_package").fetchone()[0]
        applications = conn.execute("SELECT count(*) FROM application").fetchone()[0]
        documents = conn.execute("SELECT count(*) FROM document").fetchone()[0]
    return packages, applications, documents


@pytest.mark.slow
def test_killed_imports_apply_all_or_nothing(tmp_path: Path) -> None:
    station, pristine = tmp_path / "station", tmp_path / "county-before"
    station_and_county(tmp_path, station, pristine)
    _ok(ncms(station, "demo", "--applications", "5000", "--seed", "11"))
    package = tmp_path / "up.ncmspkg"
    _ok(ncms(station, "export", "--out", str(package)))

    # How long a whole import takes here, to spread the kills across it.
    timing = tmp_path / "timing"
    shutil.copytree(pristine, timing)
    started = time.perf_counter()
    _ok(ncms(timing, "import", str(package)))
    duration = time.perf_counter() - started
    full = _state(timing / "ncms.sqlite3")
    assert full[0] == 1 and full[1] > 0

    rng = random.Random(20261122)
    outcomes = []
    for round_ in range(ROUNDS):
        county = tmp_path / f"county-{round_}"
        shutil.copytree(pristine, county)
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "app.cli.main",
                "--data-dir",
                str(county),
                "import",
                str(package),
            ],
            env=cli_env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.4 * duration, 1.05 * duration))  # start-up takes the first part
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        verified = ncms(county, "verify")
        assert verified.returncode == 0, verified.stderr
        state = _state(county / "ncms.sqlite3")
        assert state in ((0, 0, 0), full), state
        outcomes.append("applied" if state == full else "not applied")
        # Whatever happened, importing again finishes the job exactly once.
        _ok(ncms(county, "import", str(package)))
        assert _state(county / "ncms.sqlite3") == full
        shutil.rmtree(county)
    print(f"import takes {duration:.1f} s; after each kill: {outcomes}")
