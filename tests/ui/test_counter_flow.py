"""The whole counter flow through the main window, as two members of staff do it."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.admin.users import UserService
from app.db.database import Database
from app.security.actor import Actor
from tests.app.helpers import applicant
from tests.ui.helpers import choose_row, main_window
from tests.ui.questions import when_asked
from ui.login import LoginDialog
from ui.main_window import MainWindow


def _jpeg(path: Path) -> Path:
    out = io.BytesIO()
    Image.new("RGB", (1600, 1200), (90, 120, 200)).save(out, "JPEG")
    path.write_bytes(out.getvalue())
    return path


def _login(qtbot: QtBot, db: Database, username: str, password: str) -> MainWindow:
    dialog = LoginDialog(UserService(db), "S001", username)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.password.setText(password)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.actor is not None
    window = main_window(db, dialog.actor)
    qtbot.addWidget(window)
    window.show()
    return window


def test_receive_examine_accept_and_see_it_on_the_dashboard(
    qtbot: QtBot, sqlite_db: Database, tmp_path: Path
) -> None:
    users = UserService(sqlite_db)
    users.add(Actor.command_line(), "clerk1", "clerk", "clerk-pass-1")
    users.add(Actor.command_line(), "head1", "station_head", "head-pass-1")

    # The clerk takes the application in at the counter.
    clerk = _login(qtbot, sqlite_db, "clerk1", "clerk-pass-1")
    # (Ctrl+2 does this at the counter; offscreen Qt never activates a second
    # top-level window, so window shortcuts are tested in test_frame.py instead.)
    clerk.show_page("intake")
    intake = clerk.intake_page
    qtbot.keyClicks(intake.id_number, applicant(45).id_number)
    intake.name.setText("李秀兰")
    qtbot.keyClicks(intake.phone, "13912345678")
    qtbot.keyClicks(intake.diseases.search, "tnb")
    qtbot.keyClick(intake.diseases.search, Qt.Key.Key_Return)
    intake.hospital.setCurrentIndex(intake.hospital.findData("H410000001"))
    qtbot.keyClicks(intake.diagnosis_date, "2026-06-01")
    intake.documents.kind.setCurrentIndex(intake.documents.kind.findData("photo"))
    # The clerk frames the head in the photo dialog and presses Enter.
    intake.documents.choose_photo_crop = lambda _path: (True, (400, 200, 695, 613))
    with qtbot.waitSignal(intake.documents.attached, timeout=10000):
        intake.documents.add_files([_jpeg(tmp_path / "face.jpg")], "camera")
    intake.documents.kind.setCurrentIndex(intake.documents.kind.findData("medical_record"))
    with qtbot.waitSignal(intake.documents.attached, timeout=10000):
        intake.documents.add_files([_jpeg(tmp_path / "record.jpg")], "scanner")
    ticks = intake.checklist_model
    for row in range(ticks.rowCount()):
        ticks.setData(ticks.index(row, 0), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    asked = when_asked(  # the receipt is offered: not now (printing is test_intake_page's)
        qtbot,
        lambda box: next(b for b in box.buttons() if b.text() == "Not now").click(),
    )
    with qtbot.waitSignal(intake.received) as received:
        intake.receive_button.click()
    number = received.args[0]
    assert asked == [f"Received {number} for 李秀兰. Print the receipt now?"]
    assert clerk.pending_label.text() == "To sync: 0"  # owed to the county once batched

    # The clerk may look at the examination queue but not accept.
    clerk.show_page("examination")
    exam = clerk.examination_page
    choose_row(exam.queue, 0)
    assert not exam.accept_button.isEnabled()
    exam.on_accept_clicked()
    assert "may not" in exam.error.text()
    clerk.close()

    # The station head examines and accepts.
    head = _login(qtbot, sqlite_db, "head1", "head-pass-1")
    head.show_page("examination")
    exam = head.examination_page
    assert exam.queue_model.rowCount() == 1 and number in exam.queue_model.index(0, 0).data()
    choose_row(exam.queue, 0)
    assert exam.documents.count() == 2
    checklist = exam.checklist_model
    materials = {
        checklist.index(r, 0).data(Qt.ItemDataRole.UserRole): exam.status_combo(r).currentData()
        for r in range(checklist.rowCount())
    }
    assert set(materials.values()) == {"provided"}
    exam.accept_button.click()
    assert exam.queue_model.rowCount() == 0

    # The dashboard shows it, and its figure opens it.
    head.show_page("dashboard")
    dashboard = head.dashboard_page
    assert dashboard.tiles["accepted"].text().startswith("1\n")
    dashboard.tiles["accepted"].click()
    listing = head.applications_page
    assert head.current_page() == "applications" and listing.model.total == 1
    assert listing.model.data(listing.model.index(0, 0)) == number
