"""The training window as a user starts it (`ncms gui --demo`: an empty HOME, no
stdin, nothing else set): F9 reaches the training county served by the window
itself and brings back its decisions, and the language chosen in Settings holds at
the next start."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from tests.ui.station_screens import PLATFORM

ROOT = Path(__file__).resolve().parents[2]


def _drive(stage: str, home: Path) -> dict[str, object]:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        # The stand-in for a desktop's display, and the station PCs' screens.
        "QT_QPA_PLATFORM": PLATFORM,
        "PYTHONPATH": str(ROOT),
    }
    done = subprocess.run(
        [sys.executable, "-m", "tests.ui.training_driver", stage],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=400,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_f9_syncs_with_the_training_county_and_the_language_holds(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    first = _drive("sync", home)
    assert "error" not in first, first
    assert str(first["sync_url"]).startswith("http://127.0.0.1:")
    # Chinese by default; the batch made in the demo quarter went, decisions came back.
    assert "设置" in first["pages"]
    message = str(first["sync_message"])
    received = re.search(r"同步完成：.*收到审核结论和证书 (\d+) 项", message)
    assert received and int(received.group(1)) > 0, message

    again = _drive("look", home)
    assert "Settings" in again["pages"], again
    # A new port at each start, and the window's address follows it.
    assert again["sync_url"] != first["sync_url"]
