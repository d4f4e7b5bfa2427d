"""`ncms certificates`: print issued certificates, or check a certificate's QR text."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.certificates.events import CANCEL_CAUSES, LOSS_CAUSES
from app.certificates.handout import Collector, HandOutRequest, HandOutService
from app.certificates.printing import CertificateService, describe
from app.certificates.reported import ReportService
from app.certificates.revocations import read_list_file, write_list_file
from app.certificates.seal import Verdict
from app.cli import common
from app.domain.vocabulary import InstallationRole
from app.domain.workflow import Role
from app.errors import NcmsError, Problem, ValidationError
from app.i18n import t
from app.security.actor import Actor


def register(sub: common.Commands) -> None:
    certs = sub.add_parser(
        "certificates",
        help=t("cli.help.certificates"),
    )
    certs.add_argument("--out", type=Path, help=t("cli.help.certificates.out"))
    certs.add_argument(
        "--application", nargs="+", metavar="NUMBER", help=t("cli.help.certificates.application")
    )
    certs.add_argument("--paper", choices=("A5", "A4"), default="A5")
    certs.add_argument(
        "--data-only", action="store_true", help=t("cli.help.certificates.data_only")
    )
    certs.add_argument("--offset-x", type=float, default=0.0, metavar="MM")
    certs.add_argument("--offset-y", type=float, default=0.0, metavar="MM")
    certs.add_argument("--reprint-reason", help=t("cli.help.certificates.reprint_reason"))
    certs.set_defaults(handler=print_)
    # Each listed below with its help: a metavar naming all eight overflows 80 columns.
    actions = certs.add_subparsers(dest="action", metavar="ACTION")
    check = actions.add_parser("verify", help=t("cli.help.certificates.verify"))
    check.add_argument("text")
    check.add_argument(
        "--revocations", type=Path, metavar="FILE", help=t("cli.help.certificates.revocations")
    )
    check.set_defaults(handler=verify)
    hand = actions.add_parser("hand-out", help=t("cli.help.certificates.hand_out"))
    hand.add_argument("number")
    hand.add_argument("--to", required=True, choices=[c.value for c in Collector])
    hand.add_argument("--id-number", default="", help=t("cli.help.certificates.id_number"))
    hand.add_argument("--name", default="", help=t("cli.help.certificates.agent_name"))
    hand.add_argument("--relation", default="", help=t("cli.help.certificates.relation"))
    hand.add_argument("--reason", default="", help=t("cli.help.certificates.reason"))
    hand.add_argument("--on", type=common.day, metavar="DATE", help=t("cli.help.certificates.on"))
    hand.set_defaults(handler=hand_out)
    review = actions.add_parser("annual-review", help=t("cli.help.certificates.annual_review"))
    review.add_argument("number")
    review.add_argument("--result", required=True, help=t("cli.help.certificates.result"))
    review.add_argument("--year", type=int, help=t("cli.help.certificates.year"))
    review.add_argument("--on", type=common.day, metavar="DATE", help=t("cli.help.certificates.on"))
    review.add_argument(
        "--print", type=Path, metavar="FILE.pdf", help=t("cli.help.certificates.stamp")
    )
    review.add_argument("--offset-x", type=float, default=0.0, metavar="MM")
    review.add_argument("--offset-y", type=float, default=0.0, metavar="MM")
    review.set_defaults(handler=annual_review)
    revoke_ = actions.add_parser("revoke", help=t("cli.help.certificates.revoke"))
    revoke_.add_argument("number")
    revoke_.add_argument("--reason", required=True, help=t("cli.help.certificates.revoke_reason"))
    revoke_.set_defaults(handler=revoke)
    lost = actions.add_parser("report-lost", help=t("cli.help.certificates.report_lost"))
    lost.add_argument("number")
    lost.add_argument("--cause", choices=LOSS_CAUSES, default="lost")
    lost.add_argument("--note", default="", help=t("cli.help.certificates.note"))
    lost.add_argument("--on", type=common.day, metavar="DATE", help=t("cli.help.certificates.on"))
    lost.set_defaults(handler=report_lost)
    cancel_ = actions.add_parser("cancel", help=t("cli.help.certificates.cancel"))
    cancel_.add_argument("number")
    cancel_.add_argument("--cause", choices=CANCEL_CAUSES, required=True)
    cancel_.add_argument("--note", default="", help=t("cli.help.certificates.note"))
    cancel_.add_argument(
        "--on", type=common.day, metavar="DATE", help=t("cli.help.certificates.cancel_on")
    )
    cancel_.set_defaults(handler=cancel)
    replace_ = actions.add_parser("replace", help=t("cli.help.certificates.replace"))
    replace_.add_argument("number")
    replace_.add_argument("--reason", default="", help=t("cli.help.certificates.replace_reason"))
    replace_.set_defaults(handler=replace)
    listed = actions.add_parser("revocations", help=t("cli.help.certificates.revocation_list"))
    listed.add_argument("--out", type=Path, required=True, metavar="FILE")
    listed.set_defaults(handler=revocations)


def print_(args: argparse.Namespace) -> int:
    """Every issued certificate not yet printed, or those of the named applications."""
    if args.out is None:
        raise ValidationError([Problem("out", "cli.out_needed")])
    # ReportLab is imported by the commands that draw.
    from app.printing.certificate_pdf import CertificateLayout, render_certificates

    layout = CertificateLayout(
        paper=args.paper,
        data_only=args.data_only,
        offset_x_mm=args.offset_x,
        offset_y_mm=args.offset_y,
    )
    with common.opened(args) as db:
        service = CertificateService(db)
        ids = (
            service.by_application_numbers(args.application)
            if args.application
            else (service.unprinted())
        )
        result = service.print_to(
            Actor.command_line(),
            ids,
            args.out,
            lambda views, path: render_certificates(views, path, layout),
            args.reprint_reason or "",
        )
    print(t("certificate.printed", count=len(result.numbers), path=result.path))
    return 0


def verify(args: argparse.Namespace) -> int:
    """Exit 0 only for a valid certificate, so scripts can rely on it: a training
    certificate, however genuine, is no benefit."""
    brought = read_list_file(args.revocations) if args.revocations else None
    with common.opened(args) as db:
        checked = CertificateService(db).verify(args.text, brought)
    print(describe(checked))
    real = checked.data is not None and not checked.data.training
    return 0 if checked.verdict == Verdict.VALID and real else 1


def hand_out(args: argparse.Namespace) -> int:
    """Record who collected a printed certificate (a station's clerk at the counter)."""
    request = HandOutRequest(
        args.number,
        Collector(args.to),
        args.id_number,
        args.name,
        args.relation,
        args.reason,
        args.on,
    )
    with common.opened(args) as db:
        done = HandOutService(db).hand_out(Actor.command_line(Role.CLERK), request)
    key = "certificate.handed_out" if done.matched else "certificate.handed_out_unmatched"
    print(t(key, number=done.number, name=done.name, on=done.on))
    return 0


def revoke(args: argparse.Namespace) -> int:
    """County: end a certificate in effect, for a reason that travels to its station."""
    from app.review.register import CertificateRegister

    with common.opened(args) as db:
        if db.installation().role != InstallationRole.COUNTY:
            raise NcmsError("register.county_only")
        revoked = CertificateRegister(db).revoke(
            Actor.command_line(Role.COUNTY_ADMIN), args.number, args.reason
        )
    print(t("certificate.revoked", number=revoked.number, on=revoked.revoked_on))
    return 0


def report_lost(args: argparse.Namespace) -> int:
    """Station: a certificate lost or damaged, for the county to replace."""
    with common.opened(args) as db:
        done = ReportService(db).report_lost(
            Actor.command_line(Role.CLERK), args.number, args.cause, args.note, args.on
        )
    print(t("certificate.reported_lost", number=done.number, on=done.on))
    return 0


def cancel(args: argparse.Namespace) -> int:
    """Station: the holder died, moved away or left the insurance; the county ends it."""
    with common.opened(args) as db:
        done = ReportService(db).cancel(
            Actor.command_line(Role.CLERK), args.number, args.cause, args.note, args.on
        )
    print(t("certificate.cancel_reported", number=done.number, on=done.on))
    return 0


def replace(args: argparse.Namespace) -> int:
    """County: a new certificate for a lost or damaged one, which is revoked."""
    from app.review.replacement import ReplacementService

    with common.opened(args) as db:
        done = ReplacementService(db).replace(
            Actor.command_line(Role.COUNTY_ADMIN),
            args.number,
            common.sync_keys(db).signing,
            args.reason,
        )
    print(t("certificate.replaced", old=done.old_number, new=done.new_number))
    return 0


def revocations(args: argparse.Namespace) -> int:
    """County: its signed revocation list as a file, for whoever checks certificates."""
    from app.certificates.revocations import publish

    with common.opened(args) as db:
        if db.installation().role != InstallationRole.COUNTY:
            raise NcmsError("revocations.county_only")
        signed = publish(db, common.sync_keys(db).signing)
    write_list_file(signed, args.out)
    print(t("revocations.written", path=args.out))
    return 0


def annual_review(args: argparse.Namespace) -> int:
    """Station: record a year's review; `--print`: that year's stamp text alone, for
    the certificate's box (values only, at the printer's offsets)."""
    from app.certificates.annual_review import AnnualReviewService

    with common.opened(args) as db:
        review = AnnualReviewService(db).record(
            Actor.command_line(Role.CLERK), args.number, args.result, args.year, args.on
        )
        print(t("certificate.reviewed", number=args.number, year=review.year, box=review.box + 1))
        if args.print is not None and review.certificate_id is not None:
            from app.certificates.issued import read_certificates
            from app.printing.certificate_pdf import CertificateLayout, render_certificates

            views = read_certificates(db, ids=[review.certificate_id])
            layout = CertificateLayout(
                data_only=True,
                offset_x_mm=args.offset_x,
                offset_y_mm=args.offset_y,
                review_year=review.year,
            )
            render_certificates(views, args.print, layout)
            print(t("certificate.stamp_written", path=args.print))
    return 0
