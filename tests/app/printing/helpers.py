"""Reading printed documents back, and finding the files to print."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TypeVar

from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from app.db.models import Application
from app.examination.examination import ExaminationService
from app.intake.applications import ApplicationService
from tests.app.helpers import CLERK, applicant, complete
from tests.app.sync.helpers import Side
from tests.conftest import TODAY

T = TypeVar("T")


def text_of(pdf: Path) -> str:
    return "".join(page.extract_text() for page in PdfReader(pdf).pages).replace(" ", "")


def find(station: Side, state: str) -> Application:
    with station.db.reader() as session:
        return session.scalars(select(Application).where(Application.state == state)).first()


def waiting(station: Side) -> Application:
    service = ApplicationService(station.db, today=lambda: TODAY)
    ref = service.save_draft(CLERK, complete(["HTN"], person=applicant(40)))
    service.receive(CLERK, ref.id)
    examination = ExaminationService(station.db)
    examination.set_checklist(CLERK, ref.id, "exam_report", "insufficient", "化验单超过一个月")
    examination.request_materials(CLERK, ref.id)
    app = find(station, "awaiting_materials")
    assert app is not None
    return app


# Text a station's package or a clerk may carry that a spreadsheet would evaluate.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def hostile(record: T, text: str) -> T:
    """`record` (a dataclass) with every text field, nested ones too, set to `text`."""
    changes: dict[str, object] = {}
    for field in dataclasses.fields(record):  # type: ignore[arg-type]
        value = getattr(record, field.name)
        if isinstance(value, str):
            changes[field.name] = text
        elif dataclasses.is_dataclass(value):
            changes[field.name] = hostile(value, text)
        elif isinstance(value, list) and all(dataclasses.is_dataclass(v) for v in value):
            changes[field.name] = [hostile(v, text) for v in value]
        elif isinstance(value, tuple) and value and all(dataclasses.is_dataclass(v) for v in value):
            changes[field.name] = tuple(hostile(v, text) for v in value)
    return dataclasses.replace(record, **changes)  # type: ignore[type-var]


def live_cells(book: Path) -> list[str]:
    """Every cell of every sheet a spreadsheet program could evaluate: a formula, or
    text that starts like one without being marked as text (quotePrefix). A CR reads
    back as a line feed, so a text starting with one counts as well."""
    starts = (*FORMULA_PREFIXES, "\n")
    found = []
    for sheet in load_workbook(book):
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f" or (
                    isinstance(cell.value, str)
                    and cell.value.startswith(starts)
                    and (cell.data_type != "s" or not cell.quotePrefix)
                ):
                    found.append(f"{sheet.title}!{cell.coordinate}")
    return found


def text_values(book: Path) -> set[str]:
    """Every text of the workbook as a spreadsheet reads it: XML reads a CR as a line
    feed (both are a line break in the cell), so texts come back with CRs as LFs."""
    return {
        cell.value
        for sheet in load_workbook(book)
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str)
    }
