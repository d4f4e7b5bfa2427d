"""The Certificates page: print from a preview (counted; a reprint only with a reason),
the register, and checking a certificate with a QR scanner."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from unittest.mock import patch

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QItemSelectionModel, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.db.models import Application, AuditEntry, Certificate, CertificateEvent
from app.domain.identity import make_id_number
from app.domain.workflow import Role
from app.security.actor import Actor
from app.settings import LocalSettings
from tests.app.sync.helpers import Side, issue_certificates, make_side, trust
from tests.ui.helpers import certificates_page, main_window
from ui.dialogs.annual_review_dialog import AnnualReviewDialog
from ui.dialogs.hand_out_dialog import HandOutDialog
from ui.dialogs.print_preview import PDF_FILE
from ui.dialogs.report_dialog import ReportDialog
from ui.pages.certificates_page import CertificatesPage

HEAD = Actor("head1", Role.STATION_HEAD)
IN_FORCE = date(2027, 3, 1)
SON = make_id_number("410523", date(1980, 5, 5), 71)


@pytest.fixture
def station(tmp_path: Path) -> Iterator[Side]:
    station = make_side(tmp_path / "station", "station", "S001")
    county = make_side(tmp_path / "county", "county", "C4105")
    trust(station, county)
    issue_certificates(station, county, tmp_path / "packages", 2)
    county.db.close()
    yield station
    station.db.close()


def _page(qtbot: QtBot, station: Side) -> CertificatesPage:
    page = certificates_page(station.db, HEAD, today=lambda: IN_FORCE)
    qtbot.addWidget(page)
    page.printer.setCurrentIndex(page.printer.findData(PDF_FILE))
    return page


def _print(qtbot: QtBot, page: CertificatesPage, out: Path) -> str:
    """Print the previewed pages to a PDF file (images of the pages, as a printer
    gets them); the text of what was previewed."""
    qtbot.waitUntil(lambda: page.preview is not None, timeout=20_000)
    preview = page.preview
    assert preview is not None and preview.document.pageCount() >= 1
    source = preview.pdf.read_bytes()
    assert preview.print_to_file(out)
    shown = PdfReader(io.BytesIO(source))
    assert len(PdfReader(out).pages) == len(shown.pages)
    return "".join(p.extract_text() for p in shown.pages).replace(" ", "")


def _select_first(page: CertificatesPage) -> None:
    """The first row alone, as a click gives it. Not `selectRow`, which reads the
    keyboard's modifiers: a Ctrl that an earlier test left held would toggle it off."""
    flags = QItemSelectionModel.SelectionFlag
    page.table.selectionModel().select(page.model.index(0, 0), flags.ClearAndSelect | flags.Rows)


def _prints(station: Side) -> list[int]:
    with station.db.reader() as session:
        return sorted(c.print_count for c in session.scalars(select(Certificate)))


def test_printing_the_new_certificates_counts_them_once_printed(
    qtbot: QtBot, station: Side, tmp_path: Path
) -> None:
    page = _page(qtbot, station)
    assert page.print_new.isEnabled() and _prints(station) == [0, 0]
    page.print_new.click()
    text = _print(qtbot, page, tmp_path / "printed.pdf")
    assert all(row.number in text and row.name in text for row in page.rows)
    assert "2 certificate(s) printed" in page.message.text()
    assert _prints(station) == [1, 1] and not page.print_new.isEnabled()


def test_a_reprint_needs_a_reason_which_is_audited(
    qtbot: QtBot, station: Side, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = _page(qtbot, station)
    page.print_new.click()
    _print(qtbot, page, tmp_path / "first.pdf")
    page.preview = None
    _select_first(page)
    monkeypatch.setattr(page, "ask_reason", lambda numbers: "")
    page.print_selected.click()
    assert "needs a reason" in page.message.text() and page.preview is None
    monkeypatch.setattr(page, "ask_reason", lambda numbers: "证件遗失，补打")
    _select_first(page)
    page.print_selected.click()
    _print(qtbot, page, tmp_path / "again.pdf")
    assert _prints(station) == [1, 2]
    with station.db.reader() as session:
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "certificate.reprint")
        ).one()
    assert entry.actor == "head1" and entry.after["reason"] == "证件遗失，补打"


