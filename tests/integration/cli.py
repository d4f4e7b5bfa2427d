"""Running `ncms` as a user would: a separate process, environment, exit code."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

PASSPHRASE = "integration passphrase"
ADMIN_PASSWORD = "admin-pass-1"  # the admin account's, set by `ncms init`


def cli_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NCMS_")}
    env.update(
        NCMS_SECRET_STORE="file",
        NCMS_SECRET_PASSPHRASE=PASSPHRASE,
        NCMS_PASSWORD=ADMIN_PASSWORD,
        NCMS_ADMIN_PASSWORD=ADMIN_PASSWORD,
        NCMS_LANG="en",
    )
    env.update(extra)
    return env


def ncms(
    data: Path, *args: str, env: dict[str, str] | None = None, **extra: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app.cli.main", "--data-dir", str(data), *args],
        stdin=subprocess.DEVNULL,  # never a terminal: no prompt can wait for input
        capture_output=True,
        text=True,
        env=env or cli_env(**extra),
        timeout=600,
        check=False,
    )


def digest_tree(root: Path) -> dict[str, str]:
    """Every file's content, ignoring SQLite's own housekeeping: opening a WAL
    database creates an empty -wal file and a -shm index without changing data."""
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
        and not p.name.endswith("-shm")
        and not (p.name.endswith("-wal") and p.stat().st_size == 0)
    }


def init_station(data: Path, code: str = "S001") -> None:
    result = ncms(
        data, "init", "station", "--code", code, "--name", "宜沟镇合管站", "--county", "C4105"
    )
    assert result.returncode == 0, result.stderr


def station_and_county(tmp: Path, station: Path, county: Path) -> None:
    """A station and its county that trust each other (identity files exchanged)."""
    init_station(station)
    for result in (
        ncms(county, "init", "county", "--code", "C4105", "--name", "汤阴县合管中心"),
        ncms(station, "keys", "export", "--out", str(tmp / "s.json")),
        ncms(county, "keys", "export", "--out", str(tmp / "c.json")),
        ncms(station, "peers", "add", str(tmp / "c.json")),
        ncms(county, "peers", "add", str(tmp / "s.json")),
    ):
        assert result.returncode == 0, result.stderr


def start_demo_writer(data: Path, chunk: int) -> subprocess.Popen[str]:
    """A long bulk write in its own process (100,000 applications, `chunk` per
    transaction), for tests that interrupt or overlap it."""
    return subprocess.Popen(
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
            str(chunk),
        ],
        env=cli_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
