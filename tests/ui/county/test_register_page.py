"""The county's certificate register in the window: where each certificate stands,
the search, the renewal list, and the workbook that goes to the stations."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import openpyxl
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from app.certificates.reported import ReportService
from app.domain.names import pinyin_keys
from app.review.meeting import MeetingService
from app.review.notice import NoticePeriod, NoticeService
from app.review.register import CertificateRegister, Standing
from tests.app.certificates.test_handout import _printed
from tests.app.helpers import CLERK
from tests.app.review.helpers import Clock, conclude_every_kind
from tests.app.sync.helpers import REVIEWER, County
from tests.conftest import TODAY
from tests.ui.questions import when_shown
from ui.county.register_page import RegisterPage
from ui.county.replace_dialog import ReplaceDialog
from ui.county.revoke_dialog import RevokeDialog

ALT = Qt.KeyboardModifier.AltModifier


def _signer(county_center: County) -> Callable[[], Ed25519PrivateKey]:
    return lambda: county_center.county.keys.signing


def test_the_register_shows_each_certificate_and_the_renewal_list(
    qtbot: QtBot, county_center: County, tmp_path: Path
) -> None:
    db = county_center.county.db
    meetings = MeetingService(db, today=lambda: TODAY)
    meeting = conclude_every_kind(meetings)
    period = NoticePeriod.after(TODAY)
    meetings.close(REVIEWER, meeting.id, county_center.county.keys.signing, notice=period)
    clock = Clock()
    page = RegisterPage(CertificateRegister(db, today=clock), REVIEWER, _signer(county_center))
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
    # By the name's pinyin initials, as on the Cases page.
    name = page.model.rows[0].certificate.name
    page.search.insert(pinyin_keys(name)[1].upper())
    assert page.model.rowCount() >= 1
    assert all(r.certificate.name == name for r in page.model.rows)
    page.search.clear()
    page.search.insert("qqq")
    assert page.model.rowCount() == 0
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


def test_a_certificate_is_revoked_from_the_register_with_its_reason(
    qtbot: QtBot, county_center: County
) -> None:
    db = county_center.county.db
    meetings = MeetingService(db, today=lambda: TODAY)
    meeting = conclude_every_kind(meetings)
    meetings.close(REVIEWER, meeting.id, county_center.county.keys.signing)  # no notice
    page = RegisterPage(CertificateRegister(db, today=Clock()), REVIEWER, _signer(county_center))
    qtbot.addWidget(page)
    page.show()
    page.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page)
    qtbot.keyClick(page, Qt.Key.Key_V, ALT)  # nothing chosen: told so
    assert page.message.text() == "Choose the certificate to revoke in the table first"
    page.table.setFocus()
    page.table.setCurrentIndex(page.model.index(0, 0))
    number = page.model.rows[0].certificate.number

    tries: list[str] = []

    def first_empty_then_typed(dialog: RevokeDialog) -> None:
        qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)  # no reason: said beside it
        tries.append(dialog.error.text())
        dialog.reason.insert("持证人已死亡")
        qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)

    when_shown(RevokeDialog, first_empty_then_typed)
    qtbot.keyClick(page.table, Qt.Key.Key_V, ALT)
    assert tries == ["Give the reason for the revocation"]
    assert page.message.text().startswith(f"Certificate {number} revoked")
    (row,) = [r for r in page.model.rows if r.certificate.number == number]
    assert page.model.display(row, 2) == f"revoked {TODAY}: 持证人已死亡"
    at = page.model.index(page.model.rows.index(row), 2)  # read whole, however narrow
    assert "持证人已死亡" in at.data(Qt.ItemDataRole.ToolTipRole)
    # Revoked already: said at once, no dialog to type a reason into for nothing.
    page.table.setCurrentIndex(page.model.index(page.model.rows.index(row), 0))
    shown: list[RevokeDialog] = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(RevokeDialog, "exec", lambda dialog: shown.append(dialog) or 0)
        page.on_revoke_clicked()
    assert not shown and f"Certificate {number} is not in effect" in page.message.text()

    # Escape leaves a certificate as it was.
    other = next(r for r in page.model.rows if r.certificate.number != number)
    page.table.setCurrentIndex(page.model.index(page.model.rows.index(other), 0))
    when_shown(RevokeDialog, lambda dialog: qtbot.keyClick(dialog, Qt.Key.Key_Escape))
    qtbot.keyClick(page.table, Qt.Key.Key_V, ALT)
    standing = {e.certificate.number: e.standing for e in CertificateRegister(db).entries()}
    assert standing[other.certificate.number] == Standing.IN_EFFECT


def test_a_lost_certificate_is_replaced_from_the_register(
    qtbot: QtBot, county_center: County, tmp_path: Path
) -> None:
    station, number = _printed(county_center, tmp_path)
    ReportService(station.db, today=Clock()).report_lost(CLERK, number, "lost")
    county = county_center.county
    county.import_(station.export(tmp_path / "up.ncmspkg"))
    register = CertificateRegister(county.db, today=Clock())
    page = RegisterPage(register, REVIEWER, _signer(county_center))
    qtbot.addWidget(page)
    page.show()
    page.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page)
    (row,) = [r for r in page.model.rows if r.certificate.number == number]
    assert page.model.display(row, 2) == "in effect; reported lost, to replace"
    page.table.setFocus()
    page.table.setCurrentIndex(page.model.index(page.model.rows.index(row), 0))
    said: list[str] = []

    def replace(dialog: ReplaceDialog) -> None:
        said.append(dialog.findChildren(QLabel)[0].text())
        qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)

    when_shown(ReplaceDialog, replace)
    qtbot.keyClick(page.table, Qt.Key.Key_P, ALT)
    assert "reported it lost" in said[0] and "cannot be undone" in said[0]
    assert page.message.text().endswith(f"replaces {number}, which is revoked; both go to "
                                        "the station with its next package")  # fmt: skip
    standing = {e.certificate.number: e for e in CertificateRegister(county.db).entries()}
    assert standing[number].standing == Standing.REVOKED
    new = page.message.text().split()[1]
    assert standing[new].standing == Standing.IN_EFFECT
    assert standing[new].certificate.valid_until == standing[number].certificate.valid_until
