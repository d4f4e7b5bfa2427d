"""Commands that change who may do what need an administrator's password (issue 12).

Every such command is run four ways against copies of one prepared station and
county: without the password, with a wrong one, with a non-administrator's correct
one, and with the administrator's.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.integration.cli import (
    ADMIN_PASSWORD,
    cli_env,
    digest_tree,
    init_station,
    ncms,
    station_and_county,
)


@dataclass(frozen=True)
class Guarded:
    side: str  # "station" or "county": the installation the command runs on
    args: Callable[[Path], list[str]]  # from the prepared directory
    action: str  # the audit entry the command ends with
    extra: tuple[tuple[str, str], ...] = ()  # other environment it needs
    writes_data: bool = True  # False: its only trace in the data is the audit entry

    @property
    def non_admin(self) -> tuple[str, str]:
        return ("clerk1", "clerk-pass-1") if self.side == "station" else ("rev1", "rev-pass-1")


GUARDED = {
    "users add": Guarded(
        "station",
        lambda _: ["users", "add", "clerk9", "--role", "clerk"],
        "user.create",
        (("NCMS_PASSWORD", "clerk-pass-9"),),
    ),
    "users add --role admin": Guarded(
        "station",
        lambda _: ["users", "add", "boss", "--role", "admin"],
        "user.create",
        (("NCMS_PASSWORD", "boss-pass-1"),),
    ),
    "users role": Guarded("station", lambda _: ["users", "role", "clerk1", "admin"], "user.role"),
    "peers add": Guarded(
        "county", lambda prep: ["peers", "add", str(prep / "s2.json")], "peer.token_issued"
    ),
    "peers revoke": Guarded("county", lambda _: ["peers", "revoke", "S001"], "peer.revoke"),
    "peers token CODE": Guarded(
        "county", lambda _: ["peers", "token", "S001"], "peer.token_issued"
    ),
    "peers token --set": Guarded(
        "station", lambda _: ["peers", "token", "--set"], "peer.token_stored"
    ),
    "keys age-identity": Guarded(
        "station",
        lambda prep: ["keys", "age-identity", "--out", str(prep / "age.txt")],
        "keys.age_identity_export",
        writes_data=False,
    ),
    "keys recovery": Guarded(
        "station", lambda _: ["keys", "recovery"], "installation.recovery_key"
    ),
    "restore": Guarded(
        "station", lambda prep: ["restore", str(prep / "backup.zip")], "backup.restore"
    ),
}


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A station and county trusting each other, one non-admin account on each,
    a station backup, and the identity of a second station the county does not know."""
    root = tmp_path_factory.mktemp("prepared")
    station_and_county(root, root / "station", root / "county")
    init_station(root / "s2", code="S002")
    for result in (
        ncms(root / "s2", "keys", "export", "--out", str(root / "s2.json")),
        ncms(root / "station", "backup", "--out", str(root / "backup.zip")),
        # Made after the backup, so the restore visibly undoes it.
        ncms(
            root / "station",
            "users",
            "add",
            "clerk1",
            "--role",
            "clerk",
            NCMS_PASSWORD="clerk-pass-1",
        ),
        ncms(
            root / "county",
            "users",
            "add",
            "rev1",
            "--role",
            "county_reviewer",
            NCMS_PASSWORD="rev-pass-1",
        ),
    ):
        assert result.returncode == 0, result.stderr
    issued = ncms(root / "county", "peers", "token", "S001")
    assert issued.returncode == 0, issued.stderr
    (root / "token").write_text(issued.stdout.split()[-1], encoding="utf-8")
    return root


def _copy(prepared: Path, side: str, tmp_path: Path) -> Path:
    data = tmp_path / side
    shutil.copytree(prepared / side, data)
    return data


def _env(prepared: Path, command: Guarded, **admin: str) -> dict[str, str]:
    env = cli_env(NCMS_SYNC_TOKEN=(prepared / "token").read_text("utf-8"), **dict(command.extra))
    del env["NCMS_ADMIN_PASSWORD"]
    env.update(admin)
    return env


