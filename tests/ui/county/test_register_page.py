"""The county's certificate register in the window: where each certificate stands,
the search, the renewal list, and the workbook that goes to the stations."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import openpyxl
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.review.meeting import MeetingService
from app.review.notice import NoticePeriod, NoticeService
from app.review.register import CertificateRegister
from tests.app.review.helpers import Clock, conclude_every_kind
from tests.app.sync.helpers import REVIEWER, County
from tests.conftest import TODAY
from ui.county.register_page import RegisterPage

ALT = Qt.KeyboardModifier.AltModifier


def test_the_register_shows_each_certificate_and_the_renewal_list(
    qtbot: QtBot, county_center: County, tmp_path: Path
) -> None:
    db = county_center.county.db
    meetings = MeetingService(db, today=lambda: TODAY)
    meeting = conclude_every_kind(meetings)
    period = NoticePeriod.after(TODAY)
    meetings.close(REVIEWER, meeting.id, county_center.county.keys.signing, notice=period)
    clock = Clock()
    page = RegisterPage(CertificateRegister(db, today=clock))
    qtbot.addWidget(page)
    page.show()
    page.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page)
    assert page.model.rowCount() == 2
    standing = page.model.display(page.model.rows[0], 2)
    assert standing == f"on public notice until {period.ends_on}"
    assert page.model.display(page.model.rows[0], 3).count("*") == 8  # masked
    # Searching by number.
    page.search.insert("000002")
    assert page.model.rowCount() == 1 and page.count.text() == "1 of 2 certificates"
    page.search.clear()

    # Past the notice and near the end of validity: on the renewal list.
    (first,) = [e.certificate for e in page.entries if e.certificate.number.endswith("1")]
    assert first.valid_until is not None
    clock.today = first.valid_until - timedelta(days=10)
    qtbot.keyClick(page, Qt.Key.Key_R, ALT)
    assert page.renewal.isChecked()
    # Its notice not yet closed: not in effect, so not on the list.
    assert page.model.rowCount() == 0
    notices = NoticeService(db, today=clock)
    (notice,) = notices.notices()
    notices.close(REVIEWER, notice.id)
    qtbot.keyClick(page, Qt.Key.Key_F5)
    numbers = [e.certificate.number for e in page.model.rows]
    assert first.number in numbers
    out = tmp_path / "renewal.xlsx"
    page.save(out)
    sheet = openpyxl.load_workbook(out).active
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row]
    assert first.number in cells and "in effect" in cells and first.id_number not in cells
    assert sheet.title == "到期换证名单"
