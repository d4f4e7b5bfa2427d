from __future__ import annotations

import io
from pathlib import Path

from PIL import Image
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from reportlab.pdfgen import canvas

from app.db.database import Database
from app.domain.workflow import Role
from app.security.actor import Actor
from tests.app.helpers import applicant
from tests.conftest import TODAY
from tests.ui.helpers import intake_page
from ui.dialogs.document_viewer import DocumentViewer


def _pdf(pages: int) -> bytes:
    out = io.BytesIO()
    pdf = canvas.Canvas(out)
    for i in range(pages):
        pdf.drawString(100, 700, f"page {i + 1}")
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def _png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (10, 120, 30)).save(out, "PNG")
    return out.getvalue()


def test_pdf_pages_turn_with_the_keyboard(qtbot: QtBot) -> None:
    viewer = DocumentViewer(_pdf(3), "application/pdf", "record.pdf")
    qtbot.addWidget(viewer)
    assert viewer.page_label.text() == "Page 1 of 3"
    qtbot.keyClick(viewer, Qt.Key.Key_PageDown)
    qtbot.keyClick(viewer, Qt.Key.Key_PageDown)
    qtbot.keyClick(viewer, Qt.Key.Key_PageDown)  # already on the last page
    assert viewer.page_label.text() == "Page 3 of 3"
    qtbot.keyClick(viewer, Qt.Key.Key_PageUp)
    assert viewer.page == 1
    assert not viewer.picture.pixmap().isNull()


def test_zoom_and_rotate_change_the_view(qtbot: QtBot) -> None:
    viewer = DocumentViewer(_png(400, 200), "image/png", "scan.png")
    qtbot.addWidget(viewer)
    before = viewer.picture.pixmap().size()
    assert before.width() > before.height()
    qtbot.keyClick(viewer, Qt.Key.Key_Plus)
    bigger = viewer.picture.pixmap().size()
    assert bigger.width() > before.width()
    qtbot.keyClick(viewer, Qt.Key.Key_R)
    turned = viewer.picture.pixmap().size()
    assert (turned.width(), turned.height()) == (bigger.height(), bigger.width())
    assert viewer.page_label.text() == "Page 1 of 1"


def test_double_click_on_a_thumbnail_opens_it(
    qtbot: QtBot, sqlite_db: Database, tmp_path: Path
) -> None:
    page = intake_page(sqlite_db, Actor("clerk1", Role.CLERK), today=TODAY)
    qtbot.addWidget(page)
    page.id_number.setText(applicant().id_number)
    page.name.setText("王秀英")
    record = tmp_path / "record.pdf"
    record.write_bytes(_pdf(2))
    with qtbot.waitSignal(page.documents.attached, timeout=10000):
        page.documents.add_files([record], "file")
    viewer = page.documents.on_document_activated(page.documents.list.item(0))
    assert viewer is not None
    qtbot.addWidget(viewer)
    assert viewer.page_label.text() == "Page 1 of 2"
