"""The status bar and the history name people by their display name, not their login."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from app.db.database import Database
from app.domain.workflow import Role
from app.security.actor import Actor
from tests.ui.helpers import main_window


def test_the_status_bar_shows_the_display_name(qtbot: QtBot, sqlite_db: Database) -> None:
    window = main_window(sqlite_db, Actor("wangkj", Role.CLERK, display_name="王会计"))
    qtbot.addWidget(window)
    window.show()
    assert "王会计" in window.user_label.text() and "wangkj" not in window.user_label.text()


def test_the_command_line_operator_is_not_shown_as_cli_root(
    qtbot: QtBot, sqlite_db: Database
) -> None:
    window = main_window(sqlite_db, Actor.command_line(Role.CLERK))
    qtbot.addWidget(window)
    assert "cli:" not in window.user_label.text()
