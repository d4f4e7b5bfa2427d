"""`ncms renewals`: the station's certificates ending soon, by village (listed, saved
as a workbook, their notices printed), and `ncms renewals start NUMBER`, the renewal
application prefilled from the last one."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from app.cli import common
from app.domain.workflow import Role
from app.errors import NcmsError
from app.i18n import t
from app.security.actor import Actor


def register(sub: common.Commands) -> None:
    from app.certificates.renewals import RENEWAL_DAYS

    renewals = sub.add_parser("renewals", help=t("cli.help.renewals"))
    renewals.add_argument(
        "--days", type=int, default=RENEWAL_DAYS, help=t("cli.help.renewals.days")
    )
    renewals.add_argument("--out", type=Path, metavar="FILE.xlsx", help=t("cli.help.renewals.out"))
    renewals.add_argument(
        "--notices", type=Path, metavar="FILE.pdf", help=t("cli.help.renewals.notices")
    )
    renewals.set_defaults(handler=listed)
    actions = renewals.add_subparsers(dest="action", metavar="start")
    start_ = actions.add_parser("start", help=t("cli.help.renewals.start"))
    start_.add_argument("number")
    start_.set_defaults(handler=start)


def listed(args: argparse.Namespace) -> int:
    from app.certificates.renewals import RenewalService
    from app.printing.pdf_base import chinese_date
    from app.printing.renewal_notice import renewal_notices
    from app.printing.summary_workbook import write_certificate_list

    if not 1 <= args.days <= 366:
        raise NcmsError("renewals.days_range")
    with common.opened(args) as db:
        due = RenewalService(db).due(args.days)
        office = db.installation().name
    for item in due:
        c = item.certificate
        until = c.valid_until.isoformat() if c.valid_until else ""
        started = t("renewals.started", application=item.renewal) if item.renewal else ""
        print("\t".join((c.village, c.number, c.name, until, started)).rstrip("\t"))
    print(t("renewals.count", count=len(due), days=args.days))
    if args.out is not None:
        # A Chinese sheet for the village doctors, whatever the console's language.
        rows = [(d.certificate, f"已开始换证：{d.renewal}" if d.renewal else "") for d in due]
        write_certificate_list(rows, args.out, "到期换证名单")
        print(t("renewals.written", path=args.out))
    if args.notices is not None and due:
        renewal_notices(due, office, args.notices, chinese_date(date.today()))
        print(t("renewals.notices_written", path=args.notices, count=len(due)))
    return 0


def start(args: argparse.Namespace) -> int:
    from app.certificates.renewals import RenewalService

    with common.opened(args) as db:
        started = RenewalService(db).start(Actor.command_line(Role.CLERK), args.number)
    print(t("renewals.draft", application=started.number, number=args.number))
    return 0
