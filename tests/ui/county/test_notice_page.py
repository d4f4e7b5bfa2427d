"""The public notice in the county window: a meeting closed with its notice, the list
printed and saved, an objection refused until it is whole, then recorded, upheld
after a Yes, and the notice closed once its last day has passed. SQLite and
PostgreSQL."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import openpyxl
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.review.duplicates import DuplicateService
from app.review.meeting import MeetingService
from app.review.notice import NoticePeriod, NoticeService
from tests.app.printing.helpers import text_of
from tests.app.review.helpers import APPROVE, MEMBERS, Clock, conclude_every_kind
from tests.app.sync.helpers import REVIEWER, County
from tests.conftest import TODAY
from tests.ui.helpers import services
from tests.ui.questions import click_yes
from ui.county.notice_page import NoticePage

ALT = Qt.KeyboardModifier.AltModifier
PERIOD = NoticePeriod(date(2026, 11, 23), date(2026, 11, 27))


def _page(qtbot: QtBot, county_center: County, clock: Clock) -> NoticePage:
    db = county_center.county.db
    meetings = MeetingService(db, today=lambda: TODAY)
    meeting = conclude_every_kind(meetings)
    meetings.close(REVIEWER, meeting.id, county_center.county.keys.signing, notice=PERIOD)
    page = NoticePage(
        NoticeService(db, today=clock), REVIEWER, services(db).printouts.office, db.paths.work
    )
    qtbot.addWidget(page)
    page.resize(1000, 700)
    page.show()
    page.activateWindow()  # shortcuts reach the active window only
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page)
    return page


def test_a_notice_from_its_list_to_an_upheld_objection_and_its_close(
    qtbot: QtBot, county_center: County, tmp_path: Path
) -> None:
    clock = Clock(TODAY + timedelta(days=2))  # during the notice
    page = _page(qtbot, county_center, clock)
    assert page.notice_list.count() == 1
    assert "2026-11-23 to 2026-11-27" in page.notice_list.item(0).text()
    assert page.listed.rowCount() == 2
    kept, challenged = page.listed.rows[1], page.listed.rows[0]

    # An objection with nobody and nothing in it: told beside each field.
    qtbot.keyClick(page, Qt.Key.Key_O, ALT)
    assert page.entry_errors["raised_by"].isVisible()
    assert page.entry_errors["text"].isVisible()
    assert page.objections.rowCount() == 0
    page.certificate.setCurrentIndex(page.certificate.findData(challenged.number))
    page.raised_by.insert("宜沟村村民 李某")
    page.text.insert("申请人长期在外务工，未见其就医")
    qtbot.keyClick(page.text, Qt.Key.Key_Return)
    assert page.objections.rowCount() == 1
    assert not page.entry_errors["raised_by"].isVisible()
    assert "to decide" in page.notice_list.item(0).text()

    # Upheld, after a Yes: the certificate is set aside and leaves the list.
    page.objections_table.selectRow(0)
    page.upheld.setChecked(True)
    page.finding.insert("经村委会核实，申请人已迁出本县")
    asked = click_yes(qtbot)
    qtbot.keyClick(page, Qt.Key.Key_D, ALT)
    assert challenged.number in asked[0] and "cannot be undone" in asked[0]
    assert "set aside" in page.listed.display(page.listed.rows[0], 6)
    assert page.certificate.count() == 1 and page.certificate.currentData() == kept.number

    # The printed and the saved list: the standing certificate only, ID numbers masked.
    preview = page.print_list()
    assert preview is not None
    printed = "".join(text_of(preview.pdf).split())
    assert kept.number in printed and challenged.number not in printed
    assert "自2026年11月23日至2026年11月27日" in printed
    preview.close()
    page.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page)
    out = tmp_path / "公示名单.xlsx"
    page.save_list(out)
    cells = [
        c for row in openpyxl.load_workbook(out).active.iter_rows(values_only=True) for c in row
    ]
    assert kept.number in cells and challenged.number not in cells
    assert kept.masked_id in cells and kept.id_number not in cells

    # Not closed while it runs; closed, after a Yes, once its last day has passed.
    page.close_button.click()
    assert "runs until 2026-11-27" in page.message.text()
    clock.today = PERIOD.ends_on + timedelta(days=1)
    page.refresh()
    assert "ready to close" in page.notice_list.item(0).text()
    asked = click_yes(qtbot)
    qtbot.keyClick(page, Qt.Key.Key_C, ALT)
    assert "The 1 certificate(s) on its list take effect" in asked[0]
    assert "closed" in page.notice_list.item(0).text()
    assert not page.record_button.isEnabled()
    # The list says what became of each: the one left took effect.
    standing = {row.number: page.listed.display(row, 6) for row in page.listed.rows}
    assert standing[kept.number] == "in effect" and "set aside" in standing[challenged.number]


def test_the_forms_speak_of_the_notice_shown_and_wrap_what_is_typed(
    qtbot: QtBot, county_center: County
) -> None:
    clock = Clock(TODAY + timedelta(days=2))
    page = _page(qtbot, county_center, clock)
    # A second meeting approves the deferred case: a second notice.
    meetings = MeetingService(county_center.county.db, today=lambda: TODAY)
    later = meetings.open(REVIEWER, TODAY, MEMBERS)
    for item in meetings.items(later.id):
        if item.case.state == "exam_required":
            meetings.defer(REVIEWER, item.id, True, item.version)
        else:  # the suspected duplicate, found to be none
            pair = DuplicateService(county_center.county.db).pair(item.case.application_id)
            assert pair is not None
            DuplicateService(county_center.county.db).mark_not_duplicate(
                REVIEWER, pair.flagged, pair.other
            )
            meetings.conclude(REVIEWER, item.id, APPROVE, item.version)
    meetings.close(REVIEWER, later.id, county_center.county.keys.signing, notice=PERIOD)
    page.refresh()
    assert page.notice_list.count() == 2

    assert page.certificate.maxVisibleItems() == 12  # a popup, not the screen's height
    # Deciding waits for a choice, and says so.
    assert page.decision_hint.isVisible() and not page.decide_button.isEnabled()
    # Typed on several lines as one paragraph: a pasted line break is a space.
    page.raised_by.insert("村民 李某")
    page.text.insert("申请人长期在外务工\n未见其就医")
    assert page.text.text() == "申请人长期在外务工 未见其就医"
    assert page.text.height() > 2 * page.raised_by.height()
    qtbot.keyClick(page.text, Qt.Key.Key_Return)
    assert "recorded" in page.message.text() and page.objections.rowCount() == 1
    page.objections_table.selectRow(0)
    assert not page.decision_hint.isVisible() and page.decide_button.isEnabled()

    # What was said about one notice goes when another is shown, and what was typed
    # about a person on its list.
    page.raised_by.insert("村民 王某")
    page.finding.insert("经核实")
    page.dismissed.setChecked(True)
    page.notice_list.setCurrentRow(1 - page.notice_list.currentRow())
    assert page.message.text() == "" and page.objections.rowCount() == 0
    assert page.decision_hint.isVisible()
    assert (page.raised_by.text(), page.finding.text()) == ("", "")
    assert not page.dismissed.isChecked() and not page.upheld.isChecked()


def test_before_the_notice_starts_it_says_when_objections_can_be_recorded(
    qtbot: QtBot, county_center: County
) -> None:
    page = _page(qtbot, county_center, Clock(PERIOD.starts_on - timedelta(days=1)))
    assert not page.record_button.isEnabled()
    assert page.entry_hint.isVisible() and "2026-11-23" in page.entry_hint.text()
