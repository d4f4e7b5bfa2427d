"""The training county as a user starts it (`ncms gui --demo county` on an empty
HOME, stdin closed, nothing else set): the first start builds it behind a progress
dialog, the login shows the training reviewer's account, the county window opens
on the practice stations' waiting files under the training banner, and "Start
over" brings a fresh training county at once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.ui.station_screens import PLATFORM

ROOT = Path(__file__).resolve().parents[2]


def test_the_training_county_opens_on_waiting_cases(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "QT_QPA_PLATFORM": PLATFORM,
        "PYTHONPATH": str(ROOT),
    }
    done = subprocess.run(
        [sys.executable, "-m", "tests.ui.county_training_driver"],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, (done.stdout[-1000:], done.stderr[-3000:])
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert "error" not in seen, seen
    assert seen["progress"] == "正在准备培训数据…"
    assert seen["login"] == ["PX4105 汤阴县合管中心（培训）", "training-reviewer"]
    assert seen["password_given"]
    assert seen["pages"][:3] == ["工作台", "申请件", "评审会议"]
    assert str(seen["banner"]).startswith("培训模式") and "培训审核员" in seen["user"]
    assert seen["cases_1"] >= 9 and not seen["meeting_open_1"] and seen["meeting_opened"]
    # Started over: a fresh county, the meeting opened in the first one gone.
    assert seen["windows"] == 2 and seen["cases_2"] >= 9 and not seen["meeting_open_2"]
    # Beside the default data directory, never inside it.
    folders = {p.name for p in (home / ".local" / "share").iterdir()}
    assert "ncms-chronic-county-training" in folders and "ncms-chronic" not in folders
