"""The automatic backups: one made and copied to each place, thinned out as they age
(7 daily, 4 weekly, 12 monthly), a failing place named without costing the others,
a skipped one leaving nothing behind, and what the dashboard reads of the last run."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date, datetime, timedelta
from pathlib import Path

import pyrage
import pytest
from pyrage import x25519

from app.admin import auto_backup
from app.admin.auto_backup import (
    LOCK_FILE,
    MARKER,
    STATE_FILE,
    STICK_FOLDER,
    BackupBusy,
    BackupCancelled,
    BackupState,
    backup_folder,
    backup_name,
    backup_running,
    default_folder,
    kept,
    mark_stick,
    marked_sticks,
    run_backup,
    thin_out,
)
from app.db.database import Database
from app.errors import StorageError
from app.locks import FileLock
from app.security.keys import AGE_IDENTITY
from app.security.secrets import MemorySecretStore
from app.sync.package import AGE_MAGIC
from app.training.demo import DemoGenerator
from tests.conftest import TODAY

NOW = datetime(2026, 12, 8, 17, 30)


def _day(at: date) -> datetime:
    return datetime(at.year, at.month, at.day, 18, 0)


def test_the_scheme_keeps_7_daily_4_weekly_and_12_monthly() -> None:
    days = [date(2025, 11, 1) + timedelta(days=n) for n in range(403)]  # to 2026-12-08
    assert days[-1] == date(2026, 12, 8)
    made = [(_day(d), Path(f"{d}.b")) for d in days]
    expected = {
        *(f"2026-12-0{n}" for n in range(2, 9)),  # the last 7 days
        "2026-11-29",  # Sundays: the newest of each earlier week (Monday starts one)
        "2026-11-22",
        "2026-11-30",  # the last of each earlier month, back to January
        "2026-10-31",
        "2026-09-30",
        "2026-08-31",
        "2026-07-31",
        "2026-06-30",
        "2026-05-31",
        "2026-04-30",
        "2026-03-31",
        "2026-02-28",
        "2026-01-31",
    }
    assert {p.stem for p in kept(made)} == expected
    assert {p.stem for p in kept(made[:3])} == {"2025-11-01", "2025-11-02", "2025-11-03"}


def test_a_backup_goes_to_the_folder_and_to_each_marked_stick(
    sqlite_db: Database,
    secrets: MemorySecretStore,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder, stick = tmp_path / "备份", tmp_path / "stick"
    stick.mkdir()
    (tmp_path / "photos").mkdir()  # a stick without the marker gets nothing
    with pytest.raises(StorageError, match="not the top of a USB stick"):
        mark_stick(stick)  # a folder on the PC is no stick: its marker is never found
    monkeypatch.setattr(auto_backup, "is_volume_root", lambda path: path == stick)
    mark_stick(stick)
    sticks = marked_sticks([stick, tmp_path / "photos", tmp_path / "gone"])
    assert sticks == [stick / STICK_FOLDER]

    run = run_backup(sqlite_db, [folder, *sticks], NOW, secrets=secrets)
    code = sqlite_db.installation().code
    name = backup_name(code, NOW)
    assert run.written == [folder / name, stick / STICK_FOLDER / name]
    assert (run.failed, run.sticks) == ([], 1)
    assert (folder / name).read_bytes().startswith(AGE_MAGIC)
    assert (folder / name).read_bytes() == (stick / STICK_FOLDER / name).read_bytes()
    assert not [p for p in folder.iterdir() if p.name.endswith(".part")]
    state = BackupState.load(sqlite_db.paths)
    assert (state.last_at, state.error) == (NOW, "")
    assert state.places == [str(folder), str(stick / STICK_FOLDER)]

    # The one `ncms backup` writes, for this installation's key.
    identity = secrets.get(AGE_IDENTITY)
    assert identity is not None
    plain = pyrage.decrypt((folder / name).read_bytes(), [x25519.Identity.from_str(identity)])
    with zipfile.ZipFile(io.BytesIO(plain)) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    assert manifest["installation"]["code"] == code


def test_the_last_five_of_a_day_are_kept_and_nothing_else_is_touched(
    sqlite_db: Database, secrets: MemorySecretStore, tmp_path: Path
) -> None:
    """A morning's mistake is not overwritten by the closing backup: the newest five
    stay whatever their day, then one a day."""
    folder = tmp_path / "backups"
    folder.mkdir()
    others = [folder / "ncms-S999-20261101-080000.ncmsbackup", folder / "照片.jpg"]
    for other in others:
        other.write_bytes(b"not ours")
    runs = [
        run_backup(sqlite_db, [folder], NOW - timedelta(hours=h), secrets=secrets)
        for h in (6, 5, 4, 3, 2, 1)
    ]
    assert [r.removed for r in runs] == [[], [], [], [], [], runs[0].written]
    assert sorted(folder.iterdir()) == sorted([*others, *(p for r in runs[1:] for p in r.written)])


def test_a_clock_set_back_keeps_the_backups_going(
    sqlite_db: Database, secrets: MemorySecretStore, tmp_path: Path
) -> None:
    """A PC whose clock went back (a flat CMOS battery): the last backup dated after
    today counts as none, and the one made now is kept though its name is older."""
    folder = tmp_path / "backups"
    ahead = run_backup(sqlite_db, [folder], NOW + timedelta(days=3), secrets=secrets)
    state = BackupState.load(sqlite_db.paths)
    assert state.due(NOW) and state.overdue(NOW) and state.age_days(NOW) is None
    now = run_backup(sqlite_db, [folder], NOW, secrets=secrets)
    assert BackupState.load(sqlite_db.paths).last_at == NOW
    assert ahead.written[0].exists() and now.written[0].exists()


def test_the_backup_just_made_is_kept_whatever_its_name(tmp_path: Path) -> None:
    for n in range(403):  # one a day for more than a year, dated after it
        day = date(2025, 11, 1) + timedelta(days=n)
        (tmp_path / f"ncms-S001-{day:%Y%m%d}-180000.ncmsbackup").write_bytes(b"x")
    made = tmp_path / "ncms-S001-20251001-090000.ncmsbackup"  # the clock set back
    made.write_bytes(b"now")
    removed = thin_out(tmp_path, "S001", made)
    assert made.exists() and made not in removed and len(removed) == 403 - 20


def test_one_backup_at_a_time(
    sqlite_db: Database, secrets: MemorySecretStore, tmp_path: Path
) -> None:
    other = FileLock(sqlite_db.paths.root / LOCK_FILE)  # another run, in another process
    assert other.try_acquire()
    try:
        assert backup_running(sqlite_db.paths)
        with pytest.raises(BackupBusy):
            run_backup(sqlite_db, [tmp_path / "backups"], NOW, secrets=secrets)
    finally:
        other.release()
    assert not backup_running(sqlite_db.paths)
    assert run_backup(sqlite_db, [tmp_path / "backups"], NOW, secrets=secrets).written


def test_a_place_that_cannot_be_written_is_named_and_the_others_still_get_theirs(
    sqlite_db: Database, secrets: MemorySecretStore, tmp_path: Path
) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the folder should be")
    good = tmp_path / "good"
    run = run_backup(sqlite_db, [blocked, good], NOW, secrets=secrets)
    assert [place for place, _ in run.failed] == [blocked]
    assert [p.parent for p in run.written] == [good]
    state = BackupState.load(sqlite_db.paths)
    assert state.last_at == NOW and str(blocked) in state.error

    nowhere = run_backup(sqlite_db, [blocked], NOW + timedelta(days=1), secrets=secrets)
    assert nowhere.written == []
    state = BackupState.load(sqlite_db.paths)
    assert state.last_at == NOW  # the last one that was made
    assert str(blocked) in state.error


def test_a_skipped_backup_leaves_nothing_behind(
    sqlite_db: Database, secrets: MemorySecretStore, tmp_path: Path
) -> None:
    DemoGenerator(sqlite_db, today=TODAY, seed=3).run(4, chunk=4)  # photos to copy
    folder = tmp_path / "backups"

    def skip(done: int, total: int) -> None:
        if done == 2:
            raise BackupCancelled

    with pytest.raises(BackupCancelled):
        run_backup(sqlite_db, [folder], NOW, progress=skip, secrets=secrets)
    assert list(folder.iterdir()) == []
    assert not (sqlite_db.paths.root / STATE_FILE).exists()
    assert not [p for p in sqlite_db.paths.work.rglob("*") if p.is_file()]


def test_a_half_written_copy_of_an_interrupted_run_is_cleared(tmp_path: Path) -> None:
    (tmp_path / "ncms-S001-20261207-080000.ncmsbackup.part").write_bytes(b"half")
    (tmp_path / "ncms-S001-20261207-070000.ncmsbackup.part.part").write_bytes(b"old kind")
    (tmp_path / "ncms-S001-20261207-090000.ncmsbackup").write_bytes(b"whole")
    assert thin_out(tmp_path, "S001") == []
    assert [p.name for p in tmp_path.iterdir()] == ["ncms-S001-20261207-090000.ncmsbackup"]


def test_what_the_dashboard_reads_of_the_last_run(sqlite_db: Database) -> None:
    paths = sqlite_db.paths
    never = BackupState.load(paths)
    assert never.age_days(NOW) is None and never.overdue(NOW) and never.due(NOW)
    BackupState(NOW - timedelta(days=7), ["x"], "").save(paths)
    week = BackupState.load(paths)
    assert (week.age_days(NOW), week.overdue(NOW), week.due(NOW)) == (7, False, True)
    assert BackupState(NOW - timedelta(days=8)).overdue(NOW)
    assert not BackupState(NOW.replace(hour=8)).due(NOW)
    (paths.root / STATE_FILE).write_text('{"last_at": 12, "places": "x"}')
    assert BackupState.load(paths).last_at is None  # hand-edited: as if never


def test_the_folder_is_beside_the_data_directory_unless_one_was_chosen(
    sqlite_db: Database, tmp_path: Path
) -> None:
    paths = sqlite_db.paths
    assert default_folder(paths).parent == paths.root.parent
    assert backup_folder(paths, "  ") == default_folder(paths)
    assert backup_folder(paths, str(tmp_path / "x")) == tmp_path / "x"
    assert (tmp_path / MARKER).exists() is False
