"""The county's Cases page: every station's files in one list, narrowed as a reviewer
narrows them (station, hospital, duplicates, the short number), on SQLite and on
PostgreSQL."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.intake.catalogue import CatalogueService
from app.intake.listing import ApplicationList
from app.security.actor import Actor
from tests.app.sync.helpers import REVIEWER, County
from tests.ui.helpers import case_desk
from ui.county.cases_page import CasesPage
from ui.models.cases_model import COL_DUPLICATE, COL_HOSPITAL, COL_NUMBER, COL_STATION


def _page(qtbot: QtBot, county_center: County, actor: Actor = REVIEWER) -> CasesPage:
    db = county_center.county.db
    page = CasesPage(ApplicationList(db), CatalogueService(db), case_desk(db, actor))
    qtbot.addWidget(page)
    page.show()
    return page


def _column(page: CasesPage, column: int) -> list[str]:
    model = page.model
    return [model.index(r, column).data() for r in range(model.rowCount())]


def _choose(qtbot: QtBot, combo: object, text: str) -> None:
    """Pick an entry with the keyboard, as a reviewer does: focus, then arrow down."""
    from PySide6.QtWidgets import QComboBox

    assert isinstance(combo, QComboBox)
    combo.setFocus()
    target = combo.findText(text)
    assert target > 0, text
    while combo.currentIndex() != target:
        qtbot.keyClick(combo, Qt.Key.Key_Down)


def test_every_stations_files_by_name_and_the_count(qtbot: QtBot, county_center: County) -> None:
    page = _page(qtbot, county_center)
    assert page.count.text() == "Cases: 4"
    assert sorted(set(_column(page, COL_STATION))) == ["任固镇合管站", "宜沟镇合管站"]
    _choose(qtbot, page.station, "任固镇合管站")
    assert page.count.text() == "Cases: 2"
    assert all(n.startswith("S002") for n in _column(page, COL_NUMBER))


def test_the_hospital_and_duplicate_filters(qtbot: QtBot, county_center: County) -> None:
    page = _page(qtbot, county_center)
    _choose(qtbot, page.hospital, "汤阴县中医院")
    assert _column(page, COL_HOSPITAL) == ["汤阴县中医院"]
    page.hospital.setCurrentIndex(0)
    assert page.count.text() == "Cases: 4"
    qtbot.mouseClick(page.duplicates, Qt.MouseButton.LeftButton)
    assert page.count.text() == "Cases: 1"
    (flag,) = _column(page, COL_DUPLICATE)  # naming the other station's file
    assert flag.startswith("To check: S001-"), flag
    assert _column(page, COL_STATION) == ["任固镇合管站"]


def test_the_short_number_with_a_station_finds_the_one_file(
    qtbot: QtBot, county_center: County
) -> None:
    page = _page(qtbot, county_center)
    _choose(qtbot, page.station, "任固镇合管站")
    number = _column(page, COL_NUMBER)[0]
    qtbot.keyClicks(page.search, number.rsplit("-", 1)[-1])
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert _column(page, COL_NUMBER) == [number]


def test_a_cut_short_flag_reads_whole_in_its_tooltip(qtbot: QtBot, county_center: County) -> None:
    page = _page(qtbot, county_center)
    qtbot.mouseClick(page.duplicates, Qt.MouseButton.LeftButton)
    model = page.model
    tip = model.index(0, COL_DUPLICATE).data(Qt.ItemDataRole.ToolTipRole)
    assert tip == model.index(0, COL_DUPLICATE).data() and tip.startswith("To check: S001-")
    assert model.index(0, COL_STATION).data(Qt.ItemDataRole.ToolTipRole) is None
