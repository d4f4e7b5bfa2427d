"""`ncms report summary`: the quarter's workbook for the county."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli import common
from app.domain.quarters import parse_quarter
from app.i18n import t


def register(sub: common.Commands) -> None:
    report = sub.add_parser("report", help="workbooks for the county")
    actions = report.add_subparsers(dest="action", metavar="summary", required=True)
    summary_ = actions.add_parser(
        "summary", help="the quarter by disease and village, roster and public list"
    )
    summary_.add_argument("--quarter", required=True, help="e.g. 2026Q4")
    summary_.add_argument("--out", required=True, type=Path, help="workbook (.xlsx)")
    summary_.set_defaults(handler=summary)


def summary(args: argparse.Namespace) -> int:
    from app.printing.summary import SummaryService
    from app.printing.summary_workbook import write_summary

    start = parse_quarter(args.quarter)
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
