"""The automatic backups in the window: the dashboard's line (red after a week or a
failed attempt), the Settings section, the daily one in the background and the one
on closing behind a dialog that can skip it."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from unittest.mock import patch

from PySide6.QtWidgets import QMessageBox, QProgressDialog
from pytestqt.qtbot import QtBot

from app.admin.auto_backup import MARKER, SUFFIX, BackupService, BackupState
from app.db.database import Database
from app.security.actor import Actor
from app.security.secrets import MemorySecretStore
from app.settings import LocalSettings
from tests.ui.helpers import main_window
from ui.backups import BackupBox, BackupLine, BackupScheduler, backup_line_text

NOW = datetime(2026, 12, 8, 17, 30)


def _service(db: Database, secrets: MemorySecretStore, now: datetime = NOW) -> BackupService:
    return BackupService(db, lambda: secrets, now=lambda: now)


def test_the_line_says_how_old_the_last_backup_is() -> None:
    assert backup_line_text(BackupState(), NOW) == (
        "Never backed up yet: the program backs up daily and on closing",
        True,
    )
    assert backup_line_text(BackupState(NOW.replace(hour=9, minute=5)), NOW) == (
        "Last backup: today at 09:05",
        False,
    )
    assert backup_line_text(BackupState(NOW - timedelta(days=3)), NOW) == (
        "Last backup: 3 days ago (2026-12-05 17:30)",
        False,
    )
    text, red = backup_line_text(BackupState(NOW - timedelta(days=8)), NOW)
    assert red and text.startswith("Last backup: 8 days ago")
    assert text.endswith("back up now under Settings → Backups")
    text, red = backup_line_text(BackupState(NOW, error="E:\\: no space left"), NOW)
    assert red and "the last attempt failed: E:\\: no space left" in text


def test_the_dashboard_shows_the_line_red_when_overdue(
    qtbot: QtBot, sqlite_db: Database, head: Actor, secrets: MemorySecretStore
) -> None:
    BackupState(datetime.now() - timedelta(days=9), ["x"]).save(sqlite_db.paths)
    window = main_window(sqlite_db, head, secrets=lambda: secrets)
    qtbot.addWidget(window)
    window.show()
    line = window.dashboard_page.backup_line
    assert isinstance(line, BackupLine) and line.isVisible()
    assert line.text().startswith("Last backup: 9 days ago") and "#b00020" in line.styleSheet()
    assert window.findChild(BackupBox) is not None  # and Settings has its section


def test_settings_choose_the_folder_mark_a_stick_and_back_up_now(
    qtbot: QtBot, sqlite_db: Database, secrets: MemorySecretStore, tmp_path: Path
) -> None:
    service = _service(sqlite_db, secrets)
    box = BackupBox(service)
    qtbot.addWidget(box)
    box.set_folder(str(tmp_path / "nowhere"))
    assert "is not a folder" in box.message.text()
    chosen = tmp_path / "备份"
    chosen.mkdir()
    box.set_folder(str(chosen))
    assert LocalSettings.load(sqlite_db.paths.root).backup_folder == str(chosen)
    assert service.folder() == chosen
    stick = tmp_path / "stick"
    stick.mkdir()
    box.mark(stick)
    assert "not the top of a USB stick" in box.message.text()
    assert not (stick / MARKER).exists()

    box.on_back_up_now()
    qtbot.waitUntil(lambda: box.now_button.isEnabled(), timeout=20_000)
    assert box.message.text().startswith(f"Backed up to {chosen}")
    assert "No marked USB stick is plugged in" in box.message.text()
    with patch("app.admin.auto_backup.is_volume_root", return_value=True):
        box.mark(stick)
    assert (stick / MARKER).is_file() and "is marked" in box.message.text()
    assert [p.name.endswith(SUFFIX) for p in chosen.iterdir()] == [True]


def test_the_daily_backup_runs_once_a_day_in_the_background(
    qtbot: QtBot, sqlite_db: Database, secrets: MemorySecretStore
) -> None:
    service = _service(sqlite_db, secrets)
    scheduler = BackupScheduler(service)
    with qtbot.waitSignal(scheduler.finished, timeout=20_000):
        scheduler.check()
    assert service.state().last_at == NOW
    made = list(service.folder().iterdir())
    scheduler.check()  # made today: nothing more
    assert not scheduler.running and list(service.folder().iterdir()) == made


def test_closing_backs_up_behind_a_dialog_that_can_skip_it(
    qtbot: QtBot, sqlite_db: Database, secrets: MemorySecretStore
) -> None:
    BackupScheduler(_service(sqlite_db, secrets)).at_exit()
    assert len(list(_service(sqlite_db, secrets).folder().iterdir())) == 1

    later = _service(sqlite_db, secrets, NOW + timedelta(days=1))
    with patch.object(QProgressDialog, "wasCanceled", return_value=True):
        BackupScheduler(later).at_exit()
    assert later.state().last_at == NOW  # skipped: nothing new

    broken = _service(sqlite_db, secrets, NOW + timedelta(days=2))
    LocalSettings(backup_folder=str(sqlite_db.paths.database)).save(sqlite_db.paths.root)
    with patch.object(QMessageBox, "warning") as warned:
        BackupScheduler(broken).at_exit()
    assert "Not backed up to" in warned.call_args.args[2]
