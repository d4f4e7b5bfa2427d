"""`ncms init` as a county server runs it: no OS secret store, an empty home,
no prompt possible. Nothing half-made may stay behind a failure."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.integration.cli import PASSPHRASE, cli_env, init_station, ncms


def _server_env(home: Path, **extra: str) -> dict[str, str]:
    """Only what a service account has: a PATH, an empty HOME, the passphrase."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "NCMS_LANG": "en",
        "NCMS_PASSWORD": "admin-pass-1",
        "NCMS_SECRET_PASSPHRASE": PASSPHRASE,
    }
    env.update(extra)
    return env


def _files_under(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def test_default_store_on_a_headless_server_is_the_encrypted_file(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    data = tmp_path / "county"
    env = _server_env(home)
    result = ncms(data, "init", "county", "--code", "C4105", "--name", "汤阴县合管中心", env=env)
    assert result.returncode == 0, result.stderr
    assert f"Secrets kept in: encrypted file {data / 'secrets.cfg'}" in result.stdout
    # keyring's own file backends (one in plain text) would have written under HOME.
    assert _files_under(home) == []
    assert b"AGE-SECRET-KEY" not in (data / "secrets.cfg").read_bytes()
    check = ncms(data, "verify", env=env)
    assert check.returncode == 0, check.stderr
    assert _files_under(home) == []


def test_a_failed_init_leaves_nothing_and_the_retry_is_a_first_try(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    data = tmp_path / "county"
    no_passphrase = _server_env(home, NCMS_SECRET_PASSPHRASE="")
    failed = ncms(data, "init", "county", "--code", "C4105", "--name", "县中心", env=no_passphrase)
    assert failed.returncode == 1
    assert "No secret store is available" in failed.stderr
    assert "internal error" not in failed.stderr and "Traceback" not in failed.stderr
    assert not data.exists()
    retry = ncms(
        data, "init", "county", "--code", "C4105", "--name", "县中心", env=_server_env(home)
    )
    assert retry.returncode == 0, retry.stderr


@pytest.mark.parametrize(
    "held",
    ["pre-restore-20261201T000000Z/ncms.sqlite3", "blobs/ab/cdef", "notes.txt"],
)
def test_init_refuses_a_directory_that_holds_data(tmp_path: Path, held: str) -> None:
    data = tmp_path / "station"
    (data / held).parent.mkdir(parents=True, exist_ok=True)
    (data / held).write_bytes(b"someone's data")
    result = ncms(data, "init", "station", "--code", "S001", "--name", "站", "--county", "C1")
    assert result.returncode == 1
    assert "already holds data" in result.stderr
    assert sorted(p.relative_to(data).as_posix() for p in _files_under(data)) == [held]


def test_init_after_a_failed_attempt_left_logs_is_allowed(tmp_path: Path) -> None:
    data = tmp_path / "station"
    (data / "logs").mkdir(parents=True)
    (data / "logs" / "ncms-error-1.log").write_text("earlier failure")
    init_station(data)
    assert (data / "ncms.sqlite3").exists()


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_data_directory_database_and_logs_are_private(tmp_path: Path) -> None:
    data = tmp_path / "station"
    init_station(data)
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    assert stat.S_IMODE((data / "ncms.sqlite3").stat().st_mode) == 0o600
    assert stat.S_IMODE((data / "secrets.cfg").stat().st_mode) == 0o600
    # An unexpected error writes its log there: owner-only as well.
    crash = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from app.cli import main, users;"
            "users.list_ = lambda a: 1 / 0;"
            "sys.exit(main.main(sys.argv[1:]))",
            "--data-dir",
            str(data),
            "users",
            "list",
        ],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        env=cli_env(),
        check=False,
    )
    assert "internal error" in crash.stderr
    logs = list((data / "logs").iterdir())
    assert logs and all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in logs)
    assert stat.S_IMODE((data / "logs").stat().st_mode) == 0o700
