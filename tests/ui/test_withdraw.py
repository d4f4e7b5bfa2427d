"""Withdrawing an application from its dialog: a reason, a question with No as the
default, and the reason in the history; greyed out with the reason when not allowed."""

from __future__ import annotations

import uuid

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.db.database import Database
from app.domain.workflow import State
from app.intake.applications import ApplicationService
from app.security.actor import Actor
from tests.app.helpers import CLERK, HEAD, applicant, complete
from tests.app.sync.helpers import accepted
from tests.conftest import TODAY
from tests.ui.helpers import detail_dialog
from tests.ui.questions import click_yes, press_enter
from ui.pages.application_detail import ApplicationDetailDialog

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def received(sqlite_db: Database) -> uuid.UUID:
    service = ApplicationService(sqlite_db, today=lambda: TODAY)
    ref = service.save_draft(CLERK, complete(["HTN"], person=applicant(21)))
    return service.receive(CLERK, ref.id).id


def _dialog(
    qtbot: QtBot, db: Database, app_id: uuid.UUID, actor: Actor = CLERK
) -> ApplicationDetailDialog:
    dialog = detail_dialog(db, app_id, actor)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_no_keeps_the_application_and_yes_withdraws_it_with_the_reason(
    qtbot: QtBot, sqlite_db: Database, received: uuid.UUID
) -> None:
    service = ApplicationService(sqlite_db)
    number = service.get(received).number
    dialog = _dialog(qtbot, sqlite_db, received)
    box = dialog.withdraw_box
    assert box.button.isEnabled() and box.note.text() == ""
    qtbot.keyClicks(box.reason, "moved to the city")
    asked = press_enter(qtbot)  # No is the default button
    qtbot.mouseClick(box.button, LEFT)
    assert asked and number in asked[0] and "cannot be undone" in asked[0]
    assert service.get(received).state == "received"
    assert box.reason.text() == "moved to the city" and box.button.isEnabled()
    asked = click_yes(qtbot)
    qtbot.mouseClick(box.button, LEFT)
    assert asked and service.get(received).state == "withdrawn"
    last = service.history(received)[-1]
    assert last.to_state == "withdrawn" and last.reasons == ["moved to the city"]
    assert dialog.state_label.text() == "withdrawn"
    assert "moved to the city" in dialog.history_model.display(last, 0)
    assert not box.button.isEnabled() and f"{number} is withdrawn" == box.note.text()


def test_without_a_reason_nothing_is_asked_and_the_reason_is_asked_for(
    qtbot: QtBot, sqlite_db: Database, received: uuid.UUID
) -> None:
    dialog = _dialog(qtbot, sqlite_db, received)
    box = dialog.withdraw_box
    qtbot.mouseClick(box.button, LEFT)
    assert box.note.text() == "Give the reason for the withdrawal"
    qtbot.waitUntil(box.reason.hasFocus)
    assert ApplicationService(sqlite_db).get(received).state == "received"


def test_an_accepted_application_is_the_heads_to_withdraw(
    qtbot: QtBot, sqlite_db: Database
) -> None:
    app_id = accepted(sqlite_db, 3)
    box = _dialog(qtbot, sqlite_db, app_id).withdraw_box
    assert not box.button.isEnabled() and not box.reason.isEnabled()
    assert box.note.isVisible() and "Only the station head" in box.note.text()
    assert box.button.toolTip() == box.note.text()
    assert _dialog(qtbot, sqlite_db, app_id, HEAD).withdraw_box.button.isEnabled()


def test_a_withdrawn_or_sent_application_says_why_it_cannot_be_withdrawn(
    qtbot: QtBot, sqlite_db: Database, received: uuid.UUID
) -> None:
    ApplicationService(sqlite_db).withdraw(CLERK, received, "duplicate")
    box = _dialog(qtbot, sqlite_db, received).withdraw_box
    assert not box.button.isEnabled()
    assert box.note.text() == "Already withdrawn"
    # What the box says of an application the county holds:
    assert box.refusal(State.SENT) == (
        "An application that is sent to the county cannot be withdrawn"
    )
