"""Who has a data directory open, across processes: one window at a time (a second
start hands over to the first, ui/single_instance.py), and each `ncms serve`
worker. They hold a lock file for as long as they run, which the system drops when
the process dies, so a crash never leaves the data "in use".

A command that only reads or writes rows needs none of this: SQLite makes it wait
for its turn (busy timeout). What must not run beside an open window is what
replaces the database under it: `restore`.
"""

from __future__ import annotations

import os
from pathlib import Path

from app.errors import NcmsError
from app.locks import FileLock, in_use
from app.paths import DataPaths

WINDOW_LOCK = ".window.lock"  # after the data directory's name, beside it
_SERVICE_PREFIX = "serve-"
_SERVICE_SUFFIX = ".lock"


def window_lock(paths: DataPaths) -> Path:
    """Beside the data directory, not in it: a directory not made yet (training data
    before its first start, a PC before `init`) is not made by looking at it."""
    root = paths.root.resolve()  # `--data-dir .` and a symlink name one directory
    return root.parent / f"{root.name}{WINDOW_LOCK}"


def hold_window(paths: DataPaths) -> FileLock | None:
    """The window's lock on `paths`, or None when a window already has it open."""
    lock = FileLock(window_lock(paths))
    lock.path.parent.mkdir(parents=True, exist_ok=True)
    return lock if lock.try_acquire() else None


def hold_service(paths: DataPaths) -> FileLock:
    """This sync-service worker's lock (one per process: several may serve at once)."""
    lock = FileLock(paths.root / f"{_SERVICE_PREFIX}{os.getpid()}{_SERVICE_SUFFIX}")
    lock.try_acquire()
    return lock


def _service_locks(root: Path) -> list[Path]:
    try:
        return [
            p
            for p in root.iterdir()
            if p.name.startswith(_SERVICE_PREFIX) and p.name.endswith(_SERVICE_SUFFIX)
        ]
    except OSError:
        return []


def open_by(paths: DataPaths) -> list[str]:
    """What has the data open now: "window", "serve" (each at most once)."""
    found = []
    if in_use(window_lock(paths)):  # (from another process, or this one's own lock)
        found.append("window")
    services = _service_locks(paths.root)
    live = [p for p in services if in_use(p)]
    for stale in set(services) - set(live):  # a worker that died: its file is litter
        stale.unlink(missing_ok=True)
    if live:
        found.append("serve")
    return found


def hold_for_replacing(paths: DataPaths) -> FileLock:
    """For what replaces the data (restore): the window's lock, so no window opens
    meanwhile; refused while a window or the sync service has the data open — they
    would go on writing into the database set aside. The caller releases it."""
    lock = hold_window(paths)
    if lock is None:
        raise NcmsError("presence.window_open", path=paths.root)
    if "serve" in open_by(paths):
        lock.release()
        raise NcmsError("presence.service_running", path=paths.root)
    return lock
