"""Reading printed documents back, and finding the files to print."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from sqlalchemy import select

from app.db.models import Application
from app.services.applications import ApplicationService
from tests.app.services.helpers import CLERK, applicant, complete
from tests.app.sync.helpers import Side
from tests.conftest import TODAY


def text_of(pdf: Path) -> str:
    return "".join(page.extract_text() for page in PdfReader(pdf).pages).replace(" ", "")


def find(station: Side, state: str) -> Application:
    with station.db.reader() as session:
        return session.scalars(select(Application).where(Application.state == state)).first()


def waiting(station: Side) -> Application:
    service = ApplicationService(station.db, today=lambda: TODAY)
    ref = service.save_draft(CLERK, complete(["HTN"], person=applicant(40)))
    service.receive(CLERK, ref.id)
    service.set_checklist(CLERK, ref.id, "exam_report", "insufficient", "化验单超过一个月")
    service.request_materials(CLERK, ref.id)
    app = find(station, "awaiting_materials")
    assert app is not None
    return app
