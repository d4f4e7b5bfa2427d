"""Backups nobody forgets: the same encrypted backup as `ncms backup`, made by itself
once a day and when the program closes, into the backup folder chosen in Settings
and onto every USB stick that carries the marker file, thinned out as they age.

A stick is marked once (Settings, or a file named `ncms-backup.txt` at its top):
whichever PC it is plugged into then keeps a copy on it, in `ncms-backups/`, so the
station's safe can hold one that survives the PC. Nothing is written to a stick
without the marker — a clerk's stick of photographs is not filled with backups.

Kept per place: the newest backup of each of the last 7 days that have one, of each
of the last 4 weeks and of each of the last 12 months (the scheme restic and
borg call keep-daily/weekly/monthly). Only files this installation named are ever
removed. What the last run did is kept beside the database (`backup-state.json`)
for the dashboard's "last backup: 3 days ago", which turns red after a week.
"""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import psutil

from app.admin.backup import create_backup
from app.admin.installation import stored_secrets
from app.blobs.store import sha256_file
from app.db.database import Database
from app.errors import NcmsError, StorageError
from app.i18n import t
from app.locks import FileLock, in_use
from app.paths import DataPaths
from app.security.keys import BACKED_UP_SECRETS
from app.security.secrets import SecretStore
from app.settings import LocalSettings

MARKER = "ncms-backup.txt"
STICK_FOLDER = "ncms-backups"
STATE_FILE = "backup-state.json"
LOCK_FILE = "backup.lock"
SUFFIX = ".ncmsbackup"
# The newest few whatever their day (a morning's mistake is not overwritten by the
# closing backup), then one a day, a week, a month.
KEEP_LAST, KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 5, 7, 4, 12
OVERDUE_DAYS = 7  # the dashboard's line turns red after this many days
_STAMP = "%Y%m%d-%H%M%S"
_NAME = re.compile(r"^ncms-(?P<code>[A-Za-z0-9_-]+?)-(?P<stamp>\d{8}-\d{6})" + re.escape(SUFFIX))
_MARKER_TEXT = (
    "本U盘已设为慢性病管理程序的备份盘：插入装有本程序的电脑时，程序会把加密备份存到"
    " ncms-backups 文件夹。删除本文件即取消。\n"
    "This stick is marked for the chronic-disease program's backups: plugged into a PC"
    " running it, it receives an encrypted copy in ncms-backups. Delete this file to stop.\n"
)

Progress = Callable[[int, int], None]


class BackupCancelled(Exception):
    """The person chose to skip the backup (raised from the progress callback)."""


class BackupBusy(NcmsError):
    """Another backup of this data directory is being made."""

    def __init__(self) -> None:
        super().__init__("auto_backup.busy")


def default_folder(paths: DataPaths) -> Path:
    """Beside the data directory, not inside it: a restore or a deleted data
    directory leaves the backups alone."""
    return paths.root.parent / f"{paths.root.name}-backups"


def backup_folder(paths: DataPaths, chosen: str) -> Path:
    return Path(chosen).expanduser() if chosen.strip() else default_folder(paths)


def marked_sticks(mountpoints: Iterable[Path] | None = None) -> list[Path]:
    """The backup folder on every mounted volume whose top holds the marker file."""
    if mountpoints is None:
        try:
            mountpoints = [Path(p.mountpoint) for p in psutil.disk_partitions(all=False)]
        except OSError:
            return []
    found = []
    for root in mountpoints:
        try:
            if (root / MARKER).is_file():
                found.append(root / STICK_FOLDER)
        except OSError:  # a drive with no medium, a mount that went away
            continue
    return found


def is_volume_root(path: Path) -> bool:
    """The top folder of a disk or stick (E:\\, /media/clerk/STICK): only there is a
    marker found again."""
    return os.path.ismount(path)


def mark_stick(root: Path) -> Path:
    """Mark the volume at `root` (a USB stick's top folder) to receive backups."""
    if not is_volume_root(root):
        raise StorageError("auto_backup.not_a_stick", path=root)
    marker = root / MARKER
    try:
        marker.write_text(_MARKER_TEXT, encoding="utf-8")
    except OSError as err:
        raise StorageError("auto_backup.cannot_mark", path=root, reason=err.strerror) from err
    return marker


