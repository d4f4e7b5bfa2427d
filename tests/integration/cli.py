"""Running `ncms` as a user would: a separate process, environment, exit code."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

PASSPHRASE = "integration passphrase"
ADMIN_PASSWORD = "admin-pass-1"  # the admin account's, set by `ncms init`
# What a county server or a fresh user account gives the program: an empty home,
# no desktop session (so no Secret Service), no forced secret store. The program
# must pick its store by itself, as it does for users.
EMPTY_HOME = Path(tempfile.mkdtemp(prefix="ncms-empty-home-"))
_SESSION_VARIABLES = ("NCMS_", "XDG_", "DBUS_", "PYTHON_KEYRING")


def cli_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(_SESSION_VARIABLES)}
    env.update(
        HOME=str(EMPTY_HOME),
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


def ok(result: subprocess.CompletedProcess[str]) -> str:
    """The output of a command that must succeed (its errors shown when it did not)."""
    assert result.returncode == 0, result.stderr
    return result.stdout


def recovery_key_file(data: Path) -> Path:
    """Where `init_station` keeps the recovery key `init` showed (the paper in the safe)."""
    return data.with_name(f"{data.name}-recovery-key.txt")


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
    keys = [line for line in result.stdout.splitlines() if line.startswith("AGE-SECRET-KEY-1")]
    assert len(keys) == 1, result.stdout
    recovery_key_file(data).write_text(keys[0] + "\n", encoding="utf-8")


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
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def open_files(pid: int) -> list[str]:
    """What process `pid` holds open (Linux: /proc), a nameless file as `dir/#inode
    (deleted)`; empty once it has exited."""
    found = []
    for fd in Path(f"/proc/{pid}/fd").glob("*"):
        try:
            found.append(str(fd.readlink()))
        except OSError:
            continue
    return found


def start_ncms(data: Path, *args: str) -> subprocess.Popen[str]:
    """`ncms` in the background; `finish` (or `kill_while_working`) collects it."""
    return subprocess.Popen(
        [sys.executable, "-m", "app.cli.main", "--data-dir", str(data), *args],
        env=cli_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process: subprocess.Popen[str], timeout: float = 600) -> tuple[int, str]:
    """Wait for a background `ncms`: its exit code and what it said on stderr."""
    _out, err = process.communicate(timeout=timeout)
    return process.returncode, err


def wait_until_working(
    process: subprocess.Popen[str], working: Callable[[list[str]], bool], timeout: float = 300
) -> float:
    """Wait until `working` holds for the files the process has open; the time it took."""
    started = time.perf_counter()
    while not working(open_files(process.pid)):
        if process.poll() is not None:
            raise AssertionError(f"ended before it started working: {process.communicate()[1]}")
        assert time.perf_counter() - started < timeout, "never started working"
        time.sleep(0.01)
    return time.perf_counter() - started


def kill_while_working(
    process: subprocess.Popen[str], working: Callable[[list[str]], bool], delay: float
) -> bool:
    """SIGKILL the process `delay` seconds into its work, if it is still at it then:
    True if the kill landed mid-work (checked just before it, and the process died
    of the signal rather than exiting), False if the work was already over."""
    wait_until_working(process, working)
    time.sleep(delay)
    # Frozen while it is looked at, so it cannot finish between the look and the kill.
    process.send_signal(signal.SIGSTOP)
    if process.poll() is not None or not working(open_files(process.pid)):
        process.send_signal(signal.SIGCONT)
        finish(process)
        return False
    process.send_signal(signal.SIGKILL)
    code, err = finish(process, 60)
    assert code == -signal.SIGKILL, (code, err)
    return True
