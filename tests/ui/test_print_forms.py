"""Printing a file's forms from its detail window, and calibrating a booklet printer."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.db.models import Application
from app.settings import LocalSettings
from tests.app.sync.helpers import REJECTION, Side, issue_certificates, make_side, trust
from tests.ui.helpers import detail_dialog
from ui.dialogs.print_preview import PDF_FILE
from ui.pages.application_detail import ApplicationDetailDialog
from ui.pages.settings_page import SettingsPage


@pytest.fixture
def station(tmp_path: Path) -> Iterator[Side]:
    station = make_side(tmp_path / "station", "station", "S001")
    county = make_side(tmp_path / "county", "county", "C4105")
    trust(station, county)
    issue_certificates(station, county, tmp_path / "packages", 2, reject=frozenset({0}))
    county.db.close()
    yield station
    station.db.close()


def _detail(qtbot: QtBot, station: Side, state: str) -> ApplicationDetailDialog:
    with station.db.reader() as session:
        app_id = session.scalars(select(Application.id).where(Application.state == state)).one()
    dialog = detail_dialog(station.db, app_id)
    qtbot.addWidget(dialog)
    return dialog


def _previewed(dialog: ApplicationDetailDialog, tmp_path: Path) -> tuple[str, int]:
    assert dialog.preview is not None
    source = PdfReader(io.BytesIO(dialog.preview.pdf.read_bytes()))
    assert dialog.preview.print_to_file(tmp_path / "printed.pdf")
    text = "".join(page.extract_text() for page in source.pages).replace(" ", "")
    return text, len(source.pages)


def test_a_rejected_file_prints_its_rejection_notice(
    qtbot: QtBot, station: Side, tmp_path: Path
) -> None:
    dialog = _detail(qtbot, station, "rejected")
    buttons = dialog.print_buttons
    assert buttons["rejection"].isEnabled() and not buttons["notice"].isEnabled()
    buttons["rejection"].click()
    text, _ = _previewed(dialog, tmp_path)
    assert REJECTION in text and "不予认定通知书" in text


def test_the_approval_form_prints_the_copies_asked_for(
    qtbot: QtBot, station: Side, tmp_path: Path
) -> None:
    dialog = _detail(qtbot, station, "certificate_issued")
    assert not dialog.print_buttons["rejection"].isEnabled()
    dialog.copies.setValue(2)
    dialog.print_buttons["form"].click()
    text, pages = _previewed(dialog, tmp_path)
    assert pages == 2 and "第1联，共2联" in text and "认定审批表" in text
    dialog.paper.setCurrentIndex(dialog.paper.findData("A5"))
    dialog.print_buttons["receipt"].click()
    assert dialog.preview is not None
    (size,) = {
        tuple(round(float(v)) for v in p.mediabox[2:]) for p in PdfReader(dialog.preview.pdf).pages
    }
    assert size == (420, 595)  # A5 in points


def test_booklet_offsets_are_saved_per_printer(qtbot: QtBot, tmp_path: Path) -> None:
    page = SettingsPage(tmp_path)
    qtbot.addWidget(page)
    page.calibration_printer.setCurrentIndex(page.calibration_printer.findData(PDF_FILE))
    page.offset_x.setValue(2.5)
    page.offset_y.setValue(-1.5)
    page.findChild(QPushButton, "save_offsets").click()
    assert "2.5 mm right" in page.calibration_message.text()
    assert LocalSettings.load(tmp_path).offsets_for(PDF_FILE) == (2.5, -1.5)
    again = SettingsPage(tmp_path)
    qtbot.addWidget(again)
    again.calibration_printer.setCurrentIndex(again.calibration_printer.findData(PDF_FILE))
    assert (again.offset_x.value(), again.offset_y.value()) == (2.5, -1.5)


def test_the_office_contact_is_saved_by_the_head_only(qtbot: QtBot, station: Side) -> None:
    from app.domain.workflow import Role
    from app.printing.printouts import office
    from app.security.actor import Actor
    from tests.ui.helpers import office_box

    clerk = office_box(station.db, Actor("clerk1", Role.CLERK))
    qtbot.addWidget(clerk)
    clerk.phone.setText("0372-1")
    clerk.findChild(QPushButton, "save_office").click()
    assert "b00020" in clerk.message.styleSheet() and office(station.db).phone == ""
    head = office_box(station.db, Actor("head1", Role.STATION_HEAD))
    qtbot.addWidget(head)
    head.phone.setText(" 0372-6221234 ")
    head.address.setText("宜沟镇政府院内")
    head.findChild(QPushButton, "save_office").click()
    assert office(station.db).phone == "0372-6221234"
    assert office(station.db).address == "宜沟镇政府院内"


def test_the_batch_roster_prints_from_the_batches_page(
    qtbot: QtBot, station: Side, tmp_path: Path
) -> None:
    from app.domain.workflow import Role
    from app.security.actor import Actor
    from tests.conftest import TODAY
    from tests.ui.helpers import sync_page

    page = sync_page(
        station.db, Actor("clerk1", Role.CLERK), lambda: station.keys, today=lambda: TODAY
    )
    qtbot.addWidget(page)
    page.roster_button.click()
    assert "Choose a batch" in page.message.text() and page.roster_preview is None
    page.batch_table.selectRow(0)
    page.roster_button.click()
    assert page.roster_preview is not None
    text = PdfReader(page.roster_preview.pdf).pages[0].extract_text().replace(" ", "")
    assert "汇总花名册" in text and "小计" in text and page.batch_model.rows[0].number in text
