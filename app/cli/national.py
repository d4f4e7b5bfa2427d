"""`ncms national export|import-reply|status`: the county's records for the national
medical-security information platform (2503 registrations, 2504 revocations) and the
platform's answer."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli import common
from app.domain.workflow import Role
from app.i18n import t
from app.security.actor import Actor


def register(sub: common.Commands) -> None:
    national = sub.add_parser("national", help=t("cli.help.national"))
    actions = national.add_subparsers(
        dest="action", metavar="export|import-reply|complete|codes|status", required=True
    )
    export_ = actions.add_parser("export", help=t("cli.help.national.export"))
    export_.add_argument("--out", required=True, type=Path, help=t("cli.help.workbook"))
    export_.add_argument("--jsonl", type=Path, metavar="FILE", help=t("cli.help.national.jsonl"))
    export_.add_argument("--area", metavar="CODE", help=t("cli.help.national.area"))
    export_.add_argument(
        "--unanswered", action="store_true", help=t("cli.help.national.unanswered")
    )
    export_.set_defaults(handler=export)
    reply_ = actions.add_parser("import-reply", help=t("cli.help.national.reply"))
    reply_.add_argument("file", type=Path)
    reply_.set_defaults(handler=import_reply)
    complete_ = actions.add_parser("complete", help=t("cli.help.national.complete"))
    complete_.add_argument("application", metavar="APPLICATION")
    complete_.add_argument("--psn-no", default="", help=t("cli.help.national.psn_no"))
    complete_.add_argument("--doctor-code", default="", help=t("cli.help.national.doctor_code"))
    complete_.set_defaults(handler=complete)
    codes_ = actions.add_parser("codes", help=t("cli.help.national.codes"))
    codes_.add_argument(
        "--hospital",
        action="append",
        default=[],
        type=_pair,
        metavar="CODE=NATIONAL",
        help=t("cli.help.national.hospital"),
    )
    codes_.add_argument(
        "--disease",
        action="append",
        default=[],
        type=_pair,
        metavar="CODE=NATIONAL:NAME",
        help=t("cli.help.national.disease"),
    )
    codes_.set_defaults(handler=codes)
    status_ = actions.add_parser("status", help=t("cli.help.national.status"))
    status_.add_argument("--out", type=Path, help=t("cli.help.workbook"))
    status_.set_defaults(handler=status)


def _pair(text: str) -> tuple[str, str]:
    """`H410523001=H41052300001`, refused while the command line is read when the
    `=` is missing."""
    code, sign, value = text.partition("=")
    if not sign or not code.strip() or not value.strip():
        raise argparse.ArgumentTypeError(t("cli.bad_mapping", text=text))
    return code.strip(), value.strip()


def _actor() -> Actor:
    return Actor.command_line(Role.COUNTY_ADMIN)


def export(args: argparse.Namespace) -> int:
    # Workbook code is imported by the commands that use it (openpyxl is heavy).
    from app.national.files import missing_text, write_jsonl, write_workbook
    from app.national.filing import NationalFilingService

    with common.opened(args) as db:
        service = NationalFilingService(db)
        service.require_county()
        if args.area is not None:
            service.set_area(_actor(), args.area)
        sent = service.send(
            _actor(),
            args.out,
            write_workbook,
            args.jsonl,
            write_jsonl if args.jsonl is not None else None,
            unanswered=args.unanswered,
        )
        held_back = service.owed().held_back if sent.held_back else []
    if not sent.paths:
        print(t("national.nothing_owed"))
        return 0
    print(
        t(
            "national.exported",
            registrations=sent.registrations,
            revocations=sent.revocations,
            paths="、".join(str(p) for p in sent.paths),
        )
    )
    if held_back:
        print(t("national.held_back", count=len(held_back)))
        for record in held_back:
            h = record.holder
            print(f"  {h.number} {h.name} {h.disease_name}: {missing_text(record)}")
    return 0


def import_reply(args: argparse.Namespace) -> int:
    from app.national.filing import NationalFilingService
    from app.national.reply import read_reply

    reply = read_reply(args.file)
    with common.opened(args) as db:
        answered = NationalFilingService(db).record_reply(_actor(), reply.lines)
    print(
        t(
            "national.reply_recorded",
            recorded=answered.recorded,
            unchanged=answered.unchanged,
        )
    )
    for key, found in (
        ("national.reply_unmatched", answered.unmatched),
        ("national.reply_conflicting", answered.conflicting),
    ):
        for line in found:
            print("  " + t(key, line=line.line, psn_no=line.psn_no, code=line.disease_code))
    for refusal in reply.refusals:
        print("  " + t("national.reply_refused", line=refusal.line, said=refusal.said))
    return 0


def status(args: argparse.Namespace) -> int:
    from app.national.filing import NationalFilingService
    from app.national.status import counts, filing_status, write_status

    with common.opened(args) as db:
        service = NationalFilingService(db)
        lines = filing_status(service)
        if args.out is not None:
            write_status(lines, db.installation().name, args.out)
    for state, n in counts(lines).items():
        print(f"{t(f'national.state.{state}')}\t{n}")
    if args.out is not None:
        print(t("national.status_written", path=args.out, count=len(lines)))
    return 0


def codes(args: argparse.Namespace) -> int:
    from app.national.codes import NationalCodes

    with common.opened(args) as db:
        mapping = NationalCodes(db)
        for code, national in args.hospital:
            mapping.map_hospital(_actor(), code, national)
        for code, value in args.disease:
            national, _, name = value.partition(":")
            mapping.map_disease(_actor(), code, national, name)
        rows = mapping.mappings()
    for row in rows:
        national = " ".join(filter(None, (row.national_code, row.national_name)))
        shown = national or t("national.unmapped")
        print(f"{t(f'national.kind.{row.kind}')}\t{row.code}\t{row.name}\t{shown}")
    return 0


def complete(args: argparse.Namespace) -> int:
    from app.national.filing import NationalFilingService

    with common.opened(args) as db:
        NationalFilingService(db).complete(
            _actor(), args.application, args.psn_no, args.doctor_code
        )
    print(t("national.completed", number=args.application))
    return 0