def test_a_booklet_is_printed_with_the_printer_calibration(
    qtbot: QtBot, station: Side, tmp_path: Path
) -> None:
    settings = LocalSettings.load(station.db.paths.root)
    settings.set_offsets(PDF_FILE, 3.0, -2.0)
    settings.save(station.db.paths.root)
    page = _page(qtbot, station)
    page.data_only.setChecked(True)
    layout = page._layout(PDF_FILE)
    assert (layout.data_only, layout.offset_x_mm, layout.offset_y_mm) == (True, 3.0, -2.0)
    page.print_new.click()
    text = _print(qtbot, page, tmp_path / "booklet.pdf")
    assert "身份证号" not in text and page.rows[0].number in text


def test_a_scanned_code_is_checked_and_the_box_is_ready_for_the_next(
    qtbot: QtBot, station: Side
) -> None:
    page = _page(qtbot, station)
    with station.db.reader() as session:
        seal = session.scalars(select(Certificate.seal)).first()
    assert seal
    qtbot.keyClicks(page.verify_input, seal)
    qtbot.keyClick(page.verify_input, Qt.Key.Key_Return)
    assert page.verify_result.text().startswith("VALID") and page.verify_input.text() == ""
    forged = seal[:20] + ("A" if seal[20] != "A" else "B") + seal[21:]
    qtbot.keyClicks(page.verify_input, forged)
    qtbot.keyClick(page.verify_input, Qt.Key.Key_Return)
    assert page.verify_result.text().startswith("TAMPERED")
    assert "b00020" in page.verify_result.styleSheet()
    # A number typed in, not a code scanned: the register's word, not "tampered".
    first = page.rows[0]
    qtbot.keyClicks(page.verify_input, first.number)
    qtbot.keyClick(page.verify_input, Qt.Key.Key_Return)
    said = page.verify_result.text()
    assert said.startswith(f"{first.number} is a certificate number: held here for {first.name}")
    assert "valid until" in said and "Scan the card's QR code" in said
    assert "b00020" not in page.verify_result.styleSheet() and page.verify_input.text() == ""


def test_the_register_masks_id_numbers(qtbot: QtBot, station: Side, tmp_path: Path) -> None:
    page = _page(qtbot, station)
    page.register_button.click()
    text = _print(qtbot, page, tmp_path / "register.pdf")
    assert "领取人签名" in text
    for row in page.rows:
        assert row.id_number not in text and row.id_number[:6] + "*" * 8 in text


def _select(page: CertificatesPage, row: int) -> None:
    page.table.selectionModel().select(
        page.model.index(row, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )


def test_a_printed_certificate_is_handed_out_with_the_collector_s_id_checked(
    qtbot: QtBot, station: Side
) -> None:
    page = _page(qtbot, station)
    page.show()
    page.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page)  # shortcuts need it
    _select(page, 0)
    chosen = page.rows[0]
    qtbot.keyClick(page.table, Qt.Key.Key_H, Qt.KeyboardModifier.AltModifier)
    assert "not printed yet" in page.message.text()  # said before any dialog opens
    page.service.record_prints(HEAD, [chosen], "")
    page.refresh()
    _select(page, 0)

    failures: list[BaseException] = []

    def collect() -> None:
        dialog = page.findChild(HandOutDialog)
        try:
            fill(dialog)
        except BaseException as err:  # said after the dialog is gone, not swallowed
            failures.append(err)
            if dialog is not None:
                dialog.reject()

    def fill(dialog: HandOutDialog | None) -> None:
        assert dialog is not None and dialog.applicant.isChecked()  # no agent on file
        qtbot.keyClicks(dialog.id_number, SON)
        assert "not the applicant's ID number" in dialog.errors["reason"].text()
        dialog.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
        qtbot.keyClick(dialog.id_number, Qt.Key.Key_G, Qt.KeyboardModifier.AltModifier)
        qtbot.waitUntil(dialog.agent.isChecked)  # a mnemonic clicks as a mouse would, later
        assert dialog.name.isVisible()
        qtbot.keyClicks(dialog.name, "Wang Jianguo")
        dialog.reason.setText("申请人卧床，其子持户口簿代领")
        dialog.reason.textEdited.emit(dialog.reason.text())
        assert dialog.errors["reason"].text() == ""
        qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, collect)
    page.on_hand_out()
    if failures:
        raise failures[0]
    assert page.message.text() == (
        f"Certificate {chosen.number} handed out to Wang Jianguo on {IN_FORCE:%Y-%m-%d}."
    )
    row = next(n for n, r in enumerate(page.rows) if r.number == chosen.number)
    assert page.model.display(page.rows[row], 7) == f"{IN_FORCE:%Y-%m-%d} Wang Jianguo"
    _select(page, row)
    page.on_hand_out()
    assert "was handed out on" in page.message.text()  # once; no second dialog


