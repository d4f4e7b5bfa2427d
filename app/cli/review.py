"""`ncms review agenda|decisions`: the county's expert committee on paper."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli import common
from app.domain.workflow import Role
from app.errors import NcmsError
from app.i18n import t
from app.review.committee import ReviewService
from app.review.notice import DEFAULT_WORKING_DAYS, NoticePeriod, working_days
from app.security.actor import Actor


def register(sub: common.Commands) -> None:
    review = sub.add_parser("review", help=t("cli.help.review"))
    actions = review.add_subparsers(dest="action", metavar="agenda|decisions", required=True)
    agenda_ = actions.add_parser("agenda", help=t("cli.help.review.agenda"))
    agenda_.add_argument("--out", required=True, type=Path, help=t("cli.help.workbook"))
    agenda_.set_defaults(handler=agenda)
    decisions_ = actions.add_parser("decisions", help=t("cli.help.review.decisions"))
    decisions_.add_argument("file", type=Path)
    decisions_.add_argument(
        "--notice-from", type=common.day, metavar="DATE", help=t("cli.help.notice_from")
    )
    decisions_.add_argument(
        "--notice-to", type=common.day, metavar="DATE", help=t("cli.help.notice_to")
    )
    decisions_.set_defaults(handler=decisions)


def agenda(args: argparse.Namespace) -> int:
    # Workbook code is imported by the commands that use it (openpyxl is heavy).
    from app.review.sheet import write_agenda

    with common.opened(args) as db:
        cases = ReviewService(db).agenda()
        title = f"{db.installation().name} 慢性病认定专家评审议程"
        write_agenda(cases, args.out, title)
    print(t("cli.agenda_written", count=len(cases), path=args.out))
    return 0


def decisions(args: argparse.Namespace) -> int:
    from app.review.sheet import read_decisions

    rows = read_decisions(args.file)
    notice = None
    if args.notice_from is not None:
        notice = NoticePeriod(
            args.notice_from,
            args.notice_to or working_days(args.notice_from, DEFAULT_WORKING_DAYS),
        )
    elif args.notice_to is not None:
        raise NcmsError("cli.notice_needs_start")
    with common.opened(args) as db:
        service = ReviewService(db)
        service.require_county()  # before the keys: a station has no county key to look for
        # The committee decided; whoever records its sheet acts for the county.
        result = service.record(
            Actor.command_line(Role.COUNTY_ADMIN), rows, common.sync_keys(db).signing, notice
        )
    print(
        t(
            "cli.decisions_recorded",
            decisions=result.decisions,
            applications=result.applications,
            certificates=len(result.certificates),
        )
    )
    for number in result.certificates:
        print(f"  {number}")
    if notice is not None and result.certificates:
        print(t("cli.notice_opened", starts_on=notice.starts_on, ends_on=notice.ends_on))
    return 0
