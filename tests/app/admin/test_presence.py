"""Who has a data directory open: one window at a time, the sync service's workers,
and `restore` refused while either runs; a lock left by a dead process never counts."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.admin.presence import (
    hold_for_replacing,
    hold_service,
    hold_window,
    open_by,
    window_lock,
)
from app.errors import NcmsError
from app.paths import DataPaths


def test_one_window_at_a_time_and_again_once_it_closed(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path / "data")
    first = hold_window(paths)
    assert first is not None
    assert hold_window(paths) is None  # a second start on the same data
    other = hold_window(DataPaths(tmp_path / "other"))
    assert other is not None
    other.release()
    assert not paths.root.exists()  # looking does not make the data directory
    assert open_by(paths) == ["window"]
    with pytest.raises(NcmsError) as refused:
        hold_for_replacing(paths)
    assert refused.value.key == "presence.window_open"
    first.release()
    assert open_by(paths) == []
    again = hold_window(paths)
    assert again is not None
    again.release()


def test_a_window_that_died_leaves_nothing_in_use(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path / "data")
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; "
            "from app.admin.presence import hold_window; from app.paths import DataPaths; "
            "lock = hold_window(DataPaths(Path(sys.argv[1]))); "
            "print('held', flush=True); time.sleep(60)",
            str(paths.root),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        assert open_by(paths) == ["window"] and hold_window(paths) is None
    finally:
        holder.kill()
        holder.wait()
        if holder.stdout is not None:
            holder.stdout.close()
    deadline = time.monotonic() + 10
    while open_by(paths) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert open_by(paths) == [] and window_lock(paths).exists()  # the file, not in use


def test_restore_waits_for_the_sync_service_to_stop(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path / "data")
    paths.root.mkdir()
    (paths.root / "serve-99999.lock").write_text("")  # a worker long dead
    assert open_by(paths) == []
    assert not (paths.root / "serve-99999.lock").exists()  # its litter tidied
    service = hold_service(paths)
    assert open_by(paths) == ["serve"]
    with pytest.raises(NcmsError) as refused:
        hold_for_replacing(paths)
    assert refused.value.key == "presence.service_running"
    assert open_by(paths) == ["serve"]  # the refused one let go of the window's lock
    service.release()
    hold_for_replacing(paths).release()
