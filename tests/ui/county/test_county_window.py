"""A county installation opens the county's window: its pages in the frame the
station's window has (navigation, Ctrl+number, the user and Log out, the idle lock),
saying it is the county."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QPushButton
from pytestqt.qtbot import QtBot

from app.domain.workflow import Role
from app.security.actor import Actor
from tests.app.sync.helpers import County
from tests.ui.helpers import services, shown_county_window
from ui.county.county_window import CountyWindow
from ui.main_window import MainWindow
from ui.pages.settings_page import OfficeBox
from ui.session import Session

REVIEWER = Actor("reviewer1", Role.COUNTY_REVIEWER)


def test_a_county_opens_the_county_window_and_a_station_its_own(
    qtbot: QtBot, county_center: County
) -> None:
    session = Session(services(county_center.county.db), quit_program=lambda: None)
    session.open_window(REVIEWER)
    window = session.window
    assert isinstance(window, CountyWindow)
    qtbot.addWidget(window)
    titles = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert titles == [
        "Dashboard",
        "Cases",
        "Meeting",
        "Public notice",
        "Certificates",
        "Reports",
        "Packages",
        "Stations",
        "National platform",
        "Settings",
    ]
    assert window.station_label.text() == "County: C4105 汤阴县合管中心"
    assert window.cases_page.count.text() == "Cases: 4"
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)  # shortcuts need it
    assert window.current_page() == "dashboard"  # the first page, opened first
    qtbot.keyClick(window, Qt.Key.Key_9, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page() == "national"
    qtbot.keyClick(window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page() == "settings"  # the tenth, as a browser's tabs
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page() == "cases"

    station = Session(services(county_center.stations["S001"].db), quit_program=lambda: None)
    station.open_window(Actor("head1", Role.STATION_HEAD))
    assert isinstance(station.window, MainWindow)
    qtbot.addWidget(station.window)
    assert station.window.station_label.text() == "Station: S001 宜沟镇合管站"


def test_log_out_from_the_county_window_asks_who_comes_next(
    qtbot: QtBot, county_center: County
) -> None:
    session = Session(services(county_center.county.db), quit_program=lambda: None)
    session.open_window(REVIEWER)
    window = session.window
    assert window is not None  # closed and deleted by the logout itself
    qtbot.mouseClick(window.logout_button, Qt.MouseButton.LeftButton)
    assert session.window is None and session.login is not None
    assert session.login.isVisible()
    session.login.close()


def test_a_page_clicked_in_the_list_answers_its_own_keys_at_once(
    qtbot: QtBot, county_center: County
) -> None:
    window = shown_county_window(qtbot, services(county_center.county.db), REVIEWER)
    row = [p.key for p in window.pages].index("certificates")
    item = window.nav.item(row)
    qtbot.mouseClick(
        window.nav.viewport(),
        Qt.MouseButton.LeftButton,
        pos=window.nav.visualItemRect(item).center(),
    )
    assert window.current_page() == "certificates"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
    assert window.register_page.search.hasFocus()
    # Arrowing through the list keeps the focus there, for the next arrow.
    window.nav.setFocus()
    qtbot.keyClick(window.nav, Qt.Key.Key_Down)
    assert window.current_page() == "reports" and window.nav.hasFocus()
    # Ctrl+N goes in, to where the focus was on that page.
    qtbot.keyClick(window.nav, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    assert window.register_page.search.hasFocus()


def test_the_county_sets_the_phone_its_public_list_prints(
    qtbot: QtBot, county_center: County
) -> None:
    s = services(county_center.county.db)
    admin = Actor("county-admin", Role.COUNTY_ADMIN)
    window = shown_county_window(qtbot, s, admin)
    (box,) = window.settings_page.findChildren(OfficeBox)
    assert (
        "public list" in box.title()
        and "public list" in box.findChild(QLabel, "office_note").text()
    )
    box.phone.setText("0372-6212345")
    box.findChild(QPushButton, "save_office").click()
    assert s.printouts.office().phone == "0372-6212345"
    # A reviewer may not change it: told so beside the box, nothing saved.
    reviewer = shown_county_window(qtbot, s, REVIEWER)
    (theirs,) = reviewer.settings_page.findChildren(OfficeBox)
    theirs.phone.setText("110")
    theirs.findChild(QPushButton, "save_office").click()
    assert theirs.message.text() and s.printouts.office().phone == "0372-6212345"
