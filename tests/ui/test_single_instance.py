"""A later start on the same data asks the first to come forward; on other data, or
with no first one listening, nobody answers."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from app.paths import DataPaths
from ui.single_instance import FirstInstance, ask_first_to_come_forward, server_name


def test_the_first_start_is_asked_to_come_forward(qtbot: QtBot, tmp_path: Path) -> None:
    paths = DataPaths(tmp_path / "station")
    called: list[bool] = []
    first = FirstInstance(paths, lambda: called.append(True))
    assert ask_first_to_come_forward(paths)
    qtbot.waitUntil(lambda: called == [True], timeout=5000)
    assert not ask_first_to_come_forward(DataPaths(tmp_path / "other"))
    assert server_name(paths) != server_name(DataPaths(tmp_path / "other"))
    first.server.close()
    assert not ask_first_to_come_forward(paths)
