"""`ncms export`, `ncms import` (sync packages on files) and `ncms review` (county)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from app.admin.installation import stored_secrets
from app.cli.admin import admin_actor
from app.cli.commands import _opened, _Progress
from app.db.database import Database
from app.domain.workflow import Role
from app.errors import NcmsError
from app.review.committee import ReviewService
from app.security import audit
from app.security.actor import Actor
from app.sync.context import SyncKeys
from app.sync.export import ExportService
from app.sync.importing import ImportService


def _keys(db: Database) -> SyncKeys:
    return SyncKeys.load(stored_secrets(db))


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{n} {name}" for name, n in counts.items() if n) or "nothing new"


def export(args: argparse.Namespace) -> int:
    out: Path = args.out
    with _opened(args) as db:
        result = ExportService(db, _keys(db)).export(
            Actor.command_line(), out, args.station, progress=_Progress("export")
        )
    print(
        f"Package {result.sequence} for {result.peer} written and verified: {out} "
        f"({result.size:,} bytes; {_counts(result.counts)}; {result.blobs} document files)"
    )
    if result.sent:
        print(f"{len(result.sent)} application(s) marked as sent")
    return 0


def import_(args: argparse.Namespace) -> int:
    with _opened(args) as db:
        result = ImportService(db, _keys(db)).import_package(
            Actor.command_line(), args.file, progress=_Progress("import")
        )
    where = f"package {result.sequence} from {result.sender}"
    if result.status == "already":
        when = f" on {result.applied_at:%Y-%m-%d %H:%M}" if result.applied_at else ""
        print(f"{where} was already applied{when}; nothing changed")
    elif result.status == "stale":
        print(f"{where} is older than what is here; nothing in it is newer; nothing changed")
    else:
        print(f"Applied {where}: {_counts(result.changes)}")
    return 0


def _county(db: Database) -> None:
    if db.installation().role != "county":
        raise NcmsError("review.county_only")


def review_agenda(args: argparse.Namespace) -> int:
    # Workbook code is imported by the commands that use it (openpyxl is heavy).
    from app.review.sheet import write_agenda

    with _opened(args) as db:
        _county(db)
        cases = ReviewService(db).agenda()
        title = f"{db.installation().name} 慢性病认定专家评审议程"
        write_agenda(cases, args.out, title)
    print(f"Agenda of {len(cases)} case(s) written to {args.out}")
    return 0


def review_decisions(args: argparse.Namespace) -> int:
    from app.review.sheet import read_decisions

    rows = read_decisions(args.file)
    with _opened(args) as db:
        _county(db)
        # The committee decided; whoever records its sheet acts for the county.
        result = ReviewService(db).record(
            Actor.command_line(Role.COUNTY_ADMIN), rows, _keys(db).signing
        )
    print(
        f"Recorded {result.decisions} conclusion(s) on {result.applications} application(s); "
        f"{len(result.certificates)} certificate(s) numbered"
    )
    for number in result.certificates:
        print(f"  {number}")
    return 0


def keys_age_identity(args: argparse.Namespace) -> int:
    """The private age identity as a file the standard `age -d -i FILE` reads.

    Written owner-only; whoever holds it can read every package sent here, so the
    message says to delete it after use.
    """
    out: Path = args.out
    with _opened(args) as db:
        # It opens every package sent here and every backup: an administrator's act.
        admin = admin_actor(db)
        identity = _keys(db).age_identity
        installation = db.installation()
        code = installation.code
        with db.session() as session:
            audit.record(
                session, admin, "keys.age_identity_export", "installation", installation.id
            )
    out.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(f"# age identity of NCMS installation {code}: keep secret\n{identity}\n")
    print(f"Private age identity written to {out}: delete it when done")
    return 0