def _audit(data: Path) -> list[tuple[str, str]]:
    conn = sqlite3.connect(f"file:{data / 'ncms.sqlite3'}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT actor, action FROM audit_entry ORDER BY seq").fetchall()
    finally:
        conn.close()


def _data_but_the_audit(data: Path) -> tuple[dict[str, str], list[str]]:
    """Every file but the database, and the database's rows without the audit
    trail of login attempts (the entries, the chain head, the failure counter)."""
    files = {k: v for k, v in digest_tree(data).items() if not k.startswith("ncms.sqlite3")}
    source = sqlite3.connect(f"file:{data / 'ncms.sqlite3'}?mode=ro", uri=True)
    copy = sqlite3.connect(":memory:")
    try:
        source.backup(copy)
        copy.execute("DELETE FROM audit_entry")
        copy.execute("UPDATE installation SET audit_head = '', audit_count = 0")
        copy.execute("UPDATE app_user SET failed_attempts = 0")
        return files, list(copy.iterdump())
    finally:
        source.close()
        copy.close()


def _one_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    return lines[0]


@pytest.mark.parametrize("name", GUARDED)
def test_guarded_command_without_an_admin_password_is_refused_and_writes_nothing(
    prepared: Path, tmp_path: Path, name: str
) -> None:
    command = GUARDED[name]
    data = _copy(prepared, command.side, tmp_path)
    before = digest_tree(data)
    result = ncms(data, *command.args(prepared), env=_env(prepared, command))
    assert result.returncode == 1
    assert "set NCMS_ADMIN_PASSWORD" in _one_line(result.stderr)
    assert digest_tree(data) == before


@pytest.mark.parametrize("name", GUARDED)
def test_guarded_command_with_a_wrong_admin_password_is_refused_and_audited(
    prepared: Path, tmp_path: Path, name: str
) -> None:
    command = GUARDED[name]
    data = _copy(prepared, command.side, tmp_path)
    before, audit_before = _data_but_the_audit(data), _audit(data)
    env = _env(prepared, command, NCMS_ADMIN_PASSWORD="wrong-pass-1")
    result = ncms(data, *command.args(prepared), env=env)
    assert result.returncode == 1
    assert _one_line(result.stderr) == (
        "ncms: Wrong password for administrator admin"
        " (NCMS_ADMIN_USER, NCMS_ADMIN_PASSWORD): nothing was changed"
    )
    assert _data_but_the_audit(data) == before
    assert _audit(data) == [*audit_before, ("admin", "user.login_failed")]


@pytest.mark.parametrize("name", GUARDED)
def test_guarded_command_refuses_a_non_administrators_password(
    prepared: Path, tmp_path: Path, name: str
) -> None:
    command = GUARDED[name]
    data = _copy(prepared, command.side, tmp_path)
    before, audit_before = _data_but_the_audit(data), _audit(data)
    user, password = command.non_admin
    env = _env(prepared, command, NCMS_ADMIN_USER=user, NCMS_ADMIN_PASSWORD=password)
    result = ncms(data, *command.args(prepared), env=env)
    assert result.returncode == 1
    assert f"ncms: {user} (" in _one_line(result.stderr)
    assert "is not an administrator" in result.stderr
    assert _data_but_the_audit(data) == before
    assert _audit(data) == [*audit_before, (user, "user.admin_refused")]


@pytest.mark.parametrize("name", GUARDED)
def test_guarded_command_with_the_admin_password_is_done_under_the_admins_name(
    prepared: Path, tmp_path: Path, name: str
) -> None:
    command = GUARDED[name]
    data = _copy(prepared, command.side, tmp_path)
    before = _data_but_the_audit(data)
    env = _env(prepared, command, NCMS_ADMIN_PASSWORD=ADMIN_PASSWORD)
    result = ncms(data, *command.args(prepared), env=env)
    assert result.returncode == 0, result.stderr
    assert (_data_but_the_audit(data) != before) == command.writes_data
    assert _audit(data)[-1] == ("admin", command.action)
