from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.db.database import Database
from app.intake.listing import ApplicationFilter, ApplicationList
from app.security.actor import Actor
from app.training.demo import DemoGenerator
from tests.conftest import TODAY
from tests.ui.helpers import dashboard_page, main_window


def test_tiles_and_bars_open_the_filtered_list(
    qtbot: QtBot, sqlite_db: Database, head: Actor
) -> None:
    DemoGenerator(sqlite_db, today=TODAY, seed=8).run(300, chunk=300)
    window = main_window(sqlite_db, head)
    qtbot.addWidget(window)
    window.dashboard_page.today = lambda: TODAY
    window.dashboard_page.refresh()
    page = window.dashboard_page
    assert page.heading.text().startswith("Quarter 2026Q4: 23 days left")
    awaiting = page.data.awaiting_materials.value  # type: ignore[union-attr]
    assert page.tiles["awaiting"].text().startswith(f"{awaiting}\n")
    page.tiles["awaiting"].click()
    assert window.current_page() == "applications"
    assert window.applications_page.model.total == awaiting
    assert window.applications_page.state.currentData() == "awaiting_materials"
    window.show_page("dashboard")
    bars = page.disease_chart.bars  # type: ignore[attr-defined]
    top = bars.count() - 1  # the longest bar, drawn at the top
    bars.clicked.emit(top)
    assert window.current_page() == "applications"
    assert window.applications_page.model.total == int(bars.at(top))
    assert window.applications_page.disease.currentData() is not None


def test_dashboard_refreshes_when_shown(qtbot: QtBot, sqlite_db: Database) -> None:
    page = dashboard_page(sqlite_db, today=lambda: TODAY)
    qtbot.addWidget(page)
    page.refresh()
    assert page.tiles["expiring"].text().startswith("0\n")
    DemoGenerator(sqlite_db, today=TODAY, seed=8).run(300, chunk=300)
    page.refresh()
    assert not page.tiles["expiring"].text().startswith("0\n")


def test_a_filter_from_a_card_shows_and_its_cross_clears_it(
    qtbot: QtBot, sqlite_db: Database, head: Actor
) -> None:
    DemoGenerator(sqlite_db, today=TODAY, seed=8).run(300, chunk=300)
    window = main_window(sqlite_db, head)
    qtbot.addWidget(window)
    window.show()
    window.dashboard_page.today = lambda: TODAY
    window.dashboard_page.refresh()
    window.dashboard_page.tiles["hand_out"].click()
    listing = window.applications_page
    every = ApplicationList(sqlite_db).count(ApplicationFilter())
    assert listing.filter_chip.isVisible() and listing.model.total < every
    assert listing.filter_label.text() == "From the dashboard: certificate not handed out"
    qtbot.mouseClick(listing.clear_filter_button, Qt.MouseButton.LeftButton)
    assert not listing.filter_chip.isVisible() and listing.model.total == every
    assert listing.state.currentData() is None
