"""The committee that prefers paper, from the Meeting page: the agenda saved as the
sheet, filled in by hand, and recorded with the same checks (every problem named with
its row, nothing recorded), after a Yes, into decisions, certificates and the public
notice. SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from app.db.models import Certificate, Decision, PublicNotice
from tests.app.sync.helpers import County
from tests.ui.county.test_meeting_page import _page
from tests.ui.questions import click_yes


def _count(county_center: County, model: type) -> int:
    with county_center.county.db.reader() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_the_agenda_goes_out_as_a_sheet_and_comes_back_recorded(
    qtbot: QtBot, county_center: County, tmp_path: Path
) -> None:
    page = _page(qtbot, county_center)
    assert page.paper.isVisible() and page.notice_row.isVisible()
    sheet_path = tmp_path / "agenda.xlsx"
    page.on_save_sheet(str(sheet_path))
    assert page.sheet_message.text() == f"Agenda of 4 case(s) saved as {sheet_path}"
    book = load_workbook(sheet_path)
    sheet = book["评审议程"]
    numbers = [sheet.cell(row=r, column=2).value for r in range(3, 7)]
    assert all(str(n).startswith(("S001-", "S002-")) for n in numbers)

    # A rejection with no reason: named with its row, nothing recorded.
    sheet["R3"], sheet["T3"], sheet["U3"] = "通过", "张医生", "李医生"
    sheet["R4"], sheet["T4"], sheet["U4"] = "不通过", "张医生", "李医生"
    book.save(sheet_path)
    page.on_record_sheet(str(sheet_path))
    said = page.sheet_message.text()
    assert said.startswith("Nothing was recorded") and "Row 4:" in said
    assert _count(county_center, Decision) == 0

    sheet["S4"] = "病历不能证明为Ⅱ期及以上高血压"
    book.save(sheet_path)
    asked = click_yes(qtbot)
    page.on_record_sheet(str(sheet_path))
    assert asked and "2 conclusion(s)" in asked[0] and "public notice" in asked[0]
    assert page.sheet_message.text().startswith("Recorded 2 decision(s) on 2 application(s)")
    assert _count(county_center, Decision) == 2
    assert _count(county_center, Certificate) == 1
    assert _count(county_center, PublicNotice) == 1  # the certificate held for its notice

    # The same sheet again: those cases left the agenda, so every row is refused.
    page.on_record_sheet(str(sheet_path))
    assert page.sheet_message.text().startswith("Nothing was recorded")
    assert _count(county_center, Decision) == 2


def test_a_damaged_sheet_is_one_sentence_and_a_meeting_on_screen_comes_first(
    qtbot: QtBot, county_center: County, tmp_path: Path
) -> None:
    page = _page(qtbot, county_center)
    damaged = tmp_path / "agenda.xlsx"
    damaged.write_bytes(b"PK\x03\x04 not really a workbook")
    page.on_record_sheet(str(damaged))
    said = page.sheet_message.text()
    assert said and "agenda.xlsx" in said and "Traceback" not in said
    assert _count(county_center, Decision) == 0

    page.members.insert("张医生、李医生")
    page.open_button.click()
    assert not page.paper.isVisible()  # one agenda at a time
    page.on_record_sheet(str(damaged))
    assert page.sheet_message.text() == "A meeting is open: conclude its cases on screen."
