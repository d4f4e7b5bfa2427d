"""`ncms report summary`: the quarter's workbook for the county."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from app.cli import common
from app.i18n import t


def register(sub: common.Commands) -> None:
    report = sub.add_parser("report", help=t("cli.help.report"))
    actions = report.add_subparsers(dest="action", metavar="summary", required=True)
    summary_ = actions.add_parser("summary", help=t("cli.help.report.summary"))
    summary_.add_argument(
        "--quarter", required=True, type=common.quarter, help=t("cli.help.report.quarter")
    )
    summary_.add_argument("--out", required=True, type=Path, help=t("cli.help.workbook"))
    summary_.set_defaults(handler=summary)


def summary(args: argparse.Namespace) -> int:
    from app.printing.summary import SummaryService
    from app.printing.summary_workbook import write_summary

    start: date = args.quarter
    with common.opened(args) as db:
        quarter = SummaryService(db).quarter(start)
    write_summary(quarter, args.out)
    applications = sum(row.counts.received for row in quarter.by_village)
    print(
        t(
            "report.written",
            quarter=quarter.quarter,
            path=args.out,
            applications=applications,
            certificates=len(quarter.public),
        )
    )
    return 0
