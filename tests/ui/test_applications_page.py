from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.db.database import Database
from app.domain.names import pinyin_keys
from app.intake.listing import ApplicationFilter, ApplicationList
from app.training.demo import DemoGenerator
from tests.app.helpers import CLERK
from tests.conftest import TODAY
from tests.ui.helpers import services
from ui.models.applications_model import (
    COL_NAME,
    COL_NUMBER,
    COL_STATE,
    PAGE_SIZE,
    ApplicationIdRole,
    ApplicationsModel,
)
from ui.pages.applications_page import ApplicationsPage


@pytest.fixture
def page(qtbot: QtBot, sqlite_db: Database) -> ApplicationsPage:
    DemoGenerator(sqlite_db, today=TODAY, seed=4).run(450, chunk=450)
    s = services(sqlite_db)
    widget = ApplicationsPage(
        s.listing, s.applications, s.catalogue, s.exchange, s.printouts, s.appeals, s.paths, CLERK
    )
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_model_pages_in_rows_lazily(sqlite_db: Database) -> None:
    DemoGenerator(sqlite_db, today=TODAY, seed=4).run(450, chunk=450)
    model = ApplicationsModel(ApplicationList(sqlite_db), {"HTN": "高血压病"})
    model.reload()
    assert model.total == 450 and model.rowCount() == PAGE_SIZE
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == 450
    assert model.headerData(COL_STATE, Qt.Orientation.Horizontal) == "State"
    assert model.data(model.index(0, COL_NUMBER)).startswith("S001-")


def test_state_filter_and_count(qtbot: QtBot, page: ApplicationsPage) -> None:
    assert page.count.text() == "450 applications"
    page.state.setCurrentIndex(page.state.findData("awaiting_materials"))
    model = page.model
    assert 0 < model.total < 450
    states = {model.data(model.index(r, COL_STATE)) for r in range(model.rowCount())}
    assert states == {"awaiting materials"}
    assert page.count.text() == f"{model.total} applications"


def test_typing_searches_after_a_pause(qtbot: QtBot, page: ApplicationsPage) -> None:
    name = page.model.data(page.model.index(0, COL_NAME))
    _, initials = pinyin_keys(name)
    qtbot.keyClicks(page.search, initials)  # what a clerk types: 王秀英 → wxy
    qtbot.waitUntil(lambda: page.model.total < 450, timeout=2000)
    names = [page.model.data(page.model.index(r, COL_NAME)) for r in range(page.model.rowCount())]
    assert name in names
    assert all(pinyin_keys(n)[1].startswith(initials) for n in names)


def test_sorting_by_clicking_a_header(qtbot: QtBot, page: ApplicationsPage) -> None:
    page.table.sortByColumn(COL_NUMBER, Qt.SortOrder.AscendingOrder)
    first = [page.model.data(page.model.index(r, COL_NUMBER)) for r in range(20)]
    assert first == sorted(first)
    page.table.sortByColumn(COL_NUMBER, Qt.SortOrder.DescendingOrder)
    assert page.model.data(page.model.index(0, COL_NUMBER)) > first[-1]


def test_dashboard_can_open_a_filtered_list(page: ApplicationsPage) -> None:
    page.show_filter(ApplicationFilter(states=("returned",), disease="HTN"))
    assert page.state.currentData() == "returned" and page.disease.currentData() == "HTN"
    assert page.model.total == ApplicationList(page.listing.db).count(page.model.filter)


def test_enter_opens_the_detail_with_its_timeline(qtbot: QtBot, page: ApplicationsPage) -> None:
    page.state.setCurrentIndex(page.state.findData("certificate_issued"))
    page.table.setFocus()
    page.table.selectRow(0)
    app_id = page.model.data(page.model.index(0, 0), ApplicationIdRole)
    dialog = page.open_application(app_id)
    qtbot.addWidget(dialog)
    history = dialog.history_model
    steps = [history.index(i, 0).data() for i in range(history.rowCount())]
    assert steps[0].endswith("draft") and "certificate issued" in steps[-1]
    assert dialog.state_label.text() == "certificate issued"
    assert dialog.checklist_model.rowCount() >= 7


def test_the_short_number_finds_the_application(qtbot: QtBot, page: ApplicationsPage) -> None:
    qtbot.keyClicks(page.search, "000004")
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    numbers = [
        page.model.data(page.model.index(r, COL_NUMBER)) for r in range(page.model.rowCount())
    ]
    assert any(n.endswith("-000004") for n in numbers)