@dataclass
class BackupState:
    """What the last automatic backup did, kept beside the database."""

    last_at: datetime | None = None  # the last one written somewhere, local time
    places: list[str] = field(default_factory=list)  # where it was written
    error: str = ""  # the last run's problem, "" when it went well

    @classmethod
    def load(cls, paths: DataPaths) -> BackupState:
        try:
            raw = json.loads((paths.root / STATE_FILE).read_text("utf-8"))
            last = raw.get("last_at")
            return cls(
                datetime.fromisoformat(last) if isinstance(last, str) else None,
                [str(p) for p in raw.get("places", []) if isinstance(p, str)],
                str(raw.get("error", "")),
            )
        except (OSError, ValueError, TypeError, AttributeError):
            return cls()  # missing or hand-edited: as if never backed up

    def save(self, paths: DataPaths) -> None:
        body = {
            "last_at": self.last_at.isoformat() if self.last_at else None,
            "places": self.places,
            "error": self.error,
        }
        fd, tmp = tempfile.mkstemp(dir=paths.root, prefix=".backup-state-")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(body, handle, ensure_ascii=False, indent=1)
        Path(tmp).replace(paths.root / STATE_FILE)

    def age_days(self, now: datetime) -> int | None:
        """Whole days since the last backup; None when there never was one (or it
        is dated after today: the clock was set back, nothing is known)."""
        if self.last_at is None or self.last_at.date() > now.date():
            return None
        return (now.date() - self.last_at.date()).days

    def overdue(self, now: datetime) -> bool:
        age = self.age_days(now)
        return age is None or age > OVERDUE_DAYS

    def due(self, now: datetime) -> bool:
        """The daily backup is owed: none yet today."""
        # One dated later counts as none: a clock set back must not stop the
        # backups until it catches up.
        return self.last_at is None or self.last_at.date() != now.date()


@dataclass(frozen=True)
class BackupRun:
    written: list[Path]
    failed: list[tuple[Path, str]]  # the place, and why not
    removed: list[Path]  # older backups thinned out
    documents: int
    sticks: int = 0  # marked sticks found plugged in (the folder is not one)


def backup_name(code: str, at: datetime) -> str:
    return f"ncms-{code}-{at.strftime(_STAMP)}{SUFFIX}"


def _made_at(path: Path, code: str) -> datetime | None:
    match = _NAME.fullmatch(path.name)
    if match is None or match["code"] != code:
        return None
    try:
        return datetime.strptime(match["stamp"], _STAMP)
    except ValueError:
        return None


def kept(made: Sequence[tuple[datetime, Path]]) -> set[Path]:
    """Which backups to keep: the newest of each of the last KEEP_DAILY days, of each
    of the last KEEP_WEEKLY ISO weeks and of each of the last KEEP_MONTHLY months."""
    newest_first = sorted(made, key=lambda m: m[0], reverse=True)
    keep = {path for _, path in newest_first[:KEEP_LAST]}
    buckets: tuple[tuple[Callable[[datetime], object], int], ...] = (
        (lambda at: at.date(), KEEP_DAILY),
        (lambda at: at.isocalendar()[:2], KEEP_WEEKLY),
        (lambda at: (at.year, at.month), KEEP_MONTHLY),
    )
    for bucket_of, count in buckets:
        seen: set[object] = set()
        for at, path in newest_first:
            bucket = bucket_of(at)
            if bucket in seen:
                continue
            if len(seen) == count:
                break
            seen.add(bucket)
            keep.add(path)
    return keep


def thin_out(place: Path, code: str, just_made: Path | None = None) -> list[Path]:
    """Remove this installation's backups in `place` the scheme no longer keeps, and
    the half-written copies of an interrupted run (callers hold the backup lock, so
    none is another run's). `just_made` stays whatever its name says (a clock set
    back gives it an older name than yesterday's)."""
    made = []
    removed = []
    for path in place.iterdir():
        if ".part" in path.name and path.name.startswith(f"ncms-{code}-"):
            path.unlink(missing_ok=True)
            continue
        at = _made_at(path, code)
        if at is not None and path.is_file():
            made.append((at, path))
    keep = kept(made) | ({just_made} if just_made is not None else set())
    for _, path in made:
        if path not in keep:
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def run_backup(
    db: Database,
    places: Sequence[Path],
    now: datetime,
    progress: Progress | None = None,
    secrets: SecretStore | None = None,
) -> BackupRun:
    """One backup, made once and copied to every place; each place thinned out. A
    place that cannot be written (a stick pulled out, a full disk) is named and the
    others still get theirs. The state is saved either way. One run at a time per
    data directory (the window's daily one, "back up now", the closing one, a
    scheduled `ncms backup --auto`): another is refused with BackupBusy."""
    if not db.is_sqlite():
        raise StorageError("backup.postgres")
    lock = FileLock(db.paths.root / LOCK_FILE)
    if not lock.try_acquire():
        raise BackupBusy
    try:
        return _run_backup(db, places, now, progress, secrets)
    finally:
        lock.release()


