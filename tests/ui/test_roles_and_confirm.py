"""A clerk reads why an action is not theirs, and steps that cannot be undone ask first
with No as the default (Enter changes nothing)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.db.database import Database
from app.domain.workflow import Role
from app.examination.batch_list import list_batches
from app.intake.applications import ApplicationService
from app.intake.listing import ApplicationFilter, ApplicationList
from app.security.actor import Actor
from tests.app.helpers import CLERK, HEAD, applicant, complete
from tests.app.sync.helpers import Side, accepted
from tests.conftest import TODAY
from tests.ui.helpers import choose_row, examination_page, online_box, sync_page
from tests.ui.questions import click_yes, press_enter
from ui.pages.examination_page import ExaminationPage
from ui.pages.sync_page import BatchesSyncPage

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def received(sqlite_db: Database) -> str:
    service = ApplicationService(sqlite_db, today=lambda: TODAY)
    ref = service.save_draft(CLERK, complete(["HTN"], person=applicant(21)))
    return service.receive(CLERK, ref.id).number


def _exam(qtbot: QtBot, db: Database, actor: Actor) -> ExaminationPage:
    page = examination_page(db, actor, today=lambda: TODAY)
    qtbot.addWidget(page)
    page.show()
    return page


def _state(db: Database, number: str) -> str:
    (row,) = [r for r in ApplicationList(db).page(ApplicationFilter()) if r.number == number]
    return row.state


def test_the_clerk_reads_why_accept_and_return_are_greyed_out(
    qtbot: QtBot, sqlite_db: Database, received: str
) -> None:
    page = _exam(qtbot, sqlite_db, CLERK)
    assert page.role_note.isVisible() and "station head" in page.role_note.text()
    choose_row(page.queue, 0)
    for button in (page.accept_button, page.return_button):
        assert not button.isEnabled()
        assert "Only the station head" in button.toolTip()
    assert page.notice_button.isEnabled()  # asking for materials is a clerk's too


def test_with_nothing_chosen_the_buttons_say_so(qtbot: QtBot, sqlite_db: Database) -> None:
    page = _exam(qtbot, sqlite_db, HEAD)
    assert not page.role_note.isVisible()
    assert not page.accept_button.isEnabled()
    assert "Choose an application" in page.accept_button.toolTip()


def test_the_head_sees_what_is_not_yet_provided_before_accepting(
    qtbot: QtBot, sqlite_db: Database, received: str
) -> None:
    page = _exam(qtbot, sqlite_db, HEAD)
    choose_row(page.queue, 0)
    assert page.accept_button.isEnabled()
    assert "Not yet provided" in page.accept_button.toolTip()


def test_return_asks_first_and_enter_keeps_the_application(
    qtbot: QtBot, sqlite_db: Database, received: str
) -> None:
    page = _exam(qtbot, sqlite_db, HEAD)
    choose_row(page.queue, 0)
    qtbot.keyClicks(page.reasons, "no discharge record")
    asked = press_enter(qtbot)  # No is the default button
    qtbot.mouseClick(page.return_button, LEFT)
    assert asked and received in asked[0] and "cannot be undone" in asked[0]
    assert _state(sqlite_db, received) == "received"
    assert page.reasons.text() == "no discharge record" and page.message.text() == ""
    asked = click_yes(qtbot)
    qtbot.mouseClick(page.return_button, LEFT)
    assert asked and _state(sqlite_db, received) == "returned"
    assert (
        page.message.text() == f"{received} returned with its reasons and the list of missing items"
    )


def _sync(qtbot: QtBot, station: Side, actor: Actor) -> BatchesSyncPage:
    page = sync_page(station.db, actor, lambda: station.keys, today=lambda: TODAY)
    page.add_online_box(online_box(station.db, actor, lambda: station.secrets, page.changes))
    qtbot.addWidget(page)
    page.show()
    return page


def test_the_clerk_is_told_the_batch_and_sync_are_the_heads(
    qtbot: QtBot, sides: tuple[Side, Side]
) -> None:
    station = sides[0]
    accepted(station.db, 1)
    page = _sync(qtbot, station, CLERK)
    assert page.role_note.isVisible()
    for button in (page.make_button, page.export_button, page.online_box.sync_button):
        assert not button.isEnabled() and "Only the station head" in button.toolTip()
    assert page.import_button.isEnabled()
    head = _sync(qtbot, station, HEAD)
    assert not head.role_note.isVisible() and head.make_button.isEnabled()
    assert head.online_box.sync_button.isEnabled()


def test_making_the_batch_asks_and_enter_makes_nothing(
    qtbot: QtBot, sides: tuple[Side, Side]
) -> None:
    station = sides[0]
    accepted(station.db, 1)
    page = _sync(qtbot, station, HEAD)
    asked = press_enter(qtbot)
    qtbot.mouseClick(page.make_button, LEFT)
    assert asked and "1 accepted application(s)" in asked[0]
    assert list_batches(station.db) == []
    asked = click_yes(qtbot)
    qtbot.mouseClick(page.make_button, LEFT)
    assert asked and len(list_batches(station.db)) == 1


def test_an_empty_quarter_says_why_there_is_no_batch(
    qtbot: QtBot, sides: tuple[Side, Side]
) -> None:
    page = _sync(qtbot, sides[0], Actor("head1", Role.STATION_HEAD))
    assert not page.make_button.isEnabled()
    assert "No accepted application" in page.make_button.toolTip()
