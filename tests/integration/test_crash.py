"""A bulk write killed with SIGKILL at random points, many times: afterwards the
data verifies and no application is half-written."""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.integration.cli import cli_env, init_station, ncms

CHUNK = 150
ROUNDS = 8


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


@pytest.mark.slow
def test_killed_bulk_writes_leave_only_whole_applications(tmp_path: Path) -> None:
    data = tmp_path / "station"
    init_station(data)
    rng = random.Random(20261122)
    counts = []
    for _ in range(ROUNDS):
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "app.cli.main",
                "--data-dir",
                str(data),
                "demo",
                "--applications",
                "100000",
                "--chunk",
                str(CHUNK),
            ],
            env=cli_env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(1.0, 3.5))
        process.send_signal(signal.SIGKILL)
        assert process.wait() == -signal.SIGKILL  # killed mid-run, not finished
        verified = ncms(data, "verify")
        assert verified.returncode == 0, verified.stderr
        assert _half_written(data / "ncms.sqlite3") == []
        with sqlite3.connect(data / "ncms.sqlite3") as conn:
            (count,) = conn.execute("SELECT count(*) FROM application").fetchone()
        assert count % CHUNK == 0  # whole chunks only: each is one transaction
        counts.append(count)
    print("applications after each kill:", counts)
    assert counts[-1] > 0 and counts == sorted(counts)
