"""The county's National platform page, on SQLite and PostgreSQL: the area code and
national codes typed and checked beside their fields, the export confirmed and
written with the keyboard, what is held back listed with what it lacks, and the
platform's reply read back into the list."""

from __future__ import annotations

import json
from pathlib import Path
from unittest.mock import patch

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.db.models import Application
from app.national.codes import NationalCodes
from app.national.filing import NationalFilingService
from app.national.status import FilingState
from app.review.meeting import MeetingService
from tests.app.helpers import row_counts
from tests.app.review.helpers import Clock, conclude_every_kind
from tests.app.sync.helpers import REVIEWER, County
from ui.changes import Change, Changes
from ui.county.national_page import NationalPage

CTRL = Qt.KeyboardModifier.ControlModifier
READY = "S001-2026-000001"


def _page(qtbot: QtBot, county_center: County) -> tuple[NationalPage, Changes]:
    db = county_center.county.db
    meetings = MeetingService(db, today=Clock())
    meetings.close(REVIEWER, conclude_every_kind(meetings).id, county_center.county.keys.signing)
    with db.session() as session:
        app = session.scalars(select(Application).where(Application.number == READY)).one()
        app.doctor_code, app.person.psn_no = "D410523000012", "41000012345678901234"
    changes = Changes()
    page = NationalPage(NationalFilingService(db, Clock()), NationalCodes(db), REVIEWER, changes)
    qtbot.addWidget(page)
    page.resize(1024, 700)
    page.show()
    page.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page)
    return page, changes


def _map_hospitals(qtbot: QtBot, page: NationalPage) -> None:
    """Every hospital given a code through the codes tab, as the county's IT person."""
    page.tabs.setCurrentIndex(1)
    rows = [(n, m) for n, m in enumerate(page.codes_model.rows) if m.kind == "hospital"]
    for row, mapping in rows:
        page.codes_table.selectRow(row)
        page.code.clear()
        qtbot.keyClicks(page.code, f"H{mapping.code[1:7]}{int(mapping.code[7:]):05d}")
        qtbot.keyClick(page.code, Qt.Key.Key_Return)
    page.tabs.setCurrentIndex(0)


def test_export_needs_the_area_code_then_sends_and_lists_what_is_held_back(
    qtbot: QtBot, county_center: County, tmp_path: Path
) -> None:
    page, _ = _page(qtbot, county_center)
    assert "held back 2" in page.summary.text()  # no hospital mapped yet
    _map_hospitals(qtbot, page)
    # Mapped, the ready one lacks only the county's area code, which is not set yet.
    lacking = [page.model.display(r, 7) for r in page.model.rows]
    assert "参保机构医保区划（insu_optins）" in lacking
    before = row_counts(county_center.county.db)
    page.on_export_clicked(tmp_path / "n.xlsx", confirmed=True)
    assert page.area_error.isVisible() and "six digits" in page.area_error.text()
    assert row_counts(county_center.county.db) == before and not (tmp_path / "n.xlsx").exists()
    qtbot.keyClicks(page.area, "4105x")
    qtbot.keyClick(page.area, Qt.Key.Key_Return)
    assert "4105x" in page.area_error.text()
    page.area.clear()
    qtbot.keyClicks(page.area, "410523")
    assert not page.area_error.isVisible()  # typing again clears it

    out = tmp_path / "national.xlsx"
    with (
        patch.object(QFileDialog, "getSaveFileName", return_value=(str(out), "")),
        patch.object(QMessageBox, "question", return_value=QMessageBox.StandardButton.Yes) as asked,
    ):
        qtbot.keyClick(page.table, Qt.Key.Key_E, CTRL)
        qtbot.waitUntil(lambda: page.export_button.isEnabled())
    assert asked.call_count == 1  # confirmed: what is exported is marked sent
    assert out.exists() and out.with_suffix(".jsonl").exists()
    assert page.message.text().startswith("Exported 1 registrations and 0 revocations")
    assert "1 held back" in page.message.text()
    # The list now shows what is held back, and what it lacks.
    assert page.shown.currentData() == FilingState.HELD_BACK
    (held,) = page.model.rows
    assert "psn_no" in page.model.display(held, 7) and "diag_dr_codg" in page.model.display(held, 7)
    assert NationalFilingService(county_center.county.db).area() == "410523"

    # Nothing new: said, and no dialog opens.
    with patch.object(QFileDialog, "getSaveFileName") as dialog:
        page.on_export_clicked()
    assert not dialog.called and page.message.text().startswith("Nothing to send")

    line = json.loads(out.with_suffix(".jsonl").read_text("utf-8"))
    reply = tmp_path / "reply.jsonl"
    data = line["input"]["data"]
    record = {"psn_no": data["psn_no"], "opsp_dise_code": data["opsp_dise_code"]}
    reply.write_text(
        json.dumps({**record, "trt_dcla_detl_sn": "SN1"})
        + "\n"
        + json.dumps({"psn_no": "41009", "opsp_dise_code": "M01600", "trt_dcla_detl_sn": "X"})
        + "\n",
        "utf-8",
    )
    with patch.object(QFileDialog, "getOpenFileName", return_value=(str(reply), "")):
        qtbot.keyClick(page.table, Qt.Key.Key_O, CTRL)
        qtbot.waitUntil(lambda: page.reply_button.isEnabled())
    assert page.message.text().startswith("Recorded 1 serials from the platform")
    assert "Line 2: 41009 M01600 was never sent from here" in page.message.text()
    page.show_state(FilingState.ANSWERED)
    (answered,) = page.model.rows
    assert page.model.display(answered, 6) == "SN1"


