"""The county's dashboard opens first; every card and cell opens its list, by the
keyboard: the Cases page filtered to what the figure counts, the Public notice
page, the Certificates page's renewal list, the Stations page on a station. F5 and
the window's changes read the figures again."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.domain.workflow import State, state_term
from app.review.meeting import MeetingService
from app.review.notice import NoticePeriod
from tests.app.review.helpers import conclude_every_kind
from tests.app.sync.helpers import REVIEWER, County
from tests.conftest import TODAY
from tests.ui.helpers import services
from ui.changes import Change
from ui.county.county_window import CountyWindow

ENTER = Qt.Key.Key_Return


def _window(qtbot: QtBot, county_center: County) -> CountyWindow:
    window = CountyWindow(services(county_center.county.db, today=lambda: TODAY), REVIEWER)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)  # shortcuts need it
    return window


def _press(qtbot: QtBot, widget: object, key: Qt.Key = Qt.Key.Key_Space) -> None:
    widget.setFocus()  # type: ignore[attr-defined]  # where Tab would bring the person
    qtbot.keyClick(widget, key)  # type: ignore[arg-type]


def test_the_cards_open_the_cases_they_count(qtbot: QtBot, county_center: County) -> None:
    window = _window(qtbot, county_center)
    dashboard = window.dashboard_page
    assert window.current_page() == "dashboard"
    cards = {key: card.text().split("\n") for key, card in dashboard.cards.items()}
    assert cards["quarter"] == ["4", "files received this quarter, withdrawn ones too"]
    assert cards["committee"] == ["4", "waiting for the committee"]
    assert cards["examination"][0] == cards["materials"][0] == "0"
    assert cards["silent"] == ["0", "stations silent for more than 14 days"]

    _press(qtbot, dashboard.cards["committee"])
    assert window.current_page() == "cases"
    cases = window.cases_page
    assert cases.state.currentText() == "Waiting for the committee"
    assert cases.count.text() == "Cases: 4"

    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    _press(qtbot, dashboard.cards["examination"])
    assert cases.state.currentText() == str(state_term(State.EXAM_REQUIRED))
    assert cases.count.text() == "Cases: 0"
    assert cases.model.rowCount() == 0


def test_a_cell_of_the_quarter_opens_that_station_s_files_of_that_disease(
    qtbot: QtBot, county_center: County
) -> None:
    window = _window(qtbot, county_center)
    table = window.dashboard_page.quarter_table
    model = table.model()
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["Station", "Hypertension (stage II/III)", "Diabetes mellitus", "Total"]
    rows = [[model.index(r, c).data() for c in range(4)] for r in range(model.rowCount())]
    assert rows == [
        ["S001 宜沟镇合管站", "2", "0", "2"],
        ["S002 任固镇合管站", "1", "1", "2"],
        ["All stations", "3", "1", "4"],
    ]
    table.setFocus()
    table.setCurrentIndex(model.index(0, 0))
    for key in (Qt.Key.Key_Down, Qt.Key.Key_Right, Qt.Key.Key_Right):
        qtbot.keyClick(table, key)  # to S002's diabetes
    qtbot.keyClick(table, ENTER)
    cases = window.cases_page
    assert window.current_page() == "cases"
    assert cases.station.currentData() == "S002"
    assert cases.disease.currentText() == "Diabetes mellitus"
    assert cases.quarter.currentText() == "2026Q4"
    assert cases.state.currentIndex() == 0  # every state
    assert cases.count.text() == "Cases: 1"
    (row,) = cases.model.rows
    assert row.station_code == "S002" and row.diseases == ("DM",)


def test_notices_renewals_and_stations_open_their_pages(
    qtbot: QtBot, county_center: County
) -> None:
    window = _window(qtbot, county_center)
    dashboard = window.dashboard_page
    meetings = MeetingService(county_center.county.db, today=lambda: TODAY)
    meeting = conclude_every_kind(meetings)
    period = NoticePeriod(TODAY, TODAY.replace(day=27))
    meetings.close(REVIEWER, meeting.id, county_center.county.keys.signing, notice=period)
    window.changes.announce(Change.NOTICE)  # another page's action: the figures move
    assert dashboard.cards["notices"].text().split("\n") == [
        "1",
        "public notices running",
        "the first ends 11-27",
    ]
    assert dashboard.cards["committee"].text().startswith("1\n")
    assert dashboard.cards["examination"].text().startswith("1\n")
    # Its period over, it runs no more, yet waits for someone to close it.
    dashboard.overview.today = lambda: period.ends_on + timedelta(days=1)
    dashboard.refresh()
    assert dashboard.cards["notices"].text().split("\n") == [
        "0",
        "public notices running",
        "1 more ended, to be closed",
    ]
    dashboard.overview.today = lambda: TODAY
    dashboard.refresh()

    _press(qtbot, dashboard.cards["notices"])
    assert window.current_page() == "notice"
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    _press(qtbot, dashboard.cards["expiring"])
    assert window.current_page() == "certificates"
    assert window.register_page.renewal.isChecked()

    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    activity = dashboard.activity_table
    assert [activity.model().index(r, 0).data() for r in range(2)] == [
        "S001 宜沟镇合管站",
        "S002 任固镇合管站",
    ]
    activity.setFocus()
    activity.setCurrentIndex(activity.model().index(0, 0))
    qtbot.keyClick(activity, Qt.Key.Key_Down)
    qtbot.keyClick(activity, ENTER)
    assert window.current_page() == "stations"
    station = window.stations_page.current()
    assert station is not None and station.code == "S002"


def test_f5_reads_the_figures_again(qtbot: QtBot, county_center: County) -> None:
    window = _window(qtbot, county_center)
    dashboard = window.dashboard_page
    assert dashboard.cards["committee"].text().startswith("4\n")
    meetings = MeetingService(county_center.county.db, today=lambda: TODAY)
    meetings.close(
        REVIEWER,
        conclude_every_kind(meetings).id,
        county_center.county.keys.signing,
        notice=NoticePeriod(TODAY, TODAY.replace(day=27)),
    )  # at another desk: this window was not told
    assert dashboard.cards["committee"].text().startswith("4\n")
    window.nav.setFocus()  # where Ctrl+1 left the person
    qtbot.keyClick(window.nav, Qt.Key.Key_F5)
    assert dashboard.cards["committee"].text().startswith("1\n")


def test_the_silent_stations_card_opens_the_longest_silent(
    qtbot: QtBot, county_center: County
) -> None:
    later = date.today() + timedelta(days=20)  # the packages arrived today
    window = CountyWindow(services(county_center.county.db, today=lambda: later), REVIEWER)
    qtbot.addWidget(window)
    window.show()
    dashboard = window.dashboard_page
    assert dashboard.cards["silent"].text().split("\n") == [
        "2",
        "stations silent for more than 14 days",
    ]
    silent = dashboard.activity_model
    assert [silent.index(r, 4).data() for r in range(2)] == ["20 days", "20 days"]
    _press(qtbot, dashboard.cards["silent"])
    assert window.current_page() == "stations"
    station = window.stations_page.current()
    assert station is not None and station.code == "S001"  # as long silent: by code
