"""`ncms certificates`: print issued certificates, or check a certificate's QR text."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.certificates.handout import Collector, HandOutRequest, HandOutService
from app.certificates.printing import CertificateService, describe
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
    actions = certs.add_subparsers(dest="action", metavar="verify|hand-out|annual-review|revoke")
    check = actions.add_parser("verify", help=t("cli.help.certificates.verify"))
    check.add_argument("text")
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
    with common.opened(args) as db:
        checked = CertificateService(db).verify(args.text)
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
