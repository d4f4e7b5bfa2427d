"""The command line end to end: init, users, demo, verify, backup, restore."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pyrage
import pytest

from tests.integration.cli import cli_env, init_station, ncms, recovery_key_file
from tests.integration.cli import digest_tree as _digest_tree


def test_init_creates_everything_and_refuses_a_second_time(tmp_path: Path) -> None:
    data = tmp_path / "station"
    init_station(data)
    assert (data / "ncms.sqlite3").exists() and (data / "secrets.cfg").exists()
    before = _digest_tree(data)
    again = ncms(data, "init", "station", "--code", "S999", "--name", "x", "--county", "C1")
    assert again.returncode == 1
    assert again.stderr.strip().splitlines() == [
        f"ncms: Already initialised at {data}: nothing was changed"
    ]
    assert _digest_tree(data) == before


def test_init_with_bad_input_creates_nothing(tmp_path: Path) -> None:
    data = tmp_path / "station"
    result = ncms(
        data,
        "init",
        "station",
        "--code",
        "S 1",
        "--name",
        " ",
        "--county",
        "C1",
        NCMS_PASSWORD="short",
    )
    assert result.returncode == 1
    assert "not a valid code" in result.stderr and "at least 8" in result.stderr
    assert "Traceback" not in result.stderr
    assert not data.exists()


def test_without_a_secret_store_the_program_says_so(tmp_path: Path) -> None:
    env = cli_env()
    del env["NCMS_SECRET_PASSPHRASE"]
    result = ncms(tmp_path / "d", "init", "county", "--code", "C4105", "--name", "县中心", env=env)
    assert result.returncode == 1
    assert "No secret store is available: set NCMS_SECRET_PASSPHRASE" in result.stderr


def test_commands_on_a_missing_installation_fail_cleanly(tmp_path: Path) -> None:
    result = ncms(tmp_path / "nothing", "users", "list")
    assert result.returncode == 1
    assert result.stderr.startswith("ncms: No installation at")
    assert not (tmp_path / "nothing").exists()


def test_users_add_and_list(tmp_path: Path) -> None:
    data = tmp_path / "station"
    init_station(data)
    added = ncms(data, "users", "add", "clerk1", "--role", "clerk", NCMS_PASSWORD="clerk-pass-1")
    assert added.returncode == 0 and "Added clerk1 (clerk)" in added.stdout
    wrong = ncms(data, "users", "add", "rev", "--role", "county_reviewer")
    assert wrong.returncode == 1 and "role: Role county_reviewer is not available" in wrong.stderr
    listing = ncms(data, "users", "list").stdout
    assert "admin" in listing and "clerk1" in listing and "rev" not in listing


def test_demo_then_verify_then_tampering_is_named(tmp_path: Path) -> None:
    data = tmp_path / "station"
    init_station(data)
    demo = ncms(data, "demo", "--applications", "300", "--seed", "3")
    assert demo.returncode == 0, demo.stderr
    assert "Generated 300 applications" in demo.stdout
    assert "certificate_issued" in demo.stdout and "awaiting_materials" in demo.stdout
    ok = ncms(data, "verify")
    assert ok.returncode == 0 and ok.stdout.startswith("OK:"), ok.stderr
    blob = next(p for p in (data / "blobs").rglob("*") if p.is_file())
    blob.write_bytes(blob.read_bytes() + b"x")
    with sqlite3.connect(data / "ncms.sqlite3") as conn:
        conn.execute("UPDATE audit_entry SET actor = 'mallory' WHERE seq = 2")
    bad = ncms(data, "verify")
    assert bad.returncode == 1
    assert "content does not match its hash" in bad.stderr
    assert "audit chain: entry 2 was changed after it was written" in bad.stderr


def test_backup_restore_and_refusals(tmp_path: Path) -> None:
    data = tmp_path / "station"
    init_station(data)
    assert ncms(data, "demo", "--applications", "50", "--seed", "1").returncode == 0
    backup = tmp_path / "backup.zip"
    made = ncms(data, "backup", "--out", str(backup))
    assert made.returncode == 0, made.stderr
    assert backup.read_bytes().startswith(b"age-encryption.org/v1")

    # Work done after the backup is lost by the restore, as the user asked.
    ncms(data, "users", "add", "late", "--role", "clerk", NCMS_PASSWORD="late-pass-1")
    restored = ncms(data, "restore", str(backup))
    assert restored.returncode == 0, restored.stderr
    assert "late" not in ncms(data, "users", "list").stdout
    assert ncms(data, "verify").returncode == 0
    assert list(data.glob("pre-restore-*/ncms.sqlite3"))  # the replaced data was kept

    before = _digest_tree(data)
    damaged = tmp_path / "damaged.zip"
    damaged.write_bytes(backup.read_bytes()[: backup.stat().st_size // 2])
    result = ncms(data, "restore", str(damaged))
    assert result.returncode == 1 and "damaged and was not restored" in result.stderr
    other = tmp_path / "other"
    init_station(other, code="S002")
    foreign = tmp_path / "foreign.zip"
    assert ncms(other, "backup", "--out", str(foreign)).returncode == 0
    result = ncms(data, "restore", str(foreign))
    assert result.returncode == 1 and "give the recovery key" in result.stderr
    # Even with the other station's recovery key, its data never replaces ours.
    result = ncms(data, "restore", str(foreign), "--recovery-key", str(recovery_key_file(other)))
    assert result.returncode == 1
    assert "belongs to another installation (S002)" in result.stderr
    assert _digest_tree(data) == before


def test_tampered_blob_inside_a_backup_is_refused(tmp_path: Path) -> None:
    """Someone holding the station's key re-encrypts a backup with one scan altered."""
    data = tmp_path / "station"
    init_station(data)
    ncms(data, "demo", "--applications", "20", "--seed", "1")
    backup = tmp_path / "b.ncmsbak"
    ncms(data, "backup", "--out", str(backup))
    identity_file = tmp_path / "age.txt"
    assert ncms(data, "keys", "age-identity", "--out", str(identity_file)).returncode == 0
    identity = pyrage.x25519.Identity.from_str(identity_file.read_text().splitlines()[-1])
    plain, tampered_zip = tmp_path / "plain.zip", tmp_path / "t.zip"
    plain.write_bytes(pyrage.decrypt(backup.read_bytes(), [identity]))
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(tampered_zip, "w") as dst:
        tampered_one = False
        for item in src.infolist():
            content = src.read(item)
            if item.filename.startswith("blobs/") and not tampered_one:
                content, tampered_one = content[:-1] + b"!", True
            dst.writestr(item, content)
    tampered = tmp_path / "t.ncmsbak"
    tampered.write_bytes(pyrage.encrypt(tampered_zip.read_bytes(), [identity.to_public()]))
    result = ncms(data, "restore", str(tampered))
    assert result.returncode == 1 and "missing or damaged" in result.stderr


