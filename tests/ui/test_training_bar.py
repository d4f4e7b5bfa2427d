"""Training mode in the window: the station head exports to a stick, the training
county on the banner decides the package, the answer is imported, and "start over"
asks first and then gives a fresh quarter at the next start."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from app.domain.workflow import Role
from app.security.actor import Actor
from app.services import training_services
from app.training.installation import (
    TrainingInstallation,
    TrainingPaths,
    open_training,
)
from ui.main_window import MainWindow

HEAD = Actor("training-head", Role.STATION_HEAD)


@pytest.fixture
def training(tmp_path: Path) -> Iterator[TrainingInstallation]:
    made = open_training(TrainingPaths.beside(tmp_path / "data"), applications=40)
    yield made
    made.db.close()


def _window(qtbot: QtBot, training: TrainingInstallation) -> MainWindow:
    window = MainWindow(training_services(training), HEAD, training=True)
    qtbot.addWidget(window)
    window.show()
    return window


def _click(qtbot: QtBot, window: MainWindow, name: str) -> None:
    button = window.findChild(QPushButton, name)
    assert button is not None and button.isVisible() and button.isEnabled(), name
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_a_package_goes_to_the_training_county_and_its_answer_comes_back(
    qtbot: QtBot, training: TrainingInstallation, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = _window(qtbot, training)
    assert window.banner.isVisible() and "training county" in window.banner.text()
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    window.show_page("batches")
    _click(qtbot, window, "make_batch")

    drive = tmp_path / "usb"
    drive.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(drive))
    page = window.batches_page
    _click(qtbot, window, "export_package")
    qtbot.waitUntil(lambda: "safe to remove" in page.message.text(), timeout=60_000)
    (package,) = drive.glob("*.ncmspkg")

    told: list[str] = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(package), ""))
    monkeypatch.setattr(QMessageBox, "information", lambda *a: told.append(str(a[2])))
    _click(qtbot, window, "training_answer")
    qtbot.waitUntil(lambda: bool(told), timeout=60_000)
    (answer,) = drive.glob("PX4105-to-S001-*.ncmspkg")
    assert str(answer) in told[0] and "certificate(s)" in told[0]

    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(answer), ""))
    _click(qtbot, window, "import_package")
    qtbot.waitUntil(lambda: "from the county applied" in page.message.text(), timeout=60_000)
    assert " 0 certificate(s)" not in page.message.text()


def test_start_over_asks_first_then_a_fresh_quarter_waits(
    qtbot: QtBot, training: TrainingInstallation, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = _window(qtbot, training)
    asked: list[str] = []
    quit_calls: list[bool] = []
    monkeypatch.setattr(QApplication, "quit", lambda: quit_calls.append(True))

    def answer(reply: QMessageBox.StandardButton) -> None:
        monkeypatch.setattr(QMessageBox, "question", lambda *a: asked.append(a[2]) or reply)

    answer(QMessageBox.StandardButton.No)
    _click(qtbot, window, "training_start_over")
    assert asked and "cannot be undone" in asked[0]
    assert training.paths.exists() and not quit_calls

    answer(QMessageBox.StandardButton.Yes)
    _click(qtbot, window, "training_start_over")
    assert not training.paths.exists() and quit_calls  # made afresh at the next start