def test_the_annual_review_is_recorded_and_its_box_printed_on_request(
    qtbot: QtBot, station: Side, tmp_path: Path
) -> None:
    page = _page(qtbot, station)
    page.show()
    page.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page)
    _select(page, 0)
    chosen = page.rows[0]
    failures: list[BaseException] = []

    def review() -> None:
        dialog = page.findChild(AnnualReviewDialog)
        try:
            assert dialog is not None and dialog.outcome.currentText() == "合格"
            dialog.year.setValue(chosen.valid_from.year - 1)  # before it is valid
            qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
            assert "no review for" in dialog.errors["year"].text()
            dialog.year.setValue(chosen.valid_from.year)
            qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
        except BaseException as err:
            failures.append(err)
            if dialog is not None:
                dialog.reject()

    QTimer.singleShot(0, review)
    with patch.object(QMessageBox, "question", return_value=QMessageBox.StandardButton.No):
        qtbot.keyClick(page.table, Qt.Key.Key_Y, Qt.KeyboardModifier.AltModifier)
    if failures:
        raise failures[0]
    assert page.message.text() == (
        f"The {chosen.valid_from.year} review of certificate {chosen.number} is recorded (box 1)."
    )
    (listed,) = [r for r in page.rows if r.number == chosen.number]
    assert [r.year for r in listed.reviews] == [chosen.valid_from.year]


def test_a_loss_and_a_cancellation_are_reported_from_the_keyboard(
    qtbot: QtBot, station: Side
) -> None:
    page = _page(qtbot, station)
    page.show()
    page.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page)
    qtbot.keyClick(page.table, Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)
    assert page.message.text() == "Choose the one certificate first."
    lost, ended = page.rows[0], page.rows[1]
    failures: list[BaseException] = []
    asked: list[str] = []

    def fill(cause: str, answers: list[QMessageBox.StandardButton]) -> None:
        shown = [d for d in page.findChildren(ReportDialog) if d.isVisible()]
        dialog = shown[0] if shown else None
        try:
            assert dialog is not None
            dialog.cause.setCurrentIndex(dialog.cause.findData(cause))
            dialog.note.setText("赶集时遗失")
            for answer in answers:

                def ask(*args: object, answer: QMessageBox.StandardButton = answer) -> object:
                    asked.append(str(args[2]))
                    return answer

                with patch.object(QMessageBox, "question", side_effect=ask):
                    qtbot.keyClick(dialog.record_button, Qt.Key.Key_Return)
                if answer == QMessageBox.StandardButton.No:
                    assert dialog.isVisible() and dialog.reported is None
        except BaseException as err:
            failures.append(err)
            if dialog is not None:
                dialog.reject()

    _select(page, 0)
    QTimer.singleShot(0, lambda: fill("damaged", [QMessageBox.StandardButton.Yes]))
    qtbot.keyClick(page.table, Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)
    if failures:
        raise failures[0]
    assert not asked  # a loss is not asked twice: the county can still replace it
    assert page.message.text().startswith(f"Certificate {lost.number} reported lost on ")
    (row,) = [r for r in page.rows if r.number == lost.number]
    assert row.reported == "report_lost"

    page.activateWindow()  # back from the dialog, as a click on the window gives it
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page)
    _select(page, [r.number for r in page.rows].index(ended.number))
    no, yes = QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes
    QTimer.singleShot(0, lambda: fill("moved", [no, yes]))
    qtbot.keyClick(page.table, Qt.Key.Key_E, Qt.KeyboardModifier.AltModifier)
    if failures:
        raise failures[0]
    assert len(asked) == 2 and ended.number in asked[0] and "cannot be taken back" in asked[0]
    assert page.message.text().startswith(f"Cancellation of certificate {ended.number} from ")
    shown = page.model.index([r.number for r in page.rows].index(ended.number), 5).data()
    assert shown == "cancellation reported"
    with station.db.reader() as session:
        kinds = sorted(session.scalars(select(CertificateEvent.kind)))
    assert kinds == ["cancel", "report_lost"]


