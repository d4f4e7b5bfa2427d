"""Benchmark row: 500 certificates in one PDF, beside a bare ReportLab page with the
same elements (the CJK font, the field texts, the photo, the QR code drawn the usual
ReportLab way, with its QrCodeWidget) as baseline. Ours draws the QR code from segno's
matrix as one path, which is why it beats the bare page."""

from __future__ import annotations

import io
import time
import uuid
from datetime import date
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PIL import Image
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A5, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from app.certificates.issued import CertifiedDisease, IssuedCertificate
from app.certificates.seal import CertificateData, sign_certificate
from app.printing.certificate_pdf import render_certificates
from app.printing.fonts import register_fonts
from tests.bench.core import Row

COUNT = 500


def _views(count: int) -> list[IssuedCertificate]:
    key = Ed25519PrivateKey.generate()
    views = []
    for n in range(count):
        photo = io.BytesIO()
        # A distinct 1-inch photo each, as intake stores them (295×413 JPEG).
        Image.new("RGB", (295, 413), (60 + n % 150, 110, 190)).save(photo, "JPEG", quality=80)
        number = f"C41052027{n + 1:06d}"
        data = CertificateData(
            number, "C4105", "张秀兰", "F", "410523195003150028", ("HTN:B",),
            date(2027, 1, 1), date(2028, 12, 31),
        )  # fmt: skip
        views.append(
            IssuedCertificate(
                id=uuid.uuid4(),
                number=number,
                application_number=f"S001-2026-{n + 1:06d}",
                name="张秀兰",
                gender="F",
                id_number="410523195003150028",
                village="宜沟村",
                station="宜沟镇合管站",
                diseases=(CertifiedDisease("HTN", "高血压病（Ⅱ、Ⅲ期）", "B", None),),
                valid_from=date(2027, 1, 1),
                valid_until=date(2028, 12, 31),
                issued_on=date(2026, 12, 20),
                authority="汤阴县合管中心",
                seal=sign_certificate(data, key),
                print_count=0,
                handed_out=False,
                photo=photo.getvalue(),
            )
        )
    return views


def _bare(views: list[IssuedCertificate], out: Path) -> None:
    """The same elements on a page, with none of the form around them."""
    font = register_fonts()
    canvas = Canvas(str(out), pagesize=landscape(A5), pageCompression=1)
    for view in views:
        canvas.setFont(font, 11)
        for row, text in enumerate(
            (view.number, view.name, "女", view.id_number, view.diseases[0].name, view.authority)
        ):
            canvas.drawString(62 * mm, (100 - row * 7.2) * mm, text)
        canvas.drawImage(
            ImageReader(io.BytesIO(view.photo or b"")), 20 * mm, 66 * mm, 25 * mm, 35 * mm
        )
        widget = QrCodeWidget(view.seal, barLevel="M", barBorder=0)
        x0, y0, x1, y1 = widget.getBounds()
        drawing = Drawing(
            30 * mm, 30 * mm, transform=[30 * mm / (x1 - x0), 0, 0, 30 * mm / (y1 - y0), 0, 0]
        )
        drawing.add(widget)
        renderPDF.draw(drawing, canvas, 160 * mm, 68 * mm)
        canvas.showPage()
    canvas.save()


def bench_certificates(tmp: Path, applications: int, _queries: int) -> list[Row]:
    count = min(COUNT, applications)
    views = _views(count)
    ours, bare = tmp / "certificates.pdf", tmp / "bare.pdf"
    register_fonts()  # once per process in both cases: not part of either figure
    started = time.perf_counter()
    render_certificates(views, ours)
    seconds = time.perf_counter() - started
    started = time.perf_counter()
    _bare(views, bare)
    baseline = time.perf_counter() - started
    return [
        Row(
            f"certificates PDF ({count} in one file, A5)",
            f"{seconds:.1f} s, {ours.stat().st_size / 1e6:.1f} MB",
            f"bare page {baseline:.1f} s, {bare.stat().st_size / 1e6:.1f} MB",
            f"{seconds / baseline:.2f}× the time",
            f"{seconds / count * 1000:.0f} ms per certificate",
        )
    ]
