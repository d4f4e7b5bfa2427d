"""A shared counter PC: the clerk logs out with Ctrl+L and the next user logs in without
restarting; an unattended window locks after the time set in Settings. Nothing typed is
lost either way."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from app.admin.users import UserService
from app.db.database import Database
from app.paths import DataPaths
from app.security.actor import Actor
from app.settings import LocalSettings
from tests.ui.helpers import services
from ui.login import LoginDialog
from ui.main_window import MainWindow
from ui.session import Session

LEFT = Qt.MouseButton.LeftButton
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def clerk(sqlite_db: Database, head: Actor) -> Actor:
    UserService(sqlite_db).add(
        Actor.command_line(), "wangkj", "clerk", "clerk-pass-1", display_name="王会计"
    )
    return UserService(sqlite_db).authenticate("wangkj", "clerk-pass-1")


class Quits:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self) -> None:
        self.count += 1


@pytest.fixture
def session(qtbot: QtBot, sqlite_db: Database) -> Iterator[tuple[Session, Quits]]:
    quits = Quits()
    session = Session(services(sqlite_db), quit_program=quits)
    yield session, quits
    for widget in (session.window, session.login):
        if widget is not None:
            widget.close()
            widget.deleteLater()


def _opened(qtbot: QtBot, session: Session, actor: Actor, active: bool = True) -> MainWindow:
    session.open_window(actor)
    window = session.window
    assert window is not None
    if active:  # shortcuts need it; waiting for it may outlast a one-second lock
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window


def _type_chinese(widget: QWidget, text: str) -> None:
    """What the input method sends when the clerk picks the characters."""
    widget.setFocus()
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def _log_in(qtbot: QtBot, login: LoginDialog, username: str, password: str) -> None:
    qtbot.keyClicks(login.username, username)
    qtbot.keyClicks(login.password, password)
    qtbot.keyClick(login.password, Qt.Key.Key_Return)


def test_ctrl_l_shows_the_login_and_the_next_user_gets_their_own_window(
    qtbot: QtBot, session: tuple[Session, Quits], clerk: Actor
) -> None:
    session_, quits = session
    first = _opened(qtbot, session_, clerk)
    assert "王会计" in first.user_label.text()
    qtbot.keyClick(first, Qt.Key.Key_L, CTRL)
    login = session_.login
    assert login is not None and login.isVisible() and not first.isVisible()
    assert login.username.text() == ""
    qtbot.waitUntil(login.username.hasFocus)  # the next user types their name at once
    _log_in(qtbot, login, "head1", "head-pass-1")
    second = session_.window
    assert second is not None and second is not first and second.isVisible()
    assert second.actor.username == "head1"
    assert second.user_label.text() == "User: 王站长 (station head)"
    assert not login.isVisible() and quits.count == 0


def test_the_log_out_button_beside_the_name_does_the_same(
    qtbot: QtBot, session: tuple[Session, Quits], clerk: Actor
) -> None:
    session_, _quits = session
    window = _opened(qtbot, session_, clerk)
    assert window.logout_button.isVisible() and "Ctrl+L" in window.logout_button.toolTip()
    qtbot.mouseClick(window.logout_button, LEFT)
    assert session_.login is not None and session_.login.isVisible()


def test_a_cancelled_login_after_logging_out_quits(
    qtbot: QtBot, session: tuple[Session, Quits], clerk: Actor
) -> None:
    session_, quits = session
    window = _opened(qtbot, session_, clerk)
    qtbot.keyClick(window, Qt.Key.Key_L, CTRL)
    assert session_.login is not None
    qtbot.keyClick(session_.login, Qt.Key.Key_Escape)
    assert quits.count == 1 and session_.window is None


def test_a_cancelled_first_login_opens_no_window(
    qtbot: QtBot, session: tuple[Session, Quits]
) -> None:
    session_, _quits = session

    def quit_at_login() -> None:
        login = QApplication.activeModalWidget()
        if not isinstance(login, LoginDialog):
            QTimer.singleShot(20, quit_at_login)
            return
        qtbot.mouseClick(login.buttons.buttons()[-1], LEFT)  # "Quit"

    QTimer.singleShot(0, quit_at_login)
    assert session_.start() is False and session_.window is None


def test_a_draft_typed_before_ctrl_l_is_there_after_logging_back_in(
    qtbot: QtBot, session: tuple[Session, Quits], clerk: Actor
) -> None:
    session_, _quits = session
    window = _opened(qtbot, session_, clerk)
    window.show_page("intake")
    qtbot.keyClicks(window.intake_page.id_number, "41052319")
    _type_chinese(window.intake_page.name, "张秀")  # still typing: no autosave yet
    qtbot.keyClick(window, Qt.Key.Key_L, CTRL)
    assert session_.login is not None
    _log_in(qtbot, session_.login, "wangkj", "clerk-pass-1")
    again = session_.window
    assert again is not None and again is not window
    assert again.intake_page.id_number.text() == "41052319"
    assert again.intake_page.name.text() == "张秀"


def _locking_after_one_second(paths: DataPaths) -> None:
    settings = LocalSettings.load(paths.root)
    settings.lock_after_seconds = 1
    settings.save(paths.root)


def test_an_idle_window_locks_hides_its_content_and_opens_with_the_password(
    qtbot: QtBot, session: tuple[Session, Quits], clerk: Actor, paths: DataPaths
) -> None:
    _locking_after_one_second(paths)
    session_, _quits = session
    window = _opened(qtbot, session_, clerk, active=False)
    window.show_page("intake")
    _type_chinese(window.intake_page.name, "张秀英")
    assert not window.lock.locked
    qtbot.waitUntil(lambda: window.lock.locked, timeout=5000)
    (curtain,) = [c for c in window.lock.curtains if c.target is window]
    assert curtain.isVisible() and curtain.geometry() == window.rect()
    field = window.intake_page.name
    where = window.mapFromGlobal(field.mapToGlobal(QPoint(5, 5)))
    covering = window.childAt(where)
    assert covering is curtain or curtain.isAncestorOf(covering)
    dialog = window.lock.dialog
    assert dialog is not None and dialog.isVisible()
    assert "王会计" in dialog.heading.text() and dialog.username.isReadOnly()
    qtbot.waitUntil(dialog.password.hasFocus)
    qtbot.keyClicks(dialog.password, "not-my-password")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.error.isVisible() and dialog.error.text()
    assert dialog.password.text() == "" and window.lock.locked
    qtbot.keyClick(dialog.password, Qt.Key.Key_Escape)  # Esc does not get past the lock
    assert window.lock.locked
    qtbot.keyClicks(dialog.password, "clerk-pass-1")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert not window.lock.locked and not curtain.isVisible()
    assert window.isVisible() and window.intake_page.name.text() == "张秀英"


def test_switching_user_at_the_lock_logs_out_and_keeps_the_draft(
    qtbot: QtBot, session: tuple[Session, Quits], clerk: Actor, paths: DataPaths
) -> None:
    _locking_after_one_second(paths)
    session_, _quits = session
    window = _opened(qtbot, session_, clerk, active=False)
    window.show_page("intake")
    _type_chinese(window.intake_page.name, "张秀英")
    qtbot.waitUntil(lambda: window.lock.locked, timeout=5000)
    dialog = window.lock.dialog
    assert dialog is not None
    qtbot.mouseClick(dialog.findChild(type(window.logout_button), "switch_user"), LEFT)
    assert session_.login is not None and session_.login.isVisible()
    assert not window.isVisible()
    _log_in(qtbot, session_.login, "wangkj", "clerk-pass-1")
    assert session_.window is not None
    assert session_.window.intake_page.name.text() == "张秀英"


def test_the_lock_time_is_set_in_minutes_on_the_settings_page(
    qtbot: QtBot, session: tuple[Session, Quits], clerk: Actor, paths: DataPaths
) -> None:
    session_, _quits = session
    window = _opened(qtbot, session_, clerk)
    page = window.settings_page
    assert page.lock_after.value() == 10
    page.lock_after.selectAll()
    qtbot.keyClicks(page.lock_after, "3")
    qtbot.mouseClick(page.findChild(type(window.logout_button), "save_settings"), LEFT)
    assert LocalSettings.load(paths.root).lock_after_seconds == 180
    assert window.lock.timer.interval() == 180_000
