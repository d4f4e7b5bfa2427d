"""`ncms backup` / `ncms restore`: the database and its blobs in one ZIP file.

The backup is consistent while the program runs: the database is copied with
SQLite's online backup API, then exactly the blobs that copy refers to are added
(blobs are written before their rows and never changed, so all are there).
A restore checks everything in the file before it touches the live data: a
damaged file, a backup of another installation or one that does not match its
own manifest is refused and the current data stays as it was.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
import tempfile
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app.blobs.store import BlobStore, sha256_file, sha256_hex
from app.db.engine import copy_sqlite
from app.db.migrate import current_revision
from app.errors import StorageError
from app.paths import DataPaths
from app.services.database import Database

FORMAT = "ncms-backup"
FORMAT_VERSION = 1
DB_ENTRY = "ncms.sqlite3"

Progress = Callable[[int, int], None]


def _installation_row(database: Path) -> dict[str, Any]:
    conn = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        row = conn.execute("SELECT id, code, role FROM installation").fetchone()
        digests = [r[0] for r in conn.execute("SELECT DISTINCT blob_sha256 FROM document")]
    except sqlite3.DatabaseError:
        raise StorageError("backup.damaged", reason="database unreadable") from None
    finally:
        conn.close()
    if row is None:
        raise StorageError("backup.damaged", reason="no installation in the database")
    return {"id": row[0], "code": row[1], "role": row[2], "digests": digests}


def create_backup(db: Database, out: Path, progress: Progress | None = None) -> dict[str, Any]:
    if not db.is_sqlite():
        raise StorageError("backup.postgres")
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out.parent, prefix=".ncms-backup-") as tmp:
        snapshot = Path(tmp) / DB_ENTRY
        copy_sqlite(db.paths.database, snapshot)
        info = _installation_row(snapshot)
        digests = sorted(info["digests"])
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "installation": {k: str(info[k]) for k in ("id", "code", "role")},
            "schema_revision": current_revision(db.engine),
            "created_at": datetime.now(UTC).isoformat(),
            "database": {"sha256": sha256_file(snapshot), "size": snapshot.stat().st_size},
            "blobs": digests,
        }
        partial = Path(tmp) / "backup.partial"
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
            archive.write(snapshot, DB_ENTRY)
            for i, digest in enumerate(digests):
                # Photos and scans are already compressed: store them as they are.
                archive.write(
                    db.blobs.path_for(digest), f"blobs/{digest}", compress_type=zipfile.ZIP_STORED
                )
                if progress:
                    progress(i + 1, len(digests))
            archive.writestr("manifest.json", json.dumps(manifest, indent=1))
        with partial.open("rb") as handle:
            os.fsync(handle.fileno())
        partial.replace(out)
    return manifest


def _read_manifest(archive: zipfile.ZipFile) -> dict[str, Any]:
    try:
        manifest: dict[str, Any] = json.loads(archive.read("manifest.json"))
    except (KeyError, ValueError):
        raise StorageError("backup.damaged", reason="no readable manifest") from None
    if manifest.get("format") != FORMAT:
        raise StorageError("backup.damaged", reason="not an ncms backup")
    if manifest.get("format_version", 0) > FORMAT_VERSION:
        raise StorageError("backup.newer")
    return manifest


def _current_installation_id(paths: DataPaths) -> str | None:
    if not paths.database.exists():
        return None
    return str(_installation_row(paths.database)["id"])


def _check_archive(archive: zipfile.ZipFile, manifest: dict[str, Any], work: Path) -> Path:
    """Extract and check everything; return the extracted database."""
    bad = archive.testzip()
    if bad is not None:
        raise StorageError("backup.damaged", reason=f"entry {bad} is corrupt")
    database = work / DB_ENTRY
    try:
        with archive.open(DB_ENTRY) as src, database.open("wb") as dst:
            shutil.copyfileobj(src, dst)
    except KeyError:
        raise StorageError("backup.damaged", reason="no database in the file") from None
    if sha256_file(database) != manifest["database"]["sha256"]:
        raise StorageError("backup.damaged", reason="database does not match the manifest")
    conn = sqlite3.connect(database)
    try:
        check = conn.execute("PRAGMA integrity_check").fetchone()[0]
    except sqlite3.DatabaseError:
        check = "unreadable"
    finally:
        conn.close()
    if check != "ok":
        raise StorageError("backup.damaged", reason=f"database integrity: {check}")
    info = _installation_row(database)
    if str(info["id"]) != manifest["installation"]["id"]:
        raise StorageError("backup.damaged", reason="database and manifest disagree")
    names = set(archive.namelist())
    for digest in set(info["digests"]):
        entry = f"blobs/{digest}"
        if entry not in names or sha256_hex(archive.read(entry)) != digest:
            raise StorageError(
                "backup.damaged", reason=f"document {digest[:12]}… missing or damaged"
            )
    return database


def restore_backup(paths: DataPaths, source: Path) -> dict[str, Any]:
    """Replace this installation's data with the backup's, after checking it all."""
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError) as err:
        raise StorageError("backup.damaged", reason=str(err)) from None
    with archive, tempfile.TemporaryDirectory(dir=paths.root, prefix=".ncms-restore-") as tmp:
        manifest = _read_manifest(archive)
        current = _current_installation_id(paths)
        if current is not None and current != manifest["installation"]["id"]:
            raise StorageError("backup.foreign", code=manifest["installation"]["code"])
        database = _check_archive(archive, manifest, Path(tmp))
        # Everything checked: now swap. The old files go aside, not away.
        store = BlobStore(paths.blobs)
        for digest in manifest["blobs"]:
            store.put(archive.read(f"blobs/{digest}"))
        _move_aside(paths)
        database.replace(paths.database)
    return manifest


def _move_aside(paths: DataPaths) -> None:
    if not paths.database.exists():
        return
    # Fold the WAL into the main file first: a stale -wal beside the restored
    # database would be replayed into it and corrupt it.
    conn = sqlite3.connect(paths.database)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    aside = paths.root / f"pre-restore-{datetime.now(UTC):%Y%m%dT%H%M%S%fZ}"
    aside.mkdir()
    for suffix in ("", "-wal", "-shm"):
        path = Path(f"{paths.database}{suffix}")
        if path.exists():
            path.replace(aside / path.name)
    with contextlib.suppress(OSError):
        os.sync()
