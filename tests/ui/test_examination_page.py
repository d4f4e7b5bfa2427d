"""The station head's preliminary examination, and the clerk who may not accept."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.db.database import Database
from app.domain.workflow import Role
from app.intake.applications import ApplicationService
from app.intake.listing import ApplicationFilter, ApplicationList
from app.security.actor import Actor
from tests.app.helpers import CLERK, applicant, complete
from tests.conftest import TODAY
from tests.ui.helpers import choose_row, examination_page
from tests.ui.questions import click_yes
from ui.models.checklist_model import COL_MATERIAL, COL_REASON
from ui.pages.examination_page import ExaminationPage

HEAD = Actor("head1", Role.STATION_HEAD)


@pytest.fixture
def received(sqlite_db: Database) -> list[str]:
    service = ApplicationService(sqlite_db, today=lambda: TODAY)
    numbers = []
    for seq, disease in ((21, "HTN"), (33, "DM")):
        ref = service.save_draft(CLERK, complete([disease], person=applicant(seq)))
        numbers.append(service.receive(CLERK, ref.id).number)
    return numbers


def _page(qtbot: QtBot, db: Database, actor: Actor) -> ExaminationPage:
    page = examination_page(db, actor, today=lambda: TODAY)
    qtbot.addWidget(page)
    page.show()
    return page


def _row_of(page: ExaminationPage, material: str) -> int:
    return next(
        r
        for r in range(page.checklist_model.rowCount())
        if page.checklist_model.index(r, COL_MATERIAL).data(Qt.ItemDataRole.UserRole) == material
    )


def test_head_marks_items_then_accepts(
    qtbot: QtBot, sqlite_db: Database, received: list[str]
) -> None:
    page = _page(qtbot, sqlite_db, HEAD)
    assert page.queue_model.rowCount() == 2
    choose_row(page.queue, 0)
    assert received[0] in page.summary.text()
    photo = _row_of(page, "photo")
    page.status_combo(photo).setCurrentIndex(page.status_combo(photo).findData("missing"))
    assert "Say what is missing" in page.error.text()  # no reason yet: not stored
    page.checklist_model.setData(
        page.checklist_model.index(photo, COL_REASON), "照片不是近期免冠照"
    )
    assert page.error.text() == ""
    page.accept_button.click()
    # Named as the checklist names it, never by its code.
    assert "Material not yet provided: Recent 1-inch bareheaded photo" in page.error.text()
    assert "photo," not in page.error.text() and not page.error.text().endswith("photo")
    for row in range(page.checklist_model.rowCount()):
        page.status_combo(row).setCurrentIndex(page.status_combo(row).findData("provided"))
    with qtbot.waitSignal(page.decided) as signal:
        page.accept_button.click()
    assert signal.args == [received[0]]
    assert "accepted" in page.message.text() and page.queue_model.rowCount() == 1


def test_one_notice_lists_everything_missing(
    qtbot: QtBot, sqlite_db: Database, received: list[str]
) -> None:
    page = _page(qtbot, sqlite_db, HEAD)
    choose_row(page.queue, 0)
    app_id = page.current
    assert app_id is not None
    page.notice_button.click()
    assert page.message.text().startswith("Notice recorded for")
    service = ApplicationService(sqlite_db)
    step = service.history(app_id)[-1]
    assert step.to_state == "awaiting_materials" and len(step.missing_items) >= 7
    assert page.queue_model.rowCount() == 2  # still waiting, now for materials


def test_return_needs_reasons_or_missing_items(
    qtbot: QtBot, sqlite_db: Database, received: list[str]
) -> None:
    page = _page(qtbot, sqlite_db, HEAD)
    choose_row(page.queue, 1)
    page.reasons.setText("诊断证明非县级医院出具；病历不全")
    click_yes(qtbot)  # returning cannot be undone: the window asks first
    page.return_button.click()
    assert "returned with its reasons" in page.message.text()
    returned = ApplicationList(sqlite_db).page(ApplicationFilter(states=("returned",)))
    assert [r.number for r in returned] == [received[1]]
    (step,) = [
        h for h in ApplicationService(sqlite_db).history(returned[0].id) if h.to_state == "returned"
    ]
    assert step.reasons == ["诊断证明非县级医院出具", "病历不全"]


def test_clerk_cannot_accept(qtbot: QtBot, sqlite_db: Database, received: list[str]) -> None:
    page = _page(qtbot, sqlite_db, Actor("clerk1", Role.CLERK))
    choose_row(page.queue, 0)
    assert not page.accept_button.isEnabled() and not page.return_button.isEnabled()
    page.on_accept_clicked()  # even if the button were pressed somehow
    assert "clerk role may not" in page.error.text()
    assert page.queue_model.rowCount() == 2