def test_a_renewal_is_started_from_a_certificate_and_opened_in_intake(
    qtbot: QtBot, station: Side
) -> None:
    window = main_window(station.db, HEAD)
    qtbot.addWidget(window)
    window.show()
    window.show_page("certificates")
    page = window.certificates_page
    page.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    _select(page, 0)
    page.table.setFocus()  # as a click on the row gives it
    chosen = page.rows[0]
    no, yes = QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes
    with patch.object(QMessageBox, "question", return_value=no) as asked:  # years to run yet
        qtbot.keyClick(page.table, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    assert "days yet" in asked.call_args.args[2] and window.current_page() == "certificates"
    with patch.object(QMessageBox, "question", return_value=yes):
        qtbot.keyClick(page.table, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    intake = window.intake_page
    assert window.current_page() == "intake"
    assert intake.number and intake.number in intake.message.text()
    assert intake.kind.currentData() == "renewal"
    assert intake.id_number.text() == chosen.id_number
    assert intake.diagnosis_date.hasFocus() or not intake.diagnosis_date.text()
    with station.db.reader() as session:
        renews = session.scalar(
            select(Application.renews_id).where(Application.number == intake.number)
        )
    assert renews == chosen.id
    # Once more from the same certificate: said on the page, nothing opened.
    window.show_page("certificates")
    _select(page, 0)
    page.table.setFocus()
    with patch.object(QMessageBox, "question", return_value=yes):
        qtbot.keyClick(page.table, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    assert "already being renewed" in page.message.text()
    assert window.current_page() == "certificates"


def test_the_renewal_notices_print_for_the_certificates_ending_soon(
    qtbot: QtBot, station: Side, tmp_path: Path
) -> None:
    page = _page(qtbot, station)
    page.renewals_button.click()  # every certificate runs for years yet
    assert page.message.text() == "No certificate ends within 60 days."
    assert page.preview is None
    first = page.rows[0]
    with station.db.session() as session:
        held = session.scalars(select(Certificate).where(Certificate.number == first.number)).one()
        held.valid_until = IN_FORCE + timedelta(days=30)
    page.renewals_button.click()
    text = _print(qtbot, page, tmp_path / "renewals.pdf")
    assert "换证通知书" in text and "共1页" in text  # the one holder's notice alone
    assert first.number in text and first.name in text


def test_enter_in_the_id_number_records_the_hand_out(qtbot: QtBot, station: Side) -> None:
    """The clerk types the holder's ID number and presses Enter, as at every field."""
    page = _page(qtbot, station)
    page.service.record_prints(HEAD, [page.rows[0]], "")
    page.refresh()
    _select(page, 0)
    chosen = page.rows[0]
    on_file = page.handouts.on_file(chosen.number)
    failures: list[BaseException] = []

    def collect() -> None:
        dialog = page.findChild(HandOutDialog)
        try:
            assert dialog is not None
            dialog.activateWindow()
            qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
            dialog.id_number.setFocus()
            qtbot.keyClicks(dialog.id_number, on_file.id_number)
            qtbot.keyClick(dialog.id_number, Qt.Key.Key_Return)
        except BaseException as err:
            failures.append(err)
            if dialog is not None:
                dialog.reject()

    QTimer.singleShot(0, collect)
    page.on_hand_out()
    if failures:
        raise failures[0]
    assert page.message.text().startswith(f"Certificate {chosen.number} handed out to ")
