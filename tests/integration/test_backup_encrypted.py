"""Backups as a thief and as a station that lost its PC meet them: encrypted to the
installation and its recovery key; restorable on a new PC with the recovery key
alone; a restore killed at any instant leaves old or new data, never none."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pyrage
import pytest

from app.sync.package import AGE_MAGIC
from tests.integration.cli import cli_env, init_station, ncms, recovery_key_file


def _id_numbers(data: Path) -> list[str]:
    with sqlite3.connect(data / "ncms.sqlite3") as conn:
        return [row[0] for row in conn.execute("SELECT id_number FROM person")]


def _stored_usernames(data: Path) -> set[str]:
    with sqlite3.connect(data / "ncms.sqlite3") as conn:
        return {row[0] for row in conn.execute("SELECT username FROM app_user")}


def _usernames(data: Path) -> set[str]:
    listed = ncms(data, "users", "list")
    assert listed.returncode == 0, listed.stderr
    return {line.split()[0] for line in listed.stdout.splitlines() if line.strip()}


@pytest.fixture
def station(tmp_path: Path) -> Path:
    data = tmp_path / "station"
    init_station(data)
    made = ncms(data, "demo", "--applications", "6", "--seed", "3")
    assert made.returncode == 0, made.stderr
    return data


def test_a_stolen_backup_shows_nothing(station: Path, tmp_path: Path) -> None:
    out = tmp_path / "usb" / "backup.ncmsbak"
    made = ncms(station, "backup", "--out", str(out))
    assert made.returncode == 0, made.stderr
    content = out.read_bytes()
    assert content.startswith(AGE_MAGIC)
    people = _id_numbers(station)
    assert people
    for secret in [*people, "ncms.sqlite3", "AGE-SECRET-KEY", "manifest"]:
        assert secret.encode() not in content
    if os.name == "posix":
        assert stat.S_IMODE(out.stat().st_mode) == 0o600
    # The plain payload existed only in the data directory, and only meanwhile.
    assert not [p for p in (station / "work").rglob("*") if p.is_file()]


def test_a_station_that_lost_its_pc_restores_with_the_recovery_key(
    station: Path, tmp_path: Path
) -> None:
    out = tmp_path / "backup.ncmsbak"
    assert ncms(station, "backup", "--out", str(out)).returncode == 0
    new_pc = tmp_path / "new-pc"
    home = tmp_path / "new-home"
    home.mkdir()
    env = cli_env(HOME=str(home), NCMS_SECRET_PASSPHRASE="a new pc's passphrase")
    without = ncms(new_pc, "restore", str(out), env=env)
    assert without.returncode == 1
    assert "give the recovery key" in without.stderr
    assert not (new_pc / "ncms.sqlite3").exists()

    # Typed from the sheet as printed: in groups, over lines, in lower case.
    key = recovery_key_file(station).read_text().strip()
    typed = tmp_path / "typed.txt"
    rest = key[16:].lower()
    typed.write_text(key[:16] + "\n" + "\n".join(rest[i : i + 20] for i in range(0, len(rest), 20)))
    restored = ncms(new_pc, "restore", str(out), "--recovery-key", str(typed), env=env)
    assert restored.returncode == 0, restored.stderr
    assert sorted(_id_numbers(new_pc)) == sorted(_id_numbers(station))
    # The keys came back too: verify checks them against the database, and the
    # restored station can still sign a package for its county.
    verified = ncms(new_pc, "verify", env=env)
    assert verified.returncode == 0, verified.stderr
    assert "keys not checked" not in verified.stderr
    exported = ncms(new_pc, "keys", "export", "--out", str(tmp_path / "id.json"), env=env)
    assert exported.returncode == 0, exported.stderr


def test_a_wrong_recovery_key_is_refused_and_changes_nothing(station: Path, tmp_path: Path) -> None:
    out = tmp_path / "backup.ncmsbak"
    assert ncms(station, "backup", "--out", str(out)).returncode == 0
    stranger = tmp_path / "stranger.txt"
    stranger.write_text(str(pyrage.x25519.Identity.generate()))
    not_a_key = tmp_path / "notes.txt"
    not_a_key.write_text("the key is in the safe")
    target = tmp_path / "target"
    refused = ncms(target, "restore", str(out), "--recovery-key", str(stranger))
    assert refused.returncode == 1 and "give the recovery key" in refused.stderr
    refused = ncms(target, "restore", str(out), "--recovery-key", str(not_a_key))
    assert refused.returncode == 1 and "holds no recovery key" in refused.stderr
    key = recovery_key_file(station).read_text().strip()
    mistyped = tmp_path / "mistyped.txt"
    mistyped.write_text(key[:30] + ("Q" if key[30] != "Q" else "P") + key[31:])
    refused = ncms(target, "restore", str(out), "--recovery-key", str(mistyped))
    assert refused.returncode == 1 and "typing error" in refused.stderr
    assert not (target / "ncms.sqlite3").exists()


def test_recovery_sheet_carries_the_key_as_text_and_qr(tmp_path: Path) -> None:
    import zxingcpp
    from PIL import Image

    data = tmp_path / "station"
    sheet = tmp_path / "recovery.pdf"
    made = ncms(
        data, "init", "station", "--code", "S001", "--name", "宜沟镇合管站", "--county", "C4105",
        "--recovery-sheet", str(sheet),
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    key = next(x for x in made.stdout.splitlines() if x.startswith("AGE-SECRET-KEY-1"))
    assert key.encode() not in b"".join(p.read_bytes() for p in data.rglob("*") if p.is_file())
    text = subprocess.run(
        ["pdftotext", str(sheet), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "数据恢复密钥" in text and "宜沟镇合管站" in text
    assert key[16:24] in text.replace(" ", "")
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(sheet), str(tmp_path / "p")], check=True)
    (page,) = tmp_path.glob("p*.png")
    (code,) = zxingcpp.read_barcodes(Image.open(page))
    assert code.text == key


def test_a_backup_from_before_encryption_still_restores(station: Path, tmp_path: Path) -> None:
    """Stations hold format-1 backups (plain ZIPs, no keys): they still restore."""
    out = tmp_path / "backup.ncmsbak"
    assert ncms(station, "backup", "--out", str(out)).returncode == 0
    identity = tmp_path / "age.txt"
    assert ncms(station, "keys", "age-identity", "--out", str(identity)).returncode == 0
    key = pyrage.x25519.Identity.from_str(identity.read_text().strip().splitlines()[-1])
    plain = tmp_path / "plain.zip"
    plain.write_bytes(pyrage.decrypt(out.read_bytes(), [key]))
    legacy = tmp_path / "legacy.zip"
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(legacy, "w") as dst:
        for item in src.infolist():
            if item.filename == "secrets.json":
                continue
            content = src.read(item)
            if item.filename == "manifest.json":
                manifest = json.loads(content)
                manifest["format_version"] = 1
                content = json.dumps(manifest).encode()
            dst.writestr(item, content)
    restored = ncms(station, "restore", str(legacy))
    assert restored.returncode == 0, restored.stderr
    assert ncms(station, "verify").returncode == 0


# A restore in a process that SIGKILLs itself at its n-th change to the file system.
_KILL_AT_NTH_CHANGE = """
import os, signal, sys
limit, seen = int(os.environ["KILL_AT"]), [0]
def counted(real):
    def call(*args, **kwargs):
        seen[0] += 1
        if seen[0] == limit:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(*args, **kwargs)
    return call
