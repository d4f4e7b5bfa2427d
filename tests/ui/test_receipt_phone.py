"""The receipt's phone line: left out while the station has no phone, printed once the
station head sets it in Settings (where the box says the receipt shows it)."""

from __future__ import annotations

import io

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton
from pytestqt.qtbot import QtBot

from app.db.database import Database
from app.domain.workflow import Role
from app.intake.applications import ApplicationService
from app.security.actor import Actor
from tests.app.helpers import CLERK, applicant, complete
from tests.conftest import TODAY
from tests.ui.helpers import detail_dialog, office_box

HEAD = Actor("head1", Role.STATION_HEAD)


def _receipt_text(qtbot: QtBot, db: Database) -> str:
    service = ApplicationService(db, today=lambda: TODAY)
    ref = service.save_draft(CLERK, complete(["HTN"], person=applicant(61)))
    service.receive(CLERK, ref.id)
    dialog = detail_dialog(db, ref.id)
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.print_buttons["receipt"], Qt.MouseButton.LeftButton)
    assert dialog.preview is not None
    pages = PdfReader(io.BytesIO(dialog.preview.pdf.read_bytes())).pages
    return "".join(p.extract_text() for p in pages).replace(" ", "").replace("\n", "")


def test_without_a_phone_the_receipt_leaves_the_line_out(qtbot: QtBot, sqlite_db: Database) -> None:
    text = _receipt_text(qtbot, sqlite_db)
    assert "受理回执" in text and "请妥善保管本回执" in text
    assert "咨询电话" not in text


def test_the_head_sets_the_phone_the_receipt_prints(qtbot: QtBot, sqlite_db: Database) -> None:
    box = office_box(sqlite_db, HEAD)
    qtbot.addWidget(box)
    box.show()
    note = box.findChild(QLabel, "office_note")
    assert note is not None and "receipt" in note.text() and note.isVisible()
    qtbot.keyClicks(box.phone, "0372-6221234")
    save = box.findChild(QPushButton, "save_office")
    assert save is not None
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert box.message.text() == "Saved: 0372-6221234"
    assert "咨询电话：0372-6221234" in _receipt_text(qtbot, sqlite_db)
