from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QThreadPool
from pytestqt.qtbot import QtBot

from app.admin.users import UserService
from app.db.database import Database
from app.domain.workflow import Role
from app.security.actor import Actor
from tests.app.sync.helpers import Side, make_side, trust
from tests.ui.helpers import main_window
from tests.ui.questions import stop_answering
from ui.main_window import MainWindow


@pytest.fixture(autouse=True)
def _answerers_end_with_their_test() -> Iterator[None]:
    yield
    stop_answering()
    # A test's background work ends with it, not inside the next test's database.
    QThreadPool.globalInstance().waitForDone(30_000)


@pytest.fixture
def head(sqlite_db: Database) -> Actor:
    UserService(sqlite_db).add(
        Actor.command_line(), "head1", "station_head", "head-pass-1", display_name="王站长"
    )
    return Actor("head1", Role.STATION_HEAD, display_name="王站长")


@pytest.fixture
def window(qtbot: QtBot, sqlite_db: Database, head: Actor) -> Iterator[MainWindow]:
    main = main_window(sqlite_db, head)
    qtbot.addWidget(main)
    main.show()
    yield main


@pytest.fixture
def sides(tmp_path: Path) -> Iterator[tuple[Side, Side]]:
    """A station and its county, trusting each other."""
    station = make_side(tmp_path / "station", "station", "S001")
    county = make_side(tmp_path / "county", "county", "C4105")
    trust(station, county)
    yield station, county
    station.db.close()
    county.db.close()