for name in ("replace", "rename", "link", "unlink", "remove", "rmdir", "mkdir"):
    setattr(os, name, counted(getattr(os, name)))
from app.cli.main import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.slow
def test_a_restore_killed_at_any_step_leaves_old_or_new_data(station: Path, tmp_path: Path) -> None:
    out = tmp_path / "backup.ncmsbak"
    assert ncms(station, "backup", "--out", str(out)).returncode == 0
    killed_at = []
    names = _usernames(station)
    for n in range(1, 200):
        if "late" not in names:  # the state the backup lacks
            added = ncms(station, "users", "add", "late", "--role", "clerk")
            assert added.returncode == 0, added.stderr
        restore = ["--data-dir", str(station), "restore", str(out)]
        run = subprocess.run(
            [sys.executable, "-c", _KILL_AT_NTH_CHANGE, *restore],
            env={**cli_env(), "KILL_AT": str(n)},
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            check=False,
        )
        if run.returncode != -signal.SIGKILL:
            assert run.returncode == 0, run.stderr
            break
        killed_at.append(n)
        # What the program opens next is complete: the old data or the backup's
        # (read after that start, which finishes or undoes what the kill left).
        assert ncms(station, "verify").returncode == 0
        names = _stored_usernames(station)
        assert "admin" in names
        # The next start swept the decrypted payload away.
        assert not list((station / "work").glob(".restore-*"))
    assert len(killed_at) >= 5, killed_at  # the kills really landed inside the restore
    # Still one installation: nobody is offered to initialise it again.
    again = ncms(station, "init", "station", "--code", "S001", "--name", "x", "--county", "C1")
    assert again.returncode == 1 and "Already initialised" in again.stderr
    assert "late" not in _usernames(station)
