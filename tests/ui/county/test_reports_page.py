"""The county's Reports page: the quarter by station × disease, each diagnosing
hospital's rate with its bars and cases, chosen and saved by keyboard."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from unittest.mock import patch

import openpyxl
from PySide6.QtCharts import QHorizontalBarSeries
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog
from pytestqt.qtbot import QtBot

from app.appeals.lodging import AppealService
from app.printing.printouts import office
from app.review.meeting import MeetingService
from app.review.reports import ReportService
from tests.app.appeals.test_appeal import REASONS, _rejected
from tests.app.helpers import CLERK
from tests.app.review.helpers import APPROVE, MEMBERS, Clock
from tests.app.review.test_reports import REJECT, SUPPLEMENT
from tests.app.sync.helpers import REVIEWER, County
from tests.conftest import TODAY
from ui.changes import Change, Changes
from ui.county.reports_page import ReportsPage

CTRL = Qt.KeyboardModifier.ControlModifier


def _page(qtbot: QtBot, county_center: County) -> tuple[ReportsPage, Changes]:
    db = county_center.county.db
    changes = Changes()
    page = ReportsPage(ReportService(db), lambda: office(db), changes)
    qtbot.addWidget(page)
    page.resize(1024, 700)
    page.show()
    page.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page)
    return page, changes


def _hold_meeting(county_center: County) -> None:
    meetings = MeetingService(county_center.county.db, today=Clock())
    meeting = meetings.open(REVIEWER, TODAY, MEMBERS)
    for item, conclusion in zip(
        meetings.items(meeting.id), (APPROVE, REJECT, APPROVE, SUPPLEMENT), strict=True
    ):
        meetings.conclude(REVIEWER, item.id, conclusion, item.version)
    meetings.close(REVIEWER, meeting.id, county_center.county.keys.signing)


def test_the_reports_follow_the_committee_and_save_as_workbooks(
    qtbot: QtBot, county_center: County, tmp_path: Path
) -> None:
    page, changes = _page(qtbot, county_center)
    assert page.quarter.currentText() == "2026Q4"  # the newest quarter first
    table = page.outcomes_model
    total = table.rows[-1]
    assert table.display(total, 0) == "Total" and (total.received, total.waiting) == (4, 4)
    assert page.hospitals_model.rowCount() == 0
    assert page.cases_caption.text() == "Nothing concluded yet in this period."
    # What is counted is said beside it (the dashboard counts files, not diseases).
    assert page.outcomes_note.isVisible() and "per declared disease" in page.outcomes_note.text()

    _hold_meeting(county_center)
    changes.announce(Change.APPLICATION)  # what the meeting page says after closing
    total = table.rows[-1]
    assert (total.approved, total.rejected, total.supplement_requested) == (2, 1, 1)
    ctrl_tab = (Qt.Key.Key_Tab, CTRL)
    page.tabs.setFocus()
    qtbot.keyClick(page.tabs, *ctrl_tab)
    assert page.tabs.currentIndex() == 1
    hospitals = page.hospitals_model
    assert [hospitals.display(r, 1) for r in hospitals.rows] == ["50.0%", "100.0%"]
    (series,) = page.chart.series()
    assert isinstance(series, QHorizontalBarSeries)
    assert [series.barSets()[0].at(i) for i in range(2)] == [100.0, 50.0]  # drawn bottom-up
    # The lowest rate is chosen: its cases below, the rejection with its reason.
    assert page.cases_caption.text().endswith("2 reviewed, 1 approved")
    outcomes = [page.cases_model.display(r, 4) for r in page.cases_model.rows]
    assert outcomes == ["rejected", "approved"]
    assert page.cases_model.display(page.cases_model.rows[0], 6) == REJECT.reasons
    page.hospitals_table.setFocus()
    qtbot.keyClick(page.hospitals_table, Qt.Key.Key_Down)
    assert page.cases_caption.text().endswith("1 reviewed, 1 approved")

    out = tmp_path / "rates.xlsx"
    with patch.object(QFileDialog, "getSaveFileName", return_value=(str(out), "")):
        qtbot.keyClick(page.hospitals_table, Qt.Key.Key_S, CTRL)
    assert page.message.text() == f"Saved {out}"
    sheet = openpyxl.load_workbook(out).worksheets[0]
    assert "2026Q4" in str(sheet["A1"].value)
    assert sheet.cell(row=3, column=8).value == 0.5

    # Every quarter: the same figures here, where nothing else was received.
    page.quarter.setCurrentIndex(page.quarter.count() - 1)
    assert page.quarter.currentText() == "All quarters"
    assert page.hospitals_model.rowCount() == 2
    qtbot.keyClick(page, Qt.Key.Key_F5)
    assert page.quarter.currentText() == "All quarters"  # kept across a refresh
    page.hospitals_table.setFocus()  # F5 left it on the page
    qtbot.keyClick(page.hospitals_table, *ctrl_tab)
    assert page.tabs.currentIndex() == 2
    assert page.appeals_summary.text() == "No appeal in this period."
    page.appeals_table.setFocus()
    qtbot.keyClick(page.appeals_table, *ctrl_tab)  # back to the first report
    assert page.tabs.currentIndex() == 0
    page.outcomes_table.setFocus()
    back = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(page.outcomes_table, Qt.Key.Key_Backtab, back)  # what Shift+Tab sends
    assert page.tabs.currentIndex() == 2
    qtbot.keyClick(page.appeals_table, *ctrl_tab)
    blocked = tmp_path / "missing" / "x.xlsx"
    blocked.parent.write_text("a file where the folder should be")
    with patch.object(QFileDialog, "getSaveFileName", return_value=(str(blocked), "")):
        qtbot.keyClick(page.outcomes_table, Qt.Key.Key_S, CTRL)
    assert page.message.text().startswith("The workbook could not be written")


def test_an_appeal_shows_where_it_stands_and_saves_as_a_workbook(
    qtbot: QtBot, county_center: County, tmp_path: Path
) -> None:
    station, app_id = _rejected(county_center, tmp_path)
    AppealService(station.db, today=Clock(TODAY + timedelta(days=3))).lodge(CLERK, app_id, REASONS)
    county_center.county.import_(station.export(tmp_path / "appeal.ncmspkg"))
    page, _ = _page(qtbot, county_center)
    page.tabs.setCurrentIndex(2)
    (line,) = page.appeals_model.rows
    assert page.appeals_model.display(line, 5) == "waiting for the committee"
    assert page.appeals_model.display(line, 7) == "；".join(REASONS)
    assert page.appeals_summary.text() == "1 appealed diseases: waiting for the committee 1"
    out = tmp_path / "appeals.xlsx"
    with patch.object(QFileDialog, "getSaveFileName", return_value=(str(out), "")) as asked:
        qtbot.keyClick(page.appeals_table, Qt.Key.Key_S, CTRL)
    assert asked.call_args.args[2].endswith("申请复核_2026Q4.xlsx")
    sheet = openpyxl.load_workbook(out).worksheets[0]
    assert sheet.cell(row=3, column=1).value == line.application_number
    assert sheet.cell(row=3, column=7).value == "待评审"
