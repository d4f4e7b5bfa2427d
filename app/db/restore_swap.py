"""Putting a restored database in place so that a kill at any instant leaves a
complete database under the live name: the old one or the new one, never none.

The old database first gets a second name in a `pre-restore-*` folder (a hard
link: no copy, no gap), then one rename puts the new file over the live name.
A restore killed before that rename leaves the old data live and a link to it
aside, which the next start removes again (`sweep_interrupted_restores`); killed
after it, the new data is live and the old stays aside, as after any restore.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from app.blobs.store import fsync_dir
from app.paths import DataPaths, private_dir
from app.scratch import folder_in_use

ASIDE_PREFIX = "pre-restore-"


def swap_in(paths: DataPaths, staged: Path) -> None:
    """Make `staged` (a checked database inside the data directory) the live one."""
    live = paths.database
    if live.exists():
        # Fold the WAL into the main file: the aside copy is then complete on its
        # own, and no stale -wal can be replayed into the restored file.
        conn = sqlite3.connect(live)
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            conn.close()
        aside = private_dir(paths.root / f"{ASIDE_PREFIX}{datetime.now(UTC):%Y%m%dT%H%M%S%fZ}")
        try:
            os.link(live, aside / live.name)
        except OSError:  # a file system without hard links: a copy, slower but as safe
            shutil.copy2(live, aside / live.name)
        fsync_dir(aside)
        for suffix in ("-wal", "-shm"):  # empty after the checkpoint
            Path(f"{live}{suffix}").unlink(missing_ok=True)
    staged.replace(live)
    fsync_dir(paths.root)


def sweep_interrupted_restores(paths: DataPaths) -> None:
    """At start: finish the cleanup of a restore that was killed (its scratch in
    `work/` goes with `scratch.sweep`). An aside folder that is only a second name
    of the live file is a restore that never swapped: it is removed, and the
    restore counts as never having happened. Not while a restore is running."""
    if not paths.root.is_dir():
        return
    for legacy in paths.root.glob(".ncms-restore-*"):  # where versions before 0.2 staged
        shutil.rmtree(legacy, ignore_errors=True)
    running = paths.work.glob(".restore-*") if paths.work.is_dir() else iter(())
    if not paths.database.exists() or any(folder_in_use(f) for f in running):
        return
    for aside in paths.root.glob(ASIDE_PREFIX + "*"):
        copy = aside / paths.database.name
        with contextlib.suppress(OSError):
            if copy.exists() and copy.samefile(paths.database):
                shutil.rmtree(aside)
