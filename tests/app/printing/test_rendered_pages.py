"""Every printed document rendered to images, as a person would look at them: each
page has ink on it and the Chinese font inside the file (a PC without Chinese fonts
prints it the same). Set NCMS_PRINT_SAMPLES=DIR to keep the PDFs and PNGs."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path

from PIL import Image
from pypdf import PdfReader
from sqlalchemy import select

from app.certificates.printing import CertificateService
from app.db.models import Batch
from app.printing import forms, rosters
from app.printing.certificate_pdf import CertificateLayout, render_certificates
from app.printing.printouts import PrintoutService, office
from tests.app.printing.helpers import find, waiting
from tests.app.sync.helpers import Side
from tests.conftest import TODAY


def _documents(station: Side) -> dict[str, Callable[[Path], None]]:
    printouts = PrintoutService(station.db, today=lambda: TODAY)
    approved = printouts.application(find(station, "certificate_issued").id)
    rejected = printouts.application(find(station, "rejected").id)
    missing = printouts.application(waiting(station).id)
    with station.db.reader() as session:
        batch = session.scalars(select(Batch.id)).one()
    certificates = CertificateService(station.db)
    cards = certificates.views(certificates.unprinted())
    listed = certificates.listed()
    here = office(station.db)
    return {
        "certificate-a5": lambda out: render_certificates(cards, out),
        "certificate-a4": lambda out: render_certificates(cards, out, CertificateLayout("A4")),
        "certificate-booklet": lambda out: render_certificates(
            cards, out, CertificateLayout(data_only=True)
        ),
        "approval-form": lambda out: forms.approval_form(approved, out, copies=3),
        "receipt": lambda out: forms.receipt(approved, out),
        "missing-notice": lambda out: forms.missing_notice(missing, out),
        "rejection-notice": lambda out: forms.rejection_notice(rejected, out),
        "batch-roster": lambda out: rosters.batch_roster(printouts.batch_roster(batch), out),
        "issue-register": lambda out: rosters.issue_register(listed, out, here),
        "public-list": lambda out: rosters.public_list(listed, out, here, "2027Q1"),
    }


def _ink(png: Path) -> float:
    image = Image.open(png).convert("L")
    histogram = image.histogram()
    return sum(histogram[:160]) / (image.width * image.height)


def test_every_document_renders_with_ink_and_its_chinese_font_inside(
    station: Side, tmp_path: Path
) -> None:
    folder = Path(os.environ.get("NCMS_PRINT_SAMPLES") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    for name, build in _documents(station).items():
        pdf = folder / f"{name}.pdf"
        build(pdf)
        for page in PdfReader(pdf).pages:
            fonts = [f.get_object() for f in page["/Resources"]["/Font"].values()]
            embedded = [
                f
                for f in fonts
                if "WenQuanYi" in str(f["/BaseFont"])
                and "/FontFile2" in f["/FontDescriptor"].get_object()
            ]
            assert embedded, f"{name}: the CJK font is not embedded"
        subprocess.run(["pdftoppm", "-png", "-r", "50", pdf, folder / name], check=True)
        pages = sorted(folder.glob(f"{name}-*.png"))
        assert pages, name
        for png in pages:
            assert 0.002 < _ink(png) < 0.5, f"{png.name} looks blank or solid"
