"""Capturing documents on the intake page: files, drag and drop, scanner folder."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from pytestqt.qtbot import QtBot

from app.db.database import Database
from app.domain.workflow import Role
from app.security.actor import Actor
from app.settings import LocalSettings
from tests.app.helpers import applicant
from tests.conftest import TODAY
from tests.ui.helpers import intake_page
from ui.models.intake_checklist_model import MaterialRole
from ui.pages.intake_page import IntakePage
from ui.pages.settings_page import SettingsPage


def _image(path: Path, size: tuple[int, int] = (1200, 900)) -> Path:
    out = io.BytesIO()
    Image.new("RGB", size, (180, 40, 40)).save(out, "JPEG")
    path.write_bytes(out.getvalue())
    return path


@pytest.fixture
def page(qtbot: QtBot, sqlite_db: Database) -> IntakePage:
    widget = intake_page(sqlite_db, Actor("clerk1", Role.CLERK), today=TODAY)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def _person(qtbot: QtBot, page: IntakePage) -> None:
    qtbot.keyClicks(page.id_number, applicant().id_number)
    page.name.setText("王秀英")
    page.diseases.set_codes(["HTN"])


def test_documents_need_a_person_first(page: IntakePage, tmp_path: Path) -> None:
    assert page.documents.add_files([_image(tmp_path / "a.jpg")], "file") is None
    assert "Enter the ID number and name first" in page.documents.status.text()


def test_files_are_added_in_the_background_and_tick_the_checklist(
    qtbot: QtBot, page: IntakePage, tmp_path: Path
) -> None:
    _person(qtbot, page)
    panel = page.documents
    panel.kind.setCurrentIndex(panel.kind.findData("photo"))
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    with qtbot.waitSignal(panel.attached, timeout=10000):
        panel.add_files([_image(tmp_path / "face.jpg"), broken], "file")
    assert panel.list.count() == 1 and panel.progress.isHidden()
    assert panel.progress.value() == 2  # it counted both files before hiding
    assert "1 file(s) added" in panel.status.text()
    assert "broken.jpg: the picture is damaged" in panel.status.text()
    # A small photo reads in KB, not as "0.0 MB".
    assert re.match(r"Documents: [1-9]\d* KB of 20 MB", panel.budget.text())
    ticks = page.checklist_model
    photo = next(
        ticks.index(i, 0)
        for i in range(ticks.rowCount())
        if ticks.index(i, 0).data(MaterialRole) == "photo"
    )
    assert photo.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    stored = page.service.get(page.application_id).checklist  # type: ignore[arg-type]
    assert {i.material_code: i.document_id is not None for i in stored}["photo"]


def test_dropping_several_files(qtbot: QtBot, page: IntakePage, tmp_path: Path) -> None:
    _person(qtbot, page)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(_image(tmp_path / f"scan{i}.jpg"))) for i in range(3)])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(page.documents.attached, timeout=10000):
        page.documents.dropEvent(event)
    assert page.documents.list.count() == 3  # three files, one blob each
    assert len(page.documents_service.of_application(page.application_id)) == 3  # type: ignore[arg-type]


def test_new_scans_appear_and_attach(qtbot: QtBot, page: IntakePage, tmp_path: Path) -> None:
    folder = tmp_path / "scans"
    folder.mkdir()
    page.scanner.watch(str(folder))
    assert page.documents.scans.count() == 0
    _image(folder / "0001.jpg")
    qtbot.waitUntil(lambda: page.documents.scans.count() == 1, timeout=5000)
    _person(qtbot, page)
    page.documents.scans.setCurrentRow(0)
    with qtbot.waitSignal(page.documents.attached, timeout=10000):
        page.documents.attach_scan_button.click()
    assert page.documents.scans.count() == 0 and page.documents.list.count() == 1
    assert (folder / "0001.jpg").exists()  # the scan itself is left where it was


def test_settings_are_saved_and_checked(qtbot: QtBot, tmp_path: Path) -> None:
    page = SettingsPage(tmp_path)
    qtbot.addWidget(page)
    page.scanner.setText(str(tmp_path / "missing"))
    page.on_save_clicked()
    assert "is not a folder" in page.error.text()
    assert not (tmp_path / "settings.json").exists()
    page.scanner.setText(str(tmp_path))
    page.language.setCurrentIndex(page.language.findData("en"))
    with qtbot.waitSignal(page.scanner_folder_changed):
        page.on_save_clicked()
    saved = LocalSettings.load(tmp_path)
    assert saved.language == "en" and saved.scanner_folder == str(tmp_path)
    (tmp_path / "settings.json").write_text("{not json")
    assert LocalSettings.load(tmp_path) == LocalSettings()  # a bad file never crashes
