"""`ncms backup`, `ncms restore` and the recovery key (`init`, `keys recovery`):
the data's way back."""

from __future__ import annotations

import argparse
import sys
import uuid
from datetime import date
from pathlib import Path

from app.admin.auto_backup import BackupService
from app.admin.backup import (
    create_backup,
    current_installation_id,
    read_identity_file,
    record_restore,
    restore_backup,
)
from app.admin.installation import (
    RECOVERY_RECIPIENT,
    new_recovery_identity,
    stored_secrets,
    use_recovery_key,
)
from app.admin.presence import hold_for_replacing
from app.cli import common
from app.db.database import Database
from app.errors import NcmsError
from app.i18n import t
from app.paths import DataPaths, private_file
from app.printing.recovery_sheet import recovery_sheet
from app.security.actor import Actor
from app.security.keys import AGE_IDENTITY, BACKED_UP_SECRETS
from app.security.secrets import open_secret_store


def register(sub: common.Commands) -> None:
    backup_ = sub.add_parser("backup", help=t("cli.help.backup"))
    where = backup_.add_mutually_exclusive_group(required=True)
    where.add_argument("--out", type=Path, help=t("cli.help.backup.out"))
    where.add_argument("--auto", action="store_true", help=t("cli.help.backup.auto"))
    backup_.set_defaults(handler=backup)
    restore_ = sub.add_parser("restore", help=t("cli.help.restore"))
    restore_.add_argument("file", type=Path)
    restore_.add_argument(
        "--recovery-key",
        type=Path,
        metavar="FILE",
        help=t("cli.help.restore.recovery_key"),
    )
    restore_.set_defaults(handler=restore)


def backup(args: argparse.Namespace) -> int:
    if args.auto:
        return auto_backup(args)
    out: Path = args.out
    with common.opened(args) as db:
        manifest = create_backup(
            db,
            out,
            stored_secrets(db),
            BACKED_UP_SECRETS,
            common.Progress(t("cli.progress_backup")),
        )
    print(t("cli.backup_written", path=out, documents=len(manifest["blobs"])))
    if not manifest["recovery_key"]:
        print(t("backup.no_recovery_key"), file=sys.stderr)
    return 0


def auto_backup(args: argparse.Namespace) -> int:
    """What the window does daily and on closing, for a scheduled task (a county's
    server, a PC nobody opens the window on): the folder from Settings, every marked
    stick, the old ones thinned out."""
    with common.opened(args) as db:
        run = BackupService(db).run(common.Progress(t("cli.progress_backup")))
    for path in run.written:
        print(t("cli.backup_written", path=path, documents=run.documents))
    if run.removed:
        print(t("cli.backups_thinned", count=len(run.removed)))
    for place, why in run.failed:
        print(t("auto_backup.place_failed", place=place, reason=why), file=sys.stderr)
    return 0 if run.written else 1


def restore(args: argparse.Namespace) -> int:
    if common.db_url(args):
        raise NcmsError("backup.postgres")
    paths = common.data_paths(args)
    if not args.file.is_file():
        raise NcmsError("backup.no_file", path=args.file)
    held = hold_for_replacing(paths)
    try:
        return _restore(args, paths)
    finally:
        held.release()


def _restore(args: argparse.Namespace, paths: DataPaths) -> int:
    admin = None
    if paths.database.exists():
        # The data about to be replaced says who may replace it. An empty data
        # directory (a new PC after a disaster) has no account to ask about yet:
        # there the recovery key from the safe is what proves the right.
        with common.opened(args) as current:
            admin = common.admin_actor(current)
    identities = _own_identity(paths)
    if args.recovery_key is not None:
        identities.append(read_identity_file(args.recovery_key))
    manifest = restore_backup(
        paths, args.file, identities, lambda scope: open_secret_store(paths.root, scope)
    )
    record_restore(paths, manifest, admin)
    installation = manifest["installation"]
    print(t("cli.restored", code=installation["code"], created=manifest["created_at"]))
    return 0


def recovery_key(args: argparse.Namespace) -> int:
    """`ncms keys recovery`: a new recovery key, replacing the one in the safe."""
    with common.opened(args) as db:
        # Whoever makes the recovery key can open every backup made after it.
        print_recovery_key(db, common.admin_actor(db), args.out)
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
    print(t("cli.recovery_key_shown"))
    print(key, flush=True)
    use_recovery_key(db, actor, key)
    if sheet is not None:
        print(t("cli.recovery_sheet", path=sheet))
    if replaced:
        print(t("cli.recovery_replaced"))
