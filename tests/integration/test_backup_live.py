"""A backup taken while another process writes is consistent."""

from __future__ import annotations

import time
from pathlib import Path

from tests.integration.cli import init_station, ncms, recovery_key_file, start_demo_writer


def test_backups_during_a_bulk_write_each_restore_and_verify(tmp_path: Path) -> None:
    data = tmp_path / "station"
    init_station(data)
    writer = start_demo_writer(data, 100)
    try:
        time.sleep(2.0)
        backups = []
        for i in range(3):
            out = tmp_path / f"live-{i}.zip"
            made = ncms(data, "backup", "--out", str(out))
            assert made.returncode == 0, made.stderr
            backups.append(out)
        still_writing = writer.poll() is None
    finally:
        writer.kill()
        _, errors = writer.communicate(timeout=60)
    assert still_writing, errors  # the backups really overlapped the writes
    for i, backup in enumerate(backups):
        target = tmp_path / f"restored-{i}"
        # Another directory, as on a new PC: the recovery key opens the backup and
        # the keys inside it come back, so verify finds them matching.
        key = str(recovery_key_file(data))
        restored = ncms(target, "restore", str(backup), "--recovery-key", key)
        assert restored.returncode == 0, restored.stderr
        verified = ncms(target, "verify")
        assert verified.returncode == 0, verified.stderr
        assert "applications" in verified.stdout
