"""`ncms verify` names blobs nothing points at; `ncms verify --repair` removes them."""

from __future__ import annotations

import os
import time
from pathlib import Path

from app.admin.orphan_blobs import MIN_AGE_SECONDS
from tests.integration.cli import init_station, ncms


def test_verify_lists_orphan_blobs_and_repair_removes_them(tmp_path: Path) -> None:
    data = tmp_path / "station"
    init_station(data)
    orphan = data / "blobs" / "ab" / ("c" * 62)  # a blob whose import was killed
    orphan.parent.mkdir(parents=True)
    orphan.write_bytes(b"\xff\xd8 scan of an ID card " * 50_000)
    then = time.time() - MIN_AGE_SECONDS - 60
    os.utime(orphan, (then, then))

    listed = ncms(data, "verify")
    assert listed.returncode == 0, listed.stderr
    assert "note: 1 blob(s) (1.1 MB) no document points at" in listed.stdout

    repaired = ncms(data, "verify", "--repair")
    assert repaired.returncode == 0, repaired.stderr
    assert "Removed 1 blob(s) (1.1 MB)" in repaired.stdout
    assert not orphan.exists()
    assert "note:" not in repaired.stdout
