"""The applicant's appeal, recorded from the application's window: a problem is said
beside its field with the dialog still open, and once recorded the application says
it is appealed and cannot be appealed again."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from unittest.mock import patch

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select, update

from app.db.models import Appeal, Application, Document
from tests.app.appeals.test_appeal import REASONS, _rejected
from tests.app.review.helpers import Clock
from tests.app.sync.helpers import County, png
from tests.conftest import TODAY
from tests.partly_approved import Pair
from tests.ui.helpers import detail_dialog
from ui.dialogs.appeal_dialog import AppealDialog


def test_an_appeal_is_recorded_from_the_application_with_a_new_document(
    qtbot: QtBot, county_center: County, tmp_path: Path
) -> None:
    station, app_id = _rejected(county_center, tmp_path)
    detail = detail_dialog(station.db, app_id, today=Clock(TODAY + timedelta(days=2)))
    qtbot.addWidget(detail)
    detail.show()
    assert detail.appeal_button.isEnabled() and detail.appeal_label.text() == "none"
    files_before = detail.documents_label.text()
    dialog = detail.on_appeal_clicked()
    assert isinstance(dialog, AppealDialog)
    assert "until 2027-01-21 (58 days left)" in dialog.findChild(type(detail.appeal_label)).text()

    yes = QMessageBox.StandardButton.Yes
    with patch.object(QMessageBox, "question", return_value=yes) as asked:
        qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    assert not asked.called  # the question is only about an appeal that can be recorded
    assert dialog.isVisible() and dialog.lodged is None
    assert dialog.errors["reasons"].isVisibleTo(dialog)
    assert "reasons" in dialog.errors["reasons"].text()

    bad, good = tmp_path / "坏.png", tmp_path / "出院记录.png"
    bad.write_bytes(b"not a picture")
    good.write_bytes(png(5))
    dialog.activateWindow()  # shortcuts reach only the active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    dialog.reasons.setFocus()
    dialog.reasons.insertPlainText(REASONS[0])  # typed: QTest cannot key in Han characters
    dialog.kind.setCurrentIndex(dialog.kind.findData("discharge_record"))
    dialog.add_materials([bad])
    with patch.object(QMessageBox, "question", return_value=yes) as asked:
        qtbot.keyClick(dialog.reasons, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.isVisible() and "坏.png" in dialog.errors["materials"].text()
    assert not asked.called  # the file is read before the question too
    dialog.material_list.setFocus()  # as a click on the file gives it
    dialog.material_list.setCurrentRow(0)
    qtbot.keyClick(dialog.material_list, Qt.Key.Key_Delete)
    assert dialog.files == []
    dialog.add_materials([good])
    with station.db.reader() as session:
        assert session.scalar(select(func.count()).select_from(Appeal)) == 0
        documents = session.scalar(select(func.count()).select_from(Document))

    with patch.object(QMessageBox, "question", return_value=yes):
        qtbot.keyClick(dialog.reasons, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert not dialog.isVisible() and dialog.lodged is not None
    assert detail.state_label.text() == "appealed"
    assert REASONS[0] in detail.appeal_label.text() and "2026-11-24" in detail.appeal_label.text()
    assert not detail.appeal_button.isEnabled()
    assert int(detail.documents_label.text()) == int(files_before) + 1
    with station.db.reader() as session:
        assert session.scalar(select(func.count()).select_from(Document)) == documents + 1
        (kind,) = session.scalars(
            select(Document.kind).where(Document.original_name == "出院记录.png")
        )
    assert kind == "discharge_record"

    # Rejected again at the committee: the answer to the appeal is final.
    with station.db.session() as session:
        session.execute(
            update(Application).where(Application.id == app_id).values(state="rejected")
        )
    again = detail_dialog(station.db, app_id, today=Clock(TODAY + timedelta(days=20)))
    qtbot.addWidget(again)
    assert again.state_label.text() == "rejected" and not again.appeal_button.isEnabled()


def test_a_passed_deadline_is_said_as_the_dialog_opens(
    qtbot: QtBot, county_center: County, tmp_path: Path
) -> None:
    station, app_id = _rejected(county_center, tmp_path)
    late = Clock(TODAY + timedelta(days=61))
    detail = detail_dialog(station.db, app_id, today=late)
    qtbot.addWidget(detail)
    dialog = detail.on_appeal_clicked()
    assert dialog is not None
    said = dialog.errors["lodged_on"]
    assert said.isVisibleTo(dialog) and "ended on 2027-01-21" in said.text()


def test_a_partly_approved_file_is_appealed_for_its_rejected_disease(
    qtbot: QtBot,
    pair: Pair,
) -> None:
    """Hypertension approved with its card, diabetes rejected: the button is there,
    and the dialog offers the diabetes alone."""
    detail = detail_dialog(pair.station.db, pair.app_id, today=Clock(TODAY + timedelta(days=2)))
    qtbot.addWidget(detail)
    detail.show()
    assert detail.state_label.text() == "certificate issued"
    assert detail.appeal_button.isEnabled()
    dialog = detail.on_appeal_clicked()
    assert isinstance(dialog, AppealDialog)
    assert [d.code for d in dialog.appealable.diseases] == ["DM"]
    assert dialog.diseases.count() == 1
