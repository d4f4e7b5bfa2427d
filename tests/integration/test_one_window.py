"""One window per data directory, as a clerk meets it: the icon double-clicked again
brings the open window forward instead of a second one, and a restore waits for the
window to close — each `ncms` a process of its own, an empty home, stdin closed."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from app.admin.presence import window_lock
from app.locks import in_use
from app.paths import DataPaths
from tests.integration.cli import cli_env, init_station, ncms, ok

_QT_NOISE = "qt.multimedia."  # Qt's own note that this machine has no PipeWire


def _gui(data: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "ui.launcher", "--data-dir", str(data), "gui"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=cli_env(QT_QPA_PLATFORM="offscreen"),
    )


def test_a_second_start_hands_over_and_a_restore_waits_for_the_window(tmp_path: Path) -> None:
    data = tmp_path / "station"
    init_station(data)
    backup = tmp_path / "backup.ncmsbak"
    ok(ncms(data, "backup", "--out", str(backup)))
    first = _gui(data)
    try:
        deadline = time.monotonic() + 90
        while not in_use(window_lock(DataPaths(data))):
            assert first.poll() is None, first.communicate()
            assert time.monotonic() < deadline, "the window never opened"
            time.sleep(0.2)

        second = _gui(data)
        out, err = second.communicate(timeout=60)  # it asks the first and ends
        said = [line for line in err.splitlines() if not line.startswith(_QT_NOISE)]
        assert (second.returncode, out, said) == (0, "", [])
        assert first.poll() is None  # the first one is still there

        refused = ncms(data, "restore", str(backup))
        assert refused.returncode == 1
        assert "window is open" in refused.stderr and "Traceback" not in refused.stderr
    finally:
        first.kill()
        first.communicate()
    ok(ncms(data, "restore", str(backup)))  # closed: the restore goes ahead
