from __future__ import annotations

import io

import pytest
from PIL import Image
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from app.db.database import Database
from app.domain.workflow import Role
from app.security.actor import Actor
from tests.app.helpers import applicant
from tests.conftest import TODAY
from tests.ui.helpers import intake_page
from ui.dialogs import camera_dialog
from ui.dialogs.camera_dialog import CameraDialog, jpeg_bytes


def test_without_a_camera_the_dialog_says_what_to_do(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(camera_dialog.QMediaDevices, "videoInputs", staticmethod(lambda: []))
    dialog = CameraDialog()
    qtbot.addWidget(dialog)
    assert "No camera found" in dialog.notice.text()
    assert not dialog.capture_button.isEnabled()
    assert dialog.file_button.isVisibleTo(dialog)
    dialog.file_button.click()
    assert dialog.wants_file and dialog.result() == CameraDialog.DialogCode.Rejected


def test_a_captured_frame_becomes_a_stored_picture(qtbot: QtBot, sqlite_db: Database) -> None:
    frame = QImage(640, 480, QImage.Format.Format_RGB32)
    frame.fill(QColor(30, 90, 200))
    data = jpeg_bytes(frame)
    assert Image.open(io.BytesIO(data)).size == (640, 480)
    page = intake_page(sqlite_db, Actor("clerk1", Role.CLERK), today=TODAY)
    qtbot.addWidget(page)
    page.id_number.setText(applicant().id_number)
    page.name.setText("王秀英")
    with qtbot.waitSignal(page.documents.attached, timeout=10000):
        page.documents.add_captured(data)
    (document,) = page.documents_service.of_application(page.application_id)  # type: ignore[arg-type]
    assert document.source == "camera" and document.media_type == "image/jpeg"
    assert list((sqlite_db.paths.root / "captures").glob("camera-*.jpg"))
