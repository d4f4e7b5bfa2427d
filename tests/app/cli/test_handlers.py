"""Handlers called directly with the Namespace the parser would give them, against
a temporary installation (the end-to-end runs are in tests/integration)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from app import i18n
from app.cli import common, demo, keys, main, users, verify
from app.db.database import Database
from app.errors import AuthenticationFailed, ValidationError
from app.paths import DataPaths
from app.security.secrets import MemorySecretStore
from tests.conftest import ADMIN_PASSWORD


@pytest.fixture
def args(sqlite_db: Database, monkeypatch: pytest.MonkeyPatch) -> argparse.Namespace:
    """The global options naming the installation `sqlite_db` made, nothing else set."""
    for name in ("NCMS_DB_URL", "NCMS_DATA_DIR", "NCMS_PASSWORD", "NCMS_ADMIN_USER"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NCMS_ADMIN_PASSWORD", ADMIN_PASSWORD)
    return argparse.Namespace(data_dir=str(sqlite_db.paths.root), db=None)


def with_options(args: argparse.Namespace, **options: object) -> argparse.Namespace:
    return argparse.Namespace(**vars(args), **options)


def test_users_add_then_list(
    args: argparse.Namespace, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("NCMS_PASSWORD", "clerk-pass-2")
    added = with_options(args, name="Li", role="clerk", display_name="李")
    assert users.add(added) == 0
    assert capsys.readouterr().out == "Added li (clerk)\n"
    assert users.list_(args) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["user", "role", "active", "last", "login"]
    assert [line.split()[:3] for line in lines[1:]] == [
        ["admin", "admin", "yes"],
        ["li", "clerk", "yes"],
    ]


@pytest.mark.parametrize(
    ("language", "said"),
    [("en", "li is now shown as 李会计\n"), ("zh_CN", "li 的显示名现为李会计\n")],
)
def test_users_name_says_so_in_the_language(
    args: argparse.Namespace,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    language: str,
    said: str,
) -> None:
    monkeypatch.setenv("NCMS_PASSWORD", "clerk-pass-2")
    assert users.add(with_options(args, name="li", role="clerk", display_name="")) == 0
    capsys.readouterr()
    i18n.set_language(language)
    assert users.rename(with_options(args, name="li", display_name="李会计")) == 0
    assert capsys.readouterr().out == said
    with common.opened(args) as db:
        names = {u.username: u.display_name for u in users.UserService(db).list()}
    assert names["li"] == "李会计"


def test_a_wrong_admin_password_adds_nobody(
    args: argparse.Namespace, monkeypatch: pytest.MonkeyPatch, paths: DataPaths
) -> None:
    monkeypatch.setenv("NCMS_PASSWORD", "clerk-pass-2")
    monkeypatch.setenv("NCMS_ADMIN_PASSWORD", "not-the-password")
    with pytest.raises(AuthenticationFailed) as refused:
        users.add(with_options(args, name="li", role="clerk", display_name=""))
    assert refused.value.key == "cli.admin_failed"
    with common.opened(args) as db:
        assert [u.username for u in users.UserService(db).list()] == ["admin"]


def test_keys_export_writes_the_public_identity(
    args: argparse.Namespace, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out" / "station.json"
    assert keys.export(with_options(args, out=out)) == 0
    identity = json.loads(out.read_text("utf-8"))
    assert (identity["role"], identity["code"]) == ("station", "S001")
    assert not out.with_name("station.json.partial").exists()
    assert capsys.readouterr().out.startswith(f"Identity of station S001 written to {out}\n")


def test_peers_list_of_a_new_installation_is_its_header(
    args: argparse.Namespace, capsys: pytest.CaptureFixture[str]
) -> None:
    assert keys.peers_list(args) == 0
    assert capsys.readouterr().out.split() == ["code", "role", "fingerprint", "state", "name"]


def test_verify_a_sound_installation(
    args: argparse.Namespace,
    secrets: MemorySecretStore,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The keys `init` stored went to the in-memory store, not to an OS keyring.
    monkeypatch.setattr(verify, "stored_secrets", lambda _db: secrets)
    assert verify.verify(with_options(args, repair=False)) == 0
    out = capsys.readouterr()
    assert out.out.splitlines()[-1].startswith("OK: ")
    assert out.err == ""


def test_demo_says_how_many_of_each_state(
    args: argparse.Namespace, capsys: pytest.CaptureFixture[str]
) -> None:
    assert demo.demo(with_options(args, applications=6, seed=5, chunk=4)) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("Generated 6 applications, ")
    assert lines[1] == "Applications by state:"
    counts = [int(line.split()[1]) for line in lines[2:]]
    assert sum(counts) == 6 and counts == sorted(counts, reverse=True)


def test_demo_refuses_nothing_to_make(args: argparse.Namespace) -> None:
    with pytest.raises(ValidationError):
        demo.demo(with_options(args, applications=0, seed=None, chunk=1))


def test_main_turns_a_refusal_into_one_line_and_exit_1(
    args: argparse.Namespace, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main.main(["--data-dir", args.data_dir, "demo", "--applications", "0"])
    assert code == main.EXIT_FAILURE
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and err[0].startswith("ncms: applications: ")


def test_main_without_a_command_prints_the_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main.main([]) == 0
    assert capsys.readouterr().out.startswith("usage: ncms ")


def test_an_unexpected_error_is_logged_in_the_data_directory(
    args: argparse.Namespace, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(_args: argparse.Namespace) -> int:
        raise RuntimeError("a bug")

    monkeypatch.setattr(users, "list_", broken)
    assert main.main(["--data-dir", args.data_dir, "users", "list"]) == main.EXIT_FAILURE
    err = capsys.readouterr().err
    assert err.startswith("ncms: internal error; details written to ")
    log = Path(err.rsplit(" ", 1)[1].strip())
    assert log.parent == Path(args.data_dir) / "logs"
    assert "RuntimeError: a bug" in log.read_text("utf-8")
