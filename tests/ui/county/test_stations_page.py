"""The county's Stations page, driven from the keyboard as the center's staff would:
each station's packages, the batch whose file never arrived named, the tampered
package with its reason, and a token issued, replaced and a station revoked (by an
administrator only), on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from app.security import sync_tokens
from app.sync.peers import PeerService
from app.sync.stations import StationService
from tests.app.sync.helpers import ADMIN, REVIEWER, County
from tests.app.sync.stations_data import with_a_difference_and_a_refusal
from tests.ui.questions import when_asked
from ui.county.stations_page import StationsPage
from ui.models.stations_model import COL_REFUSED, COL_STATION, COL_TOKEN

ALT = Qt.KeyboardModifier.AltModifier


def _page(qtbot: QtBot, county: County, actor: object = ADMIN) -> StationsPage:
    side = county.county
    page = StationsPage(StationService(side.db, lambda: side.secrets), actor)  # type: ignore[arg-type]
    qtbot.addWidget(page)
    page.resize(844, 700)  # a 1024 screen beside the navigation
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page)
    return page


def _alt(qtbot: QtBot, page: StationsPage, key: Qt.Key) -> None:
    """Alt+key on the page, once it is the active window again (after a question)."""
    page.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page)
    qtbot.keyClick(page, key, ALT)


def _cell(page: StationsPage, row: int, column: int) -> str:
    return page.model.index(row, column).data()


def _sentences(page: StationsPage) -> list[str]:
    model = page.reconciliation
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def test_the_missing_file_and_the_refused_package_are_named(
    qtbot: QtBot, county_center: County, tmp_path: Path
) -> None:
    missing = with_a_difference_and_a_refusal(county_center, tmp_path / "packages")
    page = _page(qtbot, county_center)
    assert page.count.text() == "Stations: 2"
    assert [_cell(page, r, COL_STATION) for r in range(2)] == [
        "S001 宜沟镇合管站",
        "S002 任固镇合管站",
    ]
    assert page.table.hasFocus()
    # S001, chosen first: its newest batch lacks one file, the older one agrees.
    first, older = _sentences(page)
    assert first.endswith(f"station says 3, county holds 2: {missing} missing")
    assert "agree" in older
    assert page.tabs.tabText(0) == "Reco&nciliation (1 to check)"
    assert page.audit.text().startswith("Audit head as last reported: ")
    assert page.audit.text().endswith("in package No. 2")
    qtbot.keyClick(page.table, Qt.Key.Key_Down)
    assert page.current() is not None and page.current().code == "S002"
    assert _cell(page, 1, COL_REFUSED) == "1"
    _alt(qtbot, page, Qt.Key.Key_F)
    assert page.tabs.currentIndex() == 2 and page.tabs.tabText(2) == "Re&fused (1)"
    reason = page.refused.index(0, 2).data()
    assert page.refused.index(0, 1).data() == "S002-0002-copy.ncmspkg"
    assert reason == (
        "The package entry data/application.jsonl does not match its manifest (tampered)"
    )
    _alt(qtbot, page, Qt.Key.Key_P)
    assert page.tabs.currentIndex() == 1 and page.received.rowCount() == 1


def test_an_administrator_issues_replaces_and_revokes_from_the_keyboard(
    qtbot: QtBot, county_center: County
) -> None:
    page = _page(qtbot, county_center)
    peers = PeerService(county_center.county.db)
    assert _cell(page, 0, COL_TOKEN) == "none issued"
    _alt(qtbot, page, Qt.Key.Key_T)  # Issue token: no question, the dialog
    dialog = page.token_dialog
    assert dialog is not None and dialog.isVisible(), page.message.text()
    token = dialog.token.text()
    assert sync_tokens.match(token, peers.token_digests()) == "S001"
    qtbot.keyClick(dialog, Qt.Key.Key_Return)  # Copy is the default button
    assert QApplication.clipboard().text() == token
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert _cell(page, 0, COL_TOKEN).startswith("issued ")
    assert page.token_button.text() == "Replace token…"
    # Replacing asks first; Escape keeps the token the station has.
    asked = when_asked(qtbot, lambda box: qtbot.keyClick(box, Qt.Key.Key_Escape))
    _alt(qtbot, page, Qt.Key.Key_T)
    assert asked and "stops working" in asked[0]
    assert sync_tokens.match(token, peers.token_digests()) == "S001"
    when_asked(qtbot, lambda box: box.button(QMessageBox.StandardButton.Yes).click())
    _alt(qtbot, page, Qt.Key.Key_T)
    assert page.token_dialog is not None and page.token_dialog.token.text() != token
    assert sync_tokens.match(token, peers.token_digests()) is None
    page.token_dialog.close()
    # Revoking S001 asks, then its token dies with the trust.
    asked = when_asked(qtbot, lambda box: box.button(QMessageBox.StandardButton.Yes).click())
    _alt(qtbot, page, Qt.Key.Key_V)
    assert "Stop trusting S001" in asked[0]
    assert _cell(page, 0, COL_TOKEN).startswith("revoked ")
    assert peers.token_digests() == {}
    assert not page.token_button.isEnabled() and not page.revoke_button.isEnabled()


def test_a_reviewer_sees_the_stations_but_cannot_touch_tokens(
    qtbot: QtBot, county_center: County
) -> None:
    page = _page(qtbot, county_center, REVIEWER)
    assert not page.token_button.isEnabled() and not page.revoke_button.isEnabled()
    assert "administrator" in page.token_button.toolTip()
    _alt(qtbot, page, Qt.Key.Key_T)
    assert page.token_dialog is None
    assert PeerService(county_center.county.db).token_digests() == {}
