"""`ncms verify [--repair]`: database, documents, audit chain and keys checked."""

from __future__ import annotations

import argparse
import sys

from app.admin.installation import check_keys, stored_secrets
from app.admin.orphan_blobs import remove_orphans
from app.admin.verify import verify_installation
from app.cli import common
from app.errors import NcmsError
from app.i18n import t


def register(sub: common.Commands) -> None:
    verify_ = sub.add_parser("verify", help=t("cli.help.verify"))
    verify_.add_argument(
        "--repair",
        action="store_true",
        help=t("cli.help.verify.repair"),
    )
    verify_.set_defaults(handler=verify)


def verify(args: argparse.Namespace) -> int:
    with common.opened(args) as db:
        if args.repair:
            removed = remove_orphans(db)
            print(t("cli.verify_removed", what=removed.describe()))
        report = verify_installation(db)
        try:
            report.problems += [f"keys: {p}" for p in check_keys(db, stored_secrets(db))]
        except NcmsError as err:
            print(t("cli.verify_keys_unchecked", reason=err), file=sys.stderr)
    summary = ", ".join(
        f"{v} {t('cli.verify_count_' + k.replace(' ', '_'))}" for k, v in report.counts.items()
    )
    for note in report.notes:
        print(t("cli.verify_note", note=note))
    if report.ok:
        print(t("cli.verify_ok", summary=summary))
        return 0
    for problem in report.problems:
        print(t("cli.verify_problem", problem=problem), file=sys.stderr)
    print(t("cli.verify_failed", count=len(report.problems), summary=summary), file=sys.stderr)
    return 1