def backup_running(paths: DataPaths) -> bool:
    return in_use(paths.root / LOCK_FILE)


def _run_backup(
    db: Database,
    places: Sequence[Path],
    now: datetime,
    progress: Progress | None,
    secrets: SecretStore | None,
) -> BackupRun:
    code = db.installation().code
    name = backup_name(code, now)
    written: list[Path] = []
    failed: list[tuple[Path, str]] = []
    removed: list[Path] = []
    documents = 0
    store = secrets or stored_secrets(db)
    for place in dict.fromkeys(places):
        part = place / f"{name}.part"
        try:
            place.mkdir(parents=True, exist_ok=True)
            if written:
                _copy_checked(written[0], part)
                part.replace(place / name)
            else:  # written as its .part, synced, read back and renamed (seal)
                manifest = create_backup(db, place / name, store, BACKED_UP_SECRETS, progress)
                documents = len(manifest["blobs"])
            written.append(place / name)
            removed += thin_out(place, code, place / name)
        except OSError as err:
            failed.append((place, _why(err)))
        except NcmsError as err:
            failed.append((place, str(err)))
        finally:
            with suppress(OSError):  # nothing was written where nothing could be
                part.unlink(missing_ok=True)
    state = BackupState.load(db.paths)
    if written:
        state = BackupState(now, [str(p.parent) for p in written], "")
    state.error = "; ".join(f"{place}: {why}" for place, why in failed)
    state.save(db.paths)
    return BackupRun(written, failed, removed, documents, len(dict.fromkeys(places)) - 1)


_WHY = {
    errno.EEXIST: "auto_backup.not_a_folder",
    errno.ENOTDIR: "auto_backup.not_a_folder",
    errno.ENOSPC: "auto_backup.full",
    errno.EACCES: "auto_backup.no_permission",
    errno.EPERM: "auto_backup.no_permission",
    errno.EROFS: "auto_backup.no_permission",
    errno.ENOENT: "auto_backup.gone",
    errno.EIO: "auto_backup.gone",
}


def _why(err: OSError) -> str:
    """The system's reason in the user's words (its own text is English)."""
    key = _WHY.get(err.errno or 0)
    return t(key) if key else (err.strerror or str(err))


def _copy_checked(source: Path, part: Path) -> None:
    """A copy synced to the medium and read back: a stick that drops writes is found
    now, before thinning removes the good copy of the day before."""
    with source.open("rb") as src, part.open("wb") as dst:
        shutil.copyfileobj(src, dst, 1024 * 1024)
        dst.flush()
        os.fsync(dst.fileno())
    if sha256_file(part) != sha256_file(source):
        raise StorageError("sync.read_back", folder=str(part.parent))


def places_for(paths: DataPaths, chosen: str) -> list[Path]:
    """The backup folder, then every marked stick plugged in now."""
    return [backup_folder(paths, chosen), *marked_sticks()]


class BackupService:
    """The automatic backups of one installation, as the window drives them."""

    def __init__(
        self,
        db: Database,
        secrets: Callable[[], SecretStore] | None = None,
        now: Callable[[], datetime] = datetime.now,
    ) -> None:
        self.db, self.now = db, now
        self._secrets = secrets or (lambda: stored_secrets(db))

    @property
    def paths(self) -> DataPaths:
        return self.db.paths

    def enabled(self) -> bool:
        """Not on PostgreSQL (the IT person's pg_dump) nor for training data."""
        return self.db.is_sqlite() and not self.db.installation().training

    def state(self) -> BackupState:
        return BackupState.load(self.paths)

    def folder(self) -> Path:
        return backup_folder(self.paths, LocalSettings.load(self.paths.root).backup_folder)

    def due(self) -> bool:
        return self.enabled() and self.state().due(self.now())

    def run(self, progress: Progress | None = None) -> BackupRun:
        chosen = LocalSettings.load(self.paths.root).backup_folder
        return run_backup(
            self.db, places_for(self.paths, chosen), self.now(), progress, self._secrets()
        )

    def mark_stick(self, root: Path) -> Path:
        return mark_stick(root)
