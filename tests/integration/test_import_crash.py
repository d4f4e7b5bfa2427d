"""`ncms import` killed with SIGKILL while it works, many times: afterwards the county
database verifies, the package is either wholly applied or not at all, no decrypted
payload survives the next start, and blobs the kill left unreferenced are reported."""

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


def _state(database: Path) -> tuple[int, int, int]:
    with sqlite3.connect(database) as conn:
        packages = conn.execute("SELECT count(*) FROM sync_package").fetchone()[0]
        applications = conn.execute("SELECT count(*) FROM application").fetchone()[0]
        documents = conn.execute("SELECT count(*) FROM document").fetchone()[0]
    return packages, applications, documents


def _importing(package: Path, county: Path) -> Callable[[list[str]], bool]:
    """Working: reading the package, or holding the decrypted payload under work/."""
    work = str(county / "work")
    return lambda files: any(f == str(package) or f.startswith(work) for f in files)


def _decrypted_files(county: Path) -> list[Path]:
    work = county / "work"
    return list(work.glob(".import-*")) if work.is_dir() else []


def _blob_files(county: Path) -> int:
    return sum(1 for p in (county / "blobs").glob("??/*") if not p.name.startswith("."))


@pytest.mark.slow
def test_killed_imports_apply_all_or_nothing(tmp_path: Path) -> None:
    station, pristine = tmp_path / "station", tmp_path / "county-before"
    station_and_county(tmp_path, station, pristine)
    _ok(ncms(station, "demo", "--applications", "2000", "--seed", "11"))
    package = tmp_path / "up.ncmspkg"
    _ok(ncms(station, "export", "--out", str(package)))

    # How long the import works (after start-up), to spread the kills across it.
    timing = tmp_path / "timing"
    shutil.copytree(pristine, timing)
    process = start_ncms(timing, "import", str(package))
    wait_until_working(process, _importing(package, timing))
    started = time.perf_counter()
    code, err = finish(process)
    assert code == 0, err
    duration = time.perf_counter() - started
    full = _state(timing / "ncms.sqlite3")
    assert full[0] == 1 and full[1] > 0

    rng = random.Random(20261122)
    outcomes = []
    for round_ in range(ROUNDS):
        county = tmp_path / f"county-{round_}"
        delay = rng.uniform(0, 0.95 * duration)
        while True:
            shutil.copytree(pristine, county)
            process = start_ncms(county, "import", str(package))
            if kill_while_working(process, _importing(package, county), delay):
                break
            shutil.rmtree(county)  # finished before the kill: try earlier
            delay /= 2
        verified = ncms(county, "verify")  # the next start
        assert verified.returncode == 0, verified.stderr
        assert _decrypted_files(county) == []
        state = _state(county / "ncms.sqlite3")
        assert state in ((0, 0, 0), full), state
        if state == (0, 0, 0) and _blob_files(county):
            # Written before the kill, never committed: named, not a problem.
            assert "no document points at" in verified.stdout
        outcomes.append("applied" if state == full else "not applied")
        # Whatever happened, importing again finishes the job exactly once.
        _ok(ncms(county, "import", str(package)))
        assert _state(county / "ncms.sqlite3") == full
        again = ncms(county, "verify")
        # No blob left without its document; the killed run's unfinished write (a
        # temporary file) may still be named, for --repair to sweep once it is old.
        assert again.returncode == 0
        assert "no document points at" not in again.stdout or "note: 0 blob(s)" in again.stdout
        shutil.rmtree(county)
    print(f"import works for {duration:.1f} s; after each kill: {outcomes}")
