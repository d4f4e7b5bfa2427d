"""`ncms certificates` (print issued certificates, or check a certificate's QR text)
and `ncms report summary` (the quarter's workbook)."""

from __future__ import annotations

import argparse

from app.certificates.printing import CertificateService, describe
from app.certificates.seal import Verdict
from app.cli.commands import _opened
from app.domain.quarters import parse_quarter
from app.i18n import t
from app.security.actor import Actor


def certificates(args: argparse.Namespace) -> int:
    """Every issued certificate not yet printed, or those of the named applications."""
    # ReportLab is imported by the commands that draw.
    from app.printing.certificate_pdf import CertificateLayout, render_certificates

    layout = CertificateLayout(
        paper=args.paper,
        data_only=args.data_only,
        offset_x_mm=args.offset_x,
        offset_y_mm=args.offset_y,
    )
    with _opened(args) as db:
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


def verify_text(args: argparse.Namespace) -> int:
    """Exit 0 only for a valid certificate, so scripts can rely on it."""
    with _opened(args) as db:
        checked = CertificateService(db).verify(args.text)
    print(describe(checked))
    return 0 if checked.verdict == Verdict.VALID else 1


def report_summary(args: argparse.Namespace) -> int:
    from app.printing.summary import SummaryService
    from app.printing.summary_workbook import write_summary

    start = parse_quarter(args.quarter)
    with _opened(args) as db:
        summary = SummaryService(db).quarter(start)
    write_summary(summary, args.out)
    applications = sum(row.counts.received for row in summary.by_village)
    print(
        t(
            "report.written",
            quarter=summary.quarter,
            path=args.out,
            applications=applications,
            certificates=len(summary.public),
        )
    )
    return 0