def test_a_bad_reply_or_national_code_is_named_and_changes_nothing(
    qtbot: QtBot, county_center: County, tmp_path: Path
) -> None:
    page, changes = _page(qtbot, county_center)
    db = county_center.county.db
    before = row_counts(db)
    bad = tmp_path / "reply.csv"
    bad.write_text("psn_no,opsp_dise_code,trt_dcla_detl_sn\n41001,M03900,a b\n", "utf-8")
    page.on_reply_clicked(bad)
    qtbot.waitUntil(lambda: page.reply_button.isEnabled())
    assert page.message.text().startswith("reply.csv:2: trt_dcla_detl_sn")
    page.tabs.setCurrentIndex(1)
    page.codes_table.selectRow(0)  # a hospital
    page.code.clear()
    qtbot.keyClicks(page.code, "41-05")
    qtbot.mouseClick(page.code_button, Qt.MouseButton.LeftButton)
    assert page.code_error.isVisible() and "institution code" in page.code_error.text()
    assert not page.code_name.isVisible()  # a hospital's name is the catalogue's
    assert row_counts(db) == before
    # A change made elsewhere shows when the window hears of it; what is typed stays.
    NationalCodes(db).map_hospital(REVIEWER, page.codes_model.rows[0].code, "H41052300001")
    changes.announce(Change.ELSEWHERE)
    assert page.codes_model.display(page.codes_model.rows[0], 3) == "H41052300001"
    assert page.code.text() == "41-05"
    # A disease: its name as the platform's catalogue has it is asked for too.
    diseases = [n for n, m in enumerate(page.codes_model.rows) if m.code == "COPD"]
    page.codes_table.selectRow(diseases[0])
    assert page.code_name.isVisible() and page.code.text() == ""
    qtbot.keyClicks(page.code, "M05300")
    qtbot.keyClick(page.code, Qt.Key.Key_Return)
    assert "name" in page.code_error.text()
    page.code_name.setText("慢性阻塞性肺疾病")  # typed by an input method, not as keys
    page.code_name.setModified(True)
    qtbot.keyClick(page.code_name, Qt.Key.Key_Return)
    assert page.message.text() == "慢性支气管炎、支气管哮喘 is now filed as M05300"
    row = next(m for m in page.codes_model.rows if m.code == "COPD")
    assert (row.national_code, row.national_name) == ("M05300", "慢性阻塞性肺疾病")


def test_what_a_held_back_file_lacks_is_typed_in_beside_it(
    qtbot: QtBot, county_center: County
) -> None:
    page, changes = _page(qtbot, county_center)
    page.show_state(FilingState.HELD_BACK)
    lacking = next(
        n for n, line in enumerate(page.model.rows) if "psn_no" in line.missing
    )  # S002's file: no person number, no doctor's code
    page.table.selectRow(lacking)
    assert page.complete_box.isVisible()
    assert page.psn_no.isEnabled() and page.doctor_code.isEnabled()
    qtbot.keyClicks(page.psn_no, "4100 1")
    qtbot.keyClick(page.psn_no, Qt.Key.Key_Return)
    assert "national person number" in page.complete_error.text()
    changes.announce(Change.ELSEWHERE)  # read again: the same record, what was typed stays
    assert page.complete_box.isVisible() and page.psn_no.text() == "4100 1"
    page.psn_no.clear()
    qtbot.keyClicks(page.psn_no, "41000099999999999999")
    qtbot.keyClicks(page.doctor_code, "D410523000099")
    qtbot.keyClick(page.doctor_code, Qt.Key.Key_Return)
    assert page.message.text().startswith("Kept for S002-2026-000002")
    lines = {line.holder.application_number: line for line in page.lines}
    assert "psn_no" not in lines["S002-2026-000002"].missing
