"""What every printed form shares: the CJK font, paragraph styles, an A4 or A5 page
with the issuing office at the top and page numbers at the foot, and tables drawn
the way official forms are (thin black rules, labels in grey cells)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, A5
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)

from app.printing.fonts import register_fonts

LABEL_FILL = colors.Color(0.93, 0.93, 0.93)
RULE = colors.black


@dataclass(frozen=True)
class Page:
    paper: str = "A4"  # A4 | A5
    landscape: bool = False

    def size(self) -> tuple[float, float]:
        width, height = (float(v) for v in (A4 if self.paper == "A4" else A5))
        return (height, width) if self.landscape else (width, height)

    @property
    def margin(self) -> float:
        return float((15 if self.paper == "A4" else 10) * mm)


A4_PAGE, A5_PAGE = Page("A4"), Page("A5")
A4_LANDSCAPE = Page("A4", landscape=True)


@cache
def styles() -> dict[str, ParagraphStyle]:
    font = register_fonts()
    base = ParagraphStyle("body", fontName=font, fontSize=10.5, leading=15, wordWrap="CJK")
    return {
        "body": base,
        "title": ParagraphStyle(
            "title", parent=base, fontSize=18, leading=26, alignment=TA_CENTER, spaceAfter=4
        ),
        "subtitle": ParagraphStyle(
            "subtitle", parent=base, fontSize=10, leading=14, alignment=TA_CENTER, spaceAfter=8
        ),
        "heading": ParagraphStyle("heading", parent=base, fontSize=12, leading=18, spaceBefore=6),
        "cell": ParagraphStyle("cell", parent=base, fontSize=9.5, leading=13),
        "cell_centre": ParagraphStyle(
            "cell_centre", parent=base, fontSize=9.5, leading=13, alignment=TA_CENTER
        ),
        "small": ParagraphStyle("small", parent=base, fontSize=8.5, leading=12),
        "right": ParagraphStyle("right", parent=base, alignment=TA_RIGHT),
        "left": ParagraphStyle("left", parent=base, alignment=TA_LEFT),
    }


def para(text: str, style: str = "body") -> Paragraph:
    """A paragraph of plain text (escaped: names may hold &, < or >). Two leading
    full-width spaces, the Chinese paragraph indent, become a first-line indent."""
    chosen = styles()[style]
    if text.startswith("\u3000\u3000"):
        text = text[2:]
        chosen = ParagraphStyle(
            f"{style}_indented", parent=chosen, firstLineIndent=2 * chosen.fontSize
        )
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    # Forms leave blanks with full-width spaces, which ReportLab would collapse;
    # four no-break spaces take the same width in this font.
    escaped = escaped.replace("\u3000", "\xa0" * 4)
    return Paragraph(escaped.replace("\n", "<br/>"), chosen)


def chinese_date(day: date | None) -> str:
    return f"{day.year}年{day.month:02d}月{day.day:02d}日" if day else "　　年　　月　　日"


def grid(
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float],
    label_cells: Sequence[tuple[int, int]] = (),
    header: bool = False,
    spans: Sequence[tuple[tuple[int, int], tuple[int, int]]] = (),
    heights: Sequence[float | None] | None = None,
) -> Table:
    """A ruled table; strings become wrapped paragraphs. `label_cells` (col, row)
    are shaded like a printed form's captions; `header` shades and repeats row 0."""
    cells = [[para(c, "cell") if isinstance(c, str) else c for c in row] for row in rows]
    table = Table(cells, colWidths=list(widths), rowHeights=heights, repeatRows=1 if header else 0)
    style: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.5, RULE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
    if header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), LABEL_FILL))
    for col, row in label_cells:
        style.append(("BACKGROUND", (col, row), (col, row), LABEL_FILL))
    for start, end in spans:
        style.append(("SPAN", start, end))
    table.setStyle(TableStyle(style))
    return table


class Document:
    """A PDF of flowables with the office's name in the header and "page n of m"
    in the footer on every page."""

    def __init__(self, out: Path, title: str, office: str, page: Page = A4_PAGE) -> None:
        self.out, self.title, self.office, self.page = out, title, office, page

    @property
    def width(self) -> float:
        return self.page.size()[0] - 2 * self.page.margin

    def build(self, story: list[Flowable]) -> None:
        width, height = self.page.size()
        margin = self.page.margin
        doc = BaseDocTemplate(
            str(self.out),
            pagesize=(width, height),
            leftMargin=margin,
            rightMargin=margin,
            topMargin=margin + 6 * mm,
            bottomMargin=margin + 4 * mm,
            title=self.title,
            author=self.office,
            creator="NCMS chronic-disease station",
        )
        frame = Frame(
            margin, margin + 4 * mm, width - 2 * margin, height - 2 * margin - 10 * mm, id="body"
        )
        doc.addPageTemplates([PageTemplate("page", [frame], onPage=self._decorate)])
        doc.build(story, canvasmaker=_NumberedCanvas)

    def _decorate(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        width, height = self.page.size()
        margin = self.page.margin
        canvas.saveState()
        canvas.setFont(register_fonts(), 8)
        canvas.setFillColor(colors.Color(0.35, 0.35, 0.35))
        canvas.drawString(margin, height - margin + 1 * mm, self.office)
        canvas.drawRightString(width - margin, height - margin + 1 * mm, self.title)
        canvas.restoreState()


class _NumberedCanvas(Canvas):  # type: ignore[misc]  # ReportLab is untyped
    """Defers each page until the count is known, to print "第 n 页 共 m 页"."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802 - ReportLab's name
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, 1):
            self.__dict__.update(state)
            width = self._pagesize[0]
            self.setFont(register_fonts(), 8)
            self.drawCentredString(width / 2, 8 * mm, f"第 {number} 页　共 {total} 页")
            super().showPage()
        super().save()
