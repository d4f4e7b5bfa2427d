"""`ncms backup`, `ncms restore` and `ncms keys recovery`: the data's way back."""

from __future__ import annotations

import sys
import uuid
from datetime import date
from pathlib import Path

from app.admin.backup import (
    Progress,
    create_backup,
    current_installation_id,
    read_identity_file,
    restore_backup,
)
from app.admin.installation import (
    AGE_IDENTITY,
    BACKED_UP_SECRETS,
    RECOVERY_RECIPIENT,
    new_recovery_identity,
    stored_secrets,
    use_recovery_key,
)
from app.db.database import Database, open_database
from app.errors import NcmsError
from app.i18n import t
from app.paths import DataPaths, private_file
from app.printing.recovery_sheet import recovery_sheet
from app.security import audit
from app.security.actor import Actor
from app.security.secrets import open_secret_store


def backup(db: Database, out: Path, progress: Progress) -> int:
    manifest = create_backup(db, out, stored_secrets(db), BACKED_UP_SECRETS, progress)
    print(f"Backup written to {out} ({len(manifest['blobs'])} documents, encrypted)")
    if not manifest["recovery_key"]:
        print(t("backup.no_recovery_key"), file=sys.stderr)
    return 0


def _own_identity(paths: DataPaths) -> list[str]:
    """This installation's age identity, when the PC still has it."""
    current = current_installation_id(paths)
    if current is None:
        return []
    try:
        scope = str(uuid.UUID(current))  # bare hex in the database
        found = open_secret_store(paths.root, scope, create=False).get(AGE_IDENTITY)
    except NcmsError:
        return []
    return [found] if found else []


def restore(paths: DataPaths, source: Path, recovery_key: Path | None, admin: Actor | None) -> int:
    identities = _own_identity(paths)
    if recovery_key is not None:
        identities.append(read_identity_file(recovery_key))
    manifest = restore_backup(
        paths, source, identities, lambda scope: open_secret_store(paths.root, scope)
    )
    db = open_database(paths)  # migrates a backup made by an older version
    try:
        # The replaced data (and its audit) went aside: the restored chain says who
        # brought it back, and from when (the key from the safe, on a new PC).
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
    print(f"Restored backup of {manifest['installation']['code']} made {manifest['created_at']}")
    return 0


def print_recovery_key(db: Database, actor: Actor, sheet: Path | None) -> None:
    """Make a recovery key, show it once, write its sheet for the safe, and only
    then let backups use it: a key nobody saw must never lock a backup."""
    installation = db.installation()
    replaced = bool(installation.settings.get(RECOVERY_RECIPIENT))
    key = new_recovery_identity()
    if sheet is not None:
        sheet.parent.mkdir(parents=True, exist_ok=True)
        recovery_sheet(sheet, installation.name, installation.code, key, date.today())
        private_file(sheet)
    print("Recovery key for backups (print it or write it down for the safe;")
    print("it is not kept on this PC and is shown only now):")
    print(key, flush=True)
    use_recovery_key(db, actor, key)
    if sheet is not None:
        print(f"Recovery sheet to print: {sheet} (delete the file once printed)")
    if replaced:
        print("Backups made from now on need this key; older ones still open with the old one.")
