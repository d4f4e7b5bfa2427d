"""The NCMS chronic-disease certificate (慢性病证) as a PDF, one card per certificate.

A card is 190 × 128 mm: one per A5 landscape page, or two per A4 portrait page with
a cut line between them. For booklets with the form already printed, "data only"
draws just the values, photo and QR code at the same places, shifted by the
offsets calibrated for that printer.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import segno
from reportlab.lib.colors import Color, black
from reportlab.lib.pagesizes import A4, A5, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from app.certificates.events import REVIEW_YEARS
from app.certificates.issued import IssuedCertificate
from app.domain.print_labels import gender_zh
from app.printing.fonts import register_fonts
from app.printing.pdf_base import chinese_date

CARD_W, CARD_H = 190 * mm, 128 * mm
RED = Color(0.62, 0.07, 0.07)
GREY = Color(0.45, 0.45, 0.45)
SAMPLE = Color(0.85, 0.1, 0.1, alpha=0.35)
REVIEW_BOX_W, REVIEW_BOX_GAP = 40.0, 3.0  # mm: the annual review boxes


@dataclass(frozen=True)
class CertificateLayout:
    paper: str = "A5"  # A5: a card per landscape page; A4: two per portrait page
    data_only: bool = False  # for pre-printed booklets
    offset_x_mm: float = 0.0  # printer calibration, saved per printer in Settings
    offset_y_mm: float = 0.0
    # Only this year's annual review, into its box of a card already handed out:
    # nothing else is drawn (values only, with the printer's offsets).
    review_year: int | None = None


def validity_text(view: IssuedCertificate) -> str:
    if view.valid_until is None:
        return f"{chinese_date(view.valid_from)} 起长期有效"
    return f"{chinese_date(view.valid_from)} 至 {chinese_date(view.valid_until)}"


def render_certificates(
    views: Sequence[IssuedCertificate], out: Path, layout: CertificateLayout = CertificateLayout()
) -> None:
    font = register_fonts()
    if layout.paper == "A4":
        page, origins = A4, [(10 * mm, A4[1] - 10 * mm - CARD_H), (10 * mm, 12 * mm)]
    else:
        page, origins = landscape(A5), [(10 * mm, 10 * mm)]
    canvas = Canvas(str(out), pagesize=page, pageCompression=1)
    canvas.setTitle("新型农村合作医疗慢性病证")
    canvas.setAuthor(views[0].authority if views else "")
    canvas.setCreator("NCMS chronic-disease station")
    shift = (layout.offset_x_mm * mm, layout.offset_y_mm * mm)
    for n, view in enumerate(views):
        slot = n % len(origins)
        if n and slot == 0:
            canvas.showPage()
        x, y = origins[slot]
        if layout.paper == "A4" and slot == 0 and not layout.data_only:
            _cut_line(canvas, page[0], y - 6 * mm)
        card = _Card(canvas, font, x + shift[0], y + shift[1])
        if layout.review_year is not None:
            card.reviews(view, layout.review_year)
            if view.sample:
                card._sample_mark()
            continue
        if not layout.data_only:
            card.form(view)
        card.values(view)
        card.reviews(view)
    canvas.showPage()
    canvas.save()


def _cut_line(canvas: Canvas, width: float, y: float) -> None:
    canvas.saveState()
    canvas.setStrokeColor(GREY)
    canvas.setLineWidth(0.3)
    canvas.setDash(3, 3)
    canvas.line(5 * mm, y, width - 5 * mm, y)
    canvas.restoreState()


# Where each value sits on the card, from its lower-left corner, in mm: the form
# and "data only" share them, so a calibrated booklet lines up with the form.
PHOTO = (10.0, 56.0, 25.0, 35.0)  # x, y, width, height: a 1-inch photo
QR = (150.0, 58.0, 30.0)  # x, y, size
LABEL_X, VALUE_X = 42.0, 62.0
ROWS = (
    "证　　号",
    "姓　　名",
    "性　　别",
    "身份证号",
    "病种类别",
    "有效期限",
    "发证机构",
    "发证日期",
)
CROSS_PROVINCE = "※ 跨省直接结算病种"
NOTICE = "本证限本人使用，不得涂改、转借。遗失请及时到乡镇合管站挂失补办。"
ROW_TOP, ROW_STEP = 91.0, 7.2


class _Card:
    def __init__(self, canvas: Canvas, font: str, x: float, y: float) -> None:
        self.c, self.font, self.x, self.y = canvas, font, x, y

    def at(self, x_mm: float, y_mm: float) -> tuple[float, float]:
        return self.x + x_mm * mm, self.y + y_mm * mm

    def text(self, x_mm: float, y_mm: float, text: str, size: float, centre: bool = False) -> None:
        self.c.setFont(self.font, size)
        x, y = self.at(x_mm, y_mm)
        if centre:
            self.c.drawCentredString(x, y, text)
        else:
            self.c.drawString(x, y, text)

    def row_y(self, row: int) -> float:
        return ROW_TOP - row * ROW_STEP

    def form(self, view: IssuedCertificate) -> None:
        c = self.c
        c.saveState()
        c.setStrokeColor(RED)
        c.setLineWidth(1.2)
        c.rect(self.x, self.y, CARD_W, CARD_H)
        c.setLineWidth(0.4)
        c.rect(self.x + 1.6 * mm, self.y + 1.6 * mm, CARD_W - 3.2 * mm, CARD_H - 3.2 * mm)
        c.setFillColor(RED)
        self.text(95, 117, "新型农村合作医疗", 12, centre=True)
        self.text(95, 105.5, "慢 性 病 证", 24, centre=True)
        c.setFillColor(black)
        c.setStrokeColor(GREY)
        c.setLineWidth(0.3)
        for row, label in enumerate(ROWS):
            y = self.row_y(row)
            self.text(LABEL_X, y, label, 10)
            x0, y0 = self.at(VALUE_X - 1, y - 1.6)
            c.line(x0, y0, self.x + 146 * mm, y0)
        px, py, pw, ph = PHOTO
        x0, y0 = self.at(px, py)
        c.rect(x0, y0, pw * mm, ph * mm)
        c.setFillColor(GREY)
        if view.photo is None:
            self.text(px + pw / 2, py + ph / 2, "照片", 9, centre=True)
        self.text(QR[0] + QR[2] / 2, QR[1] - 4.5, "扫码验证真伪", 7.5, centre=True)
        self._review_boxes()
        self.text(95, 4.2, NOTICE, 7.5, centre=True)
        c.restoreState()

    def _review_boxes(self) -> None:
        c = self.c
        c.setFillColor(black)
        self.text(10, 35.5, "年审记录", 9)
        width, gap = REVIEW_BOX_W, REVIEW_BOX_GAP
        for n in range(REVIEW_YEARS):
            bx = 10 + n * (width + gap)
            x0, y0 = self.at(bx, 9)
            c.rect(x0, y0, width * mm, 24 * mm)
            c.setFillColor(GREY)
            self.text(bx + 2, 29, "　　　年　年审", 8)
            self.text(bx + width - 9, 11, "（盖章）", 7)
            c.setFillColor(black)

    def reviews(self, view: IssuedCertificate, year: int | None = None) -> None:
        """Each review's stamp text in its box: the year written into the blank the
        form leaves before 年　年审, the result and the day below it (beside where
        the station's stamp goes); `year`: that one only."""
        for review in view.reviews:
            if review.box >= REVIEW_YEARS or (year is not None and review.year != year):
                continue
            bx = 10 + review.box * (REVIEW_BOX_W + REVIEW_BOX_GAP)
            self.text(bx + 2.5, 29, str(review.year), 8)
            self.text(bx + 3, 22, review.result, 10)
            self.text(bx + 3, 16, chinese_date(review.on), 8)

    def values(self, view: IssuedCertificate) -> None:
        c = self.c
        c.saveState()
        c.setFillColor(black)
        values = (
            view.number,
            view.name,
            gender_zh(view.gender),
            view.id_number,
            view.card_diseases_label,
            validity_text(view),
            view.authority,
            chinese_date(view.issued_on),
        )
        for row, value in enumerate(values):
            size = 11 if row != 4 or len(value) <= 22 else 9
            self.text(VALUE_X, self.row_y(row), value, size)
        if view.cross_province:
            # A value, not part of the form: a pre-printed booklet has no such line.
            # A footnote under the last row, above the annual review boxes.
            x, y = self.at(146, self.row_y(len(ROWS) - 1) - 5.2)
            c.setFont(self.font, 7.5)
            c.drawRightString(x, y, CROSS_PROVINCE)
        if view.photo is not None:
            self._photo(view.photo)
        if view.seal:
            self._qr(view.seal)
        c.restoreState()
        if view.sample:
            self._sample_mark()

    def _sample_mark(self) -> None:  # also a training review's stamp text
        """样本 across the card, with the values rather than the form: a practice
        certificate printed on a real booklet is marked too."""
        c = self.c
        c.saveState()
        c.setFillColor(SAMPLE)
        x, y = self.at(CARD_W / mm / 2, CARD_H / mm / 2 - 8)
        c.translate(x, y)
        c.rotate(20)
        c.setFont(self.font, 60)
        c.drawCentredString(0, 0, "样本")
        c.setFont(self.font, 11)
        c.drawCentredString(0, -9 * mm, "培训练习用，不作享受待遇凭证")
        c.restoreState()

    def _photo(self, data: bytes) -> None:
        px, py, pw, ph = PHOTO
        x, y = self.at(px, py)
        try:
            image = ImageReader(io.BytesIO(data))
        except OSError:
            return  # an unreadable photo leaves the frame empty, not the batch unprinted
        self.c.drawImage(
            image, x, y, pw * mm, ph * mm, preserveAspectRatio=True, anchor="c", mask="auto"
        )

    def _qr(self, text: str) -> None:
        """The seal as a QR code, drawn as one vector path of module runs: crisp at
        any printer resolution, and ~20× faster than a shape per module."""
        qx, qy, size = QR
        matrix = segno.make(text, error="m", micro=False).matrix
        count = len(matrix)
        cell = size * mm / count
        x0, y0 = self.at(qx, qy)
        path = self.c.beginPath()
        for r, row in enumerate(matrix):
            y = y0 + (count - 1 - r) * cell
            c = 0
            while c < count:
                if not row[c]:
                    c += 1
                    continue
                start = c
                while c < count and row[c]:
                    c += 1
                path.rect(x0 + start * cell, y, (c - start) * cell, cell)
        self.c.drawPath(path, stroke=0, fill=1)
