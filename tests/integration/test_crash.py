"""A bulk write killed with SIGKILL at random points, many times: afterwards the
data verifies and no application is half-written."""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from tests.integration.cli import init_station, ncms, start_demo_writer

CHUNK = 150
ROUNDS = 5


def _half_written(database: Path) -> list[str]:
    """Applications missing any part that is written together with them."""
    queries = {
        "without history": "SELECT a.number FROM application a WHERE NOT EXISTS "
        "(SELECT 1 FROM state_change s WHERE s.application_id = a.id)",
        "without checklist": "SELECT a.number FROM application a WHERE NOT EXISTS "
        "(SELECT 1 FROM checklist_item c WHERE c.application_id = a.id)",
        "without diseases": "SELECT a.number FROM application a WHERE NOT EXISTS "
        "(SELECT 1 FROM application_disease d WHERE d.application_id = a.id)",
        "without person": "SELECT a.number FROM application a WHERE NOT EXISTS "
        "(SELECT 1 FROM person p WHERE p.id = a.person_id)",
    }
    with sqlite3.connect(database) as conn:
        return [
            f"{number} {what}" for what, sql in queries.items() for (number,) in conn.execute(sql)
        ]


def _applications(data: Path) -> int:
    with sqlite3.connect(data / "ncms.sqlite3") as conn:
        (count,) = conn.execute("SELECT count(*) FROM application").fetchone()
    return int(count)


def _wait_for_more(data: Path, before: int, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 300
    while _applications(data) <= before:
        assert process.poll() is None, process.communicate()[1]
        assert time.monotonic() < deadline, "the writer never committed a chunk"
        time.sleep(0.05)


@pytest.mark.slow
def test_killed_bulk_writes_leave_only_whole_applications(tmp_path: Path) -> None:
    data = tmp_path / "station"
    init_station(data)
    rng = random.Random(20261122)
    counts = []
    for _ in range(ROUNDS):
        before = _applications(data)
        process = start_demo_writer(data, CHUNK)
        # Each kill lands at a random point once the writer has committed a chunk of
        # this run: a fixed delay from the start found nothing written on a loaded
        # machine, where starting the program alone can take longer.
        _wait_for_more(data, before, process)
        time.sleep(rng.uniform(0.0, 1.5))
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=60)  # reaps it and closes its pipe
        assert process.returncode == -signal.SIGKILL  # killed mid-run, not finished
        verified = ncms(data, "verify")
        assert verified.returncode == 0, verified.stderr
        assert _half_written(data / "ncms.sqlite3") == []
        count = _applications(data)
        assert count % CHUNK == 0  # whole chunks only: each is one transaction
        counts.append(count)
    print("applications after each kill:", counts)
    assert counts == sorted(counts) and len(set(counts)) == ROUNDS  # each run added some
