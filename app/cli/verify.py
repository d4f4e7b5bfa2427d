"""`ncms verify [--repair]`: database, documents, audit chain and keys checked."""

from __future__ import annotations

import argparse
import sys

from app.admin.installation import check_keys, stored_secrets
from app.admin.orphan_blobs import remove_orphans
from app.admin.verify import verify_installation
from app.cli import common
from app.errors import NcmsError


def register(sub: common.Commands) -> None:
    verify_ = sub.add_parser("verify", help="check database, documents and audit chain")
    verify_.add_argument(
        "--repair",
        action="store_true",
        help="first remove blobs no document points at (left by a killed import)",
    )
    verify_.set_defaults(handler=verify)


def verify(args: argparse.Namespace) -> int:
    with common.opened(args) as db:
        if args.repair:
            removed = remove_orphans(db)
            print(f"Removed {removed.describe()}")
        report = verify_installation(db)
        try:
            report.problems += [f"keys: {p}" for p in check_keys(db, stored_secrets(db))]
        except NcmsError as err:
            print(f"note: keys not checked: {err}", file=sys.stderr)
    summary = ", ".join(f"{v} {k}" for k, v in report.counts.items())
    for note in report.notes:
        print(f"note: {note}")
    if report.ok:
        print(f"OK: {summary}")
        return 0
    for problem in report.problems:
        print(f"PROBLEM: {problem}", file=sys.stderr)
    print(f"ncms: verify found {len(report.problems)} problem(s) ({summary})", file=sys.stderr)
    return 1
