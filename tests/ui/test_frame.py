from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.admin.users import UserService
from app.db.database import Database
from app.domain.workflow import Role
from app.examination.batches import BatchService
from app.examination.examination import ExaminationService
from app.intake.applications import ApplicationService
from app.security.actor import Actor
from tests.app.helpers import CLERK, HEAD, complete
from tests.conftest import ADMIN_PASSWORD, TODAY
from tests.ui.helpers import main_window
from ui.login import LoginDialog
from ui.main_window import MainWindow


def test_login_refusal_is_shown_beside_the_fields(qtbot: QtBot, sqlite_db: Database) -> None:
    dialog = LoginDialog(UserService(sqlite_db), "S001 宜沟镇合管站", "admin")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.focusWidget() is dialog.password  # user name given: cursor in password
    dialog.password.setText("wrong-password")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.error.isVisibleTo(dialog)
    assert dialog.error.text() == "Wrong user name or password"
    assert dialog.password.text() == "" and dialog.actor is None
    dialog.password.setText(ADMIN_PASSWORD)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.result() == LoginDialog.DialogCode.Accepted
    assert dialog.actor is not None and dialog.actor.username == "admin"


def test_navigation_by_click_and_keyboard(qtbot: QtBot, window: MainWindow) -> None:
    titles = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert titles == [
        "Dashboard",
        "Intake",
        "Applications",
        "Preliminary examination",
        "Batches & sync",
        "Certificates",
        "Settings",
    ]
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page() == "applications"
    window.nav.setCurrentRow(6)
    assert window.current_page() == "settings"
    assert window.nav.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff


def test_status_bar_shows_user_station_and_pending(
    qtbot: QtBot, sqlite_db: Database, window: MainWindow
) -> None:
    assert window.user_label.text() == "User: 王站长 (station head)"
    assert window.station_label.text() == "Station: S001 宜沟镇合管站"
    assert window.pending_label.text() == "To sync: 0"
    assert window.sync_label.text() == "Last sync: never"
    service = ApplicationService(sqlite_db, today=lambda: TODAY)
    draft = service.save_draft(CLERK, complete())
    window.refresh_status()
    assert window.pending_label.text() == "To sync: 0"  # a draft owes the county nothing
    service.receive(CLERK, draft.id)
    window.refresh_status()
    assert window.pending_label.text() == "To sync: 0"  # not yet in a batch
    examination = ExaminationService(sqlite_db)
    for item in service.get(draft.id).checklist:
        examination.set_checklist(CLERK, draft.id, item.material_code, "provided")
    examination.accept(Actor("head1", Role.STATION_HEAD), draft.id)
    BatchService(sqlite_db).make(HEAD, date(2027, 1, 1))
    window.refresh_status()
    assert window.pending_label.text() == "To sync: 1"  # the next package carries it


def test_training_banner_only_in_training(
    qtbot: QtBot, sqlite_db: Database, head: Actor, window: MainWindow
) -> None:
    assert not window.banner.isVisible()
    training = main_window(sqlite_db, head, training=True)
    qtbot.addWidget(training)
    training.show()
    assert training.banner.isVisible() and "TRAINING MODE" in training.banner.text()


def test_an_account_without_a_display_name_reads_as_its_role_once(
    qtbot: QtBot, sqlite_db: Database
) -> None:
    unnamed = main_window(sqlite_db, Actor("clerk9", Role.CLERK))
    qtbot.addWidget(unnamed)
    assert unnamed.user_label.text() == "User: clerk"
