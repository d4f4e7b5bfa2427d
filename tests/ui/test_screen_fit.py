"""The window and its dialogs fit the screens station PCs have (issue 14)."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QScreen
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.db.database import Database
from app.security.actor import Actor
from app.settings import LocalSettings
from tests.ui.helpers import main_window
from tests.ui.station_screens import station_screen
from ui.dialogs.document_viewer import DocumentViewer
from ui.main_window import MainWindow
from ui.resources import register_font


def _screen(width: int, height: int) -> QScreen:
    screen = station_screen(width, height)
    assert screen is not None, "tests/conftest.py gives the offscreen platform station screens"
    return screen


def _open(qtbot: QtBot, db: Database, actor: Actor, screen: QScreen) -> MainWindow:
    window = main_window(db, actor)
    qtbot.addWidget(window)
    window.setScreen(screen)
    window.show()
    qtbot.waitExposed(window)
    return window


def _fits(window: MainWindow, screen: QScreen) -> bool:
    return screen.availableGeometry().contains(window.frameGeometry())


def test_first_start_fills_a_1024_screen_with_the_status_bar_in_view(
    qtbot: QtBot, sqlite_db: Database, head: Actor
) -> None:
    screen = _screen(1024, 768)
    window = _open(qtbot, sqlite_db, head, screen)
    assert window.isMaximized()
    assert _fits(window, screen)
    bar = window.statusBar()
    assert bar.isVisible() and bar.height() > 0
    bottom = bar.mapToGlobal(bar.rect().bottomRight())
    assert screen.availableGeometry().contains(bottom)
    assert window.user_label.visibleRegion().boundingRect().width() > 0


def test_the_window_opens_where_it_was_closed(
    qtbot: QtBot, sqlite_db: Database, head: Actor
) -> None:
    screen = _screen(1366, 768)
    first = _open(qtbot, sqlite_db, head, screen)
    first.showNormal()
    placed = QRect(screen.geometry().x() + 60, 50, 900, 600)
    first.setGeometry(placed)
    qtbot.wait(10)
    first.close()
    second = _open(qtbot, sqlite_db, head, _screen(1024, 768))
    assert not second.isMaximized()
    assert second.geometry() == placed


def test_a_geometry_from_a_bigger_screen_is_made_to_fit(
    qtbot: QtBot, sqlite_db: Database, head: Actor
) -> None:
    screen = _screen(1024, 768)
    first = _open(qtbot, sqlite_db, head, screen)
    first.showNormal()
    first.setGeometry(QRect(screen.geometry().x() + 300, 200, 1600, 1000))
    qtbot.wait(10)
    first.close()
    second = _open(qtbot, sqlite_db, head, screen)
    assert _fits(second, screen)
    assert second.width() > 900  # shrunk to the screen, not to nothing


def test_a_geometry_off_every_screen_comes_back_onto_one(
    qtbot: QtBot, sqlite_db: Database, head: Actor, tmp_path: Path
) -> None:
    screen = _screen(1366, 768)
    first = _open(qtbot, sqlite_db, head, screen)
    first.showNormal()
    first.setGeometry(QRect(20_000, 5_000, 800, 600))
    qtbot.wait(10)
    first.close()
    assert LocalSettings.load(first.services.paths.root).window_geometry
    second = _open(qtbot, sqlite_db, head, screen)
    assert any(_fits(second, s) for s in second.screen().virtualSiblings())


def test_dashboard_cards_show_their_whole_text_at_1024(
    qtbot: QtBot, sqlite_db: Database, head: Actor
) -> None:
    window = _open(qtbot, sqlite_db, head, _screen(1024, 768))
    window.show_page("dashboard")
    qtbot.wait(10)
    page = window.dashboard_page
    for tile in page.tiles.values():
        assert tile.isVisible()
        assert tile.sizeHint().width() <= tile.width(), tile.text()
    for view in (page.state_chart, page.disease_chart):
        axis = view.chart().axes(Qt.Orientation.Vertical)[0]
        assert not axis.truncateLabels()


def _png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (10, 120, 30)).save(out, "PNG")
    return out.getvalue()


def test_document_viewer_fits_the_screen_and_closes_by_button_or_esc(
    qtbot: QtBot, sqlite_db: Database, head: Actor
) -> None:
    screen = _screen(1024, 768)
    window = _open(qtbot, sqlite_db, head, screen)
    for close in ("button", "esc"):
        viewer = DocumentViewer(_png(1200, 1700), "image/png", "scan.png", window)
        viewer.show()
        qtbot.waitExposed(viewer)
        assert screen.availableGeometry().contains(viewer.frameGeometry())
        assert viewer.close_button.isVisible()
        if close == "button":
            qtbot.mouseClick(viewer.close_button, Qt.MouseButton.LeftButton)
        else:
            qtbot.keyClick(viewer, Qt.Key.Key_Escape)
        assert not viewer.isVisible()


def test_the_counter_s_buttons_are_in_view_on_a_1024_screen(
    qtbot: QtBot, sqlite_db: Database, head: Actor
) -> None:
    """Receive is the button the clerk presses most: it must not sit below the fold,
    even under the training banner."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    register_font(app)  # the bundled font's Chinese glyphs are taller than the default's
    screen = _screen(1024, 768)
    window = main_window(sqlite_db, head, training=True)
    qtbot.addWidget(window)
    window.setScreen(screen)
    window.show()
    qtbot.waitExposed(window)
    window.nav.setCurrentRow(1)
    assert window.current_page() == "intake"
    qtbot.wait(50)
    page = window.intake_page
    # After Receive on an empty form every field shows its problem: the row stays in view.
    qtbot.mouseClick(page.receive_button, Qt.MouseButton.LeftButton)
    qtbot.wait(50)
    for button in (page.save_button, page.receive_button, page.new_button):
        shown = button.visibleRegion().boundingRect()
        assert shown.height() == button.height() and shown.width() == button.width(), button.text()
