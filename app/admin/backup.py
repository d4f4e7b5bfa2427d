"""`ncms backup` / `ncms restore`: database, blobs and keys in one encrypted file.

The backup is consistent while the program runs: the database is copied with
SQLite's online backup API, then exactly the blobs that copy refers to are added
(blobs are written before their rows and never changed, so all are there).

The file is age-encrypted to two recipients: the installation itself (a restore
on the same PC needs nothing more) and its recovery key, printed at `init` for
the station's safe and never kept on the PC, so a station whose PC died can
restore on a new one. It carries the installation's signing key and age
identity, without which a restored station could neither sign nor read packages.

A restore checks everything in the file before it touches the live data: a
damaged file, a backup of another installation or one that does not match its
own manifest is refused and the current data stays as it was. The swap itself
is one rename (see `restore_swap`).
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import uuid
import zipfile
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, cast

import pyrage

from app.admin.installation import RECOVERY_RECIPIENT
from app.blobs.store import BlobStore, sha256_file, sha256_hex
from app.db.database import Database, open_database
from app.db.engine import copy_sqlite
from app.db.migrate import current_revision
from app.db.restore_swap import swap_in
from app.errors import StorageError
from app.paths import DataPaths, private_dir, private_file
from app.scratch import ScratchFile, working_folder
from app.security import audit
from app.security.actor import Actor
from app.security.secrets import SecretStore
from app.sync.package import AGE_MAGIC, file_chunks, seal

FORMAT = "ncms-backup"
# 1: a plain ZIP (still restored); 2: age-encrypted, with the installation's keys.
FORMAT_VERSION = 2
DB_ENTRY = "ncms.sqlite3"
SECRETS_ENTRY = "secrets.json"
_ZIP_MAGIC = b"PK\x03\x04"

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


def backup_recipients(db: Database) -> list[str]:
    """The installation's own age recipient, and its recovery key's if it has one."""
    installation = db.installation()
    recipients = [installation.age_recipient]
    recovery = installation.settings.get(RECOVERY_RECIPIENT)
    if recovery:
        recipients.append(str(recovery))
    return recipients


def create_backup(
    db: Database,
    out: Path,
    secrets: SecretStore,
    secret_keys: Sequence[str],
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Write the encrypted backup to `out`. The plain payload is a nameless scratch
    file encrypted with a key only this process holds (see app/scratch.py); the
    database snapshot sits meanwhile in the owner-only data directory it copies."""
    if not db.is_sqlite():
        raise StorageError("backup.postgres")
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    recipients = backup_recipients(db)
    kept = {k: v for k in secret_keys if (v := secrets.get(k)) is not None}
    with working_folder(private_dir(db.paths.work), ".backup-") as tmp:
        snapshot = tmp / DB_ENTRY
        copy_sqlite(db.paths.database, snapshot)
        info = _installation_row(snapshot)
        digests = sorted(info["digests"])
        if progress:  # the count known: a bar can show it, a person can still skip
            progress(0, len(digests))
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "installation": {k: str(info[k]) for k in ("id", "code", "role")},
            "schema_revision": current_revision(db.engine),
            "created_at": datetime.now(UTC).isoformat(),
            "database": {"sha256": sha256_file(snapshot), "size": snapshot.stat().st_size},
            "blobs": digests,
            "recovery_key": len(recipients) > 1,
        }
        with (
            ScratchFile(db.paths.work, ".backup-", "backup") as payload,
            zipfile.ZipFile(payload, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive,
        ):
            archive.write(snapshot, DB_ENTRY)
            for i, digest in enumerate(digests):
                # Photos and scans are already compressed: store them as they are.
                archive.write(
                    db.blobs.path_for(digest), f"blobs/{digest}", compress_type=zipfile.ZIP_STORED
                )
                if progress:
                    progress(i + 1, len(digests))
            archive.writestr(SECRETS_ENTRY, json.dumps(kept))
            archive.writestr("manifest.json", json.dumps(manifest, indent=1))
            archive.close()
            seal(file_chunks(payload), payload.size(), out, recipients)
    private_file(out)
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


def current_installation_id(paths: DataPaths) -> str | None:
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


def _open_payload(source: Path, identities: Sequence[str], scratch: Path) -> IO[bytes]:
    """The backup's ZIP as a readable file: the decrypted scratch copy, or the file
    itself for a format-1 backup (made before backups were encrypted)."""
    try:
        with source.open("rb") as handle:
            magic = handle.read(len(AGE_MAGIC))
    except OSError as err:
        raise StorageError("backup.damaged", reason=str(err)) from None
    if magic.startswith(_ZIP_MAGIC):
        return source.open("rb")
    if magic != AGE_MAGIC:
        raise StorageError("backup.damaged", reason="not an ncms backup")
    if not identities:
        raise StorageError("backup.no_key")
    keys = [pyrage.x25519.Identity.from_str(i) for i in identities]
    target = ScratchFile(scratch, ".restore-", "backup")
    try:
        with source.open("rb") as src:
            pyrage.decrypt_io(src, target, keys)
    except pyrage.DecryptError as err:
        target.close()
        if "No matching keys" in str(err):
            raise StorageError("backup.no_key") from None
        raise StorageError("backup.damaged", reason="it does not decrypt") from None
    except OSError:
        target.close()
        raise StorageError("backup.damaged", reason="cut short or altered") from None
    except BaseException:
        target.close()
        raise
    target.seek(0)
    return cast(IO[bytes], target)  # a RawIOBase that zipfile reads as any binary file


def restore_backup(
    paths: DataPaths,
    source: Path,
    identities: Sequence[str],
    secrets_for: Callable[[str], SecretStore],
) -> dict[str, Any]:
    """Replace this installation's data with the backup's, after checking it all.

    `identities` are the age keys at hand (this installation's, a recovery key);
    `secrets_for(installation_id)` opens the store the backup's keys go back into.
    """
    current = current_installation_id(paths)
    with working_folder(private_dir(paths.work), ".restore-") as tmp:
        with _open_payload(source, identities, paths.work) as payload:
            try:
                archive = zipfile.ZipFile(payload)
            except (zipfile.BadZipFile, OSError) as err:
                raise StorageError("backup.damaged", reason=str(err)) from None
            with archive:
                manifest, database, kept = _check_all(paths, archive, current, tmp)
        # Keys before the swap, and only those the store lacks (a new PC): an
        # installation's keys never change, but its sync token may have been issued
        # anew since the backup, and the older one must not replace it. So the
        # store is the same whether or not the swap happens.
        if kept:
            # The database keeps the id as bare hex; stores are scoped by its usual form.
            target = secrets_for(str(uuid.UUID(manifest["installation"]["id"])))
            for key, value in kept.items():
                if target.get(key) is None:
                    target.set(key, value)
        private_file(database)
        swap_in(paths, database)
    return manifest


def record_restore(paths: DataPaths, manifest: dict[str, Any], admin: Actor | None) -> None:
    """Write into the restored audit chain who brought the data back, and from when.

    The replaced data (and its audit) went aside. Without `admin` (a new PC, no
    account to ask yet) the recovery key from the safe proved the right.
    """
    db = open_database(paths)  # migrates a backup made by an older version
    try:
        with db.session() as session:
            audit.record(
                session,
                admin or Actor.command_line(),
                "backup.restore",
                "installation",
                uuid.UUID(manifest["installation"]["id"]),
                after={"backup_made": manifest["created_at"], "recovery_key": admin is None},
            )
    finally:
        db.close()


def _check_all(
    paths: DataPaths, archive: zipfile.ZipFile, current: str | None, work: Path
) -> tuple[dict[str, Any], Path, dict[str, str]]:
    """Everything checked, the blobs stored: (manifest, checked database, keys)."""
    manifest = _read_manifest(archive)
    if current is not None and current != manifest["installation"]["id"]:
        raise StorageError("backup.foreign", code=manifest["installation"]["code"])
    database = _check_archive(archive, manifest, work)
    kept = _read_secrets(archive, manifest)
    store = BlobStore(paths.blobs)
    for digest in manifest["blobs"]:
        store.put(archive.read(f"blobs/{digest}"))
    return manifest, database, kept


def _read_secrets(archive: zipfile.ZipFile, manifest: dict[str, Any]) -> dict[str, str]:
    if manifest.get("format_version", 1) < 2:
        return {}
    try:
        kept = json.loads(archive.read(SECRETS_ENTRY))
    except (KeyError, ValueError):
        raise StorageError("backup.damaged", reason="no readable keys") from None
    if not isinstance(kept, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in kept.items()
    ):
        raise StorageError("backup.damaged", reason="no readable keys")
    return kept


_TYPED_KEY = re.compile(r"AGE-SECRET-KEY-1[0-9A-Z]+")


def read_identity_file(path: Path) -> str:
    """The recovery key as typed from the sheet: in its groups and lines, any case,
    with comment lines (#) allowed. A key whose checksum fails was mistyped."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        raise StorageError("backup.bad_recovery_key", file=str(path)) from None
    typed = "".join(
        "".join(line.split()) for line in text.splitlines() if not line.lstrip().startswith("#")
    ).upper()
    found = _TYPED_KEY.search(typed)
    if found is None:
        raise StorageError("backup.bad_recovery_key", file=str(path))
    try:
        pyrage.x25519.Identity.from_str(found.group())
    except Exception:  # pyrage raises its own kinds; bech32's checksum caught a typo
        raise StorageError("backup.recovery_key_typo", file=str(path)) from None
    return found.group()