def test_a_damaged_database_is_named_with_what_to_do(tmp_path: Path) -> None:
    data = tmp_path / "station"
    init_station(data)
    damaged = b"this is not a database at all" * 100
    (data / "ncms.sqlite3").write_bytes(damaged)
    result = ncms(data, "users", "list")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "is damaged" in result.stderr and "ncms restore" in result.stderr
    assert "internal error" not in result.stderr
    assert (data / "ncms.sqlite3").read_bytes() == damaged


def test_an_unexpected_error_is_logged_not_shown(tmp_path: Path) -> None:
    data = tmp_path / "station"
    init_station(data)
    # A table gone from a sound file: no message foresees that.
    with sqlite3.connect(data / "ncms.sqlite3") as conn:
        conn.execute("DROP TABLE app_user")
    result = ncms(data, "users", "list")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "internal error; details written to" in result.stderr
    log = Path(result.stderr.rsplit(" ", 1)[1].strip())
    assert "Traceback" in log.read_text()


@pytest.mark.postgres
def test_county_on_postgresql(tmp_path: Path, pg_url: str) -> None:
    data = tmp_path / "county"
    made = ncms(
        data, "--db", pg_url, "init", "county", "--code", "C4105", "--name", "汤阴县合管中心"
    )
    assert made.returncode == 0, made.stderr
    again = ncms(data, "--db", pg_url, "init", "county", "--code", "C4105", "--name", "x")
    assert again.returncode == 1 and "Already initialised" in again.stderr
    added = ncms(
        data,
        "--db",
        pg_url,
        "users",
        "add",
        "rev1",
        "--role",
        "county_reviewer",
        NCMS_PASSWORD="review-pass-1",
    )
    assert added.returncode == 0, added.stderr
    assert "rev1" in ncms(data, "--db", pg_url, "users", "list").stdout
    verified = ncms(data, "--db", pg_url, "verify")
    assert verified.returncode == 0 and "OK" in verified.stdout, verified.stderr


def test_output_piped_into_head_is_not_an_error(tmp_path: Path) -> None:
    data = tmp_path / "station"
    init_station(data)
    shell = subprocess.run(
        f"{sys.executable} -m app.cli.main --data-dir {data} demo --applications 400 | head -1",
        shell=True,
        capture_output=True,
        text=True,
        env=cli_env(),
        check=False,
    )
    assert shell.stdout.startswith("Generated 400 applications")
    assert "internal error" not in shell.stderr and not (data / "logs").exists()
