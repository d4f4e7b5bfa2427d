"""The network sync box: syncs in the background with bytes, speed and time left,
explains a failure plainly with the package's place, and syncs by itself when the
county answers."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from app.domain.workflow import Role
from app.security import sync_tokens
from app.security.actor import Actor
from app.settings import LocalSettings
from app.sync.online.tus import LinkPolicy, Transfer
from tests.app.sync.helpers import Side
from tests.integration.faulty_proxy import Faults, FaultyProxy
from tests.integration.online_helpers import batched_with_scans, held_once
from tests.integration.service import RunningService, station_token
from tests.ui.helpers import main_window, online_box, sync_page
from ui.pages.sync_page import BatchesSyncPage

CLERK = Actor("clerk1", Role.CLERK)
HEAD = Actor("head1", Role.STATION_HEAD)
ADMIN = Actor("admin", Role.ADMIN)


@pytest.fixture
def service(sides: tuple[Side, Side]) -> Iterator[RunningService]:
    station, county = sides
    station.secrets.set(sync_tokens.STATION_KEY, station_token(county))
    with RunningService(county) as running:
        yield running


def _page(qtbot: QtBot, station: Side, actor: Actor = HEAD) -> BatchesSyncPage:
    """The Batches & sync page with the network box, as the window builds it."""
    page = sync_page(station.db, actor, lambda: station.keys)
    page.add_online_box(online_box(station.db, actor, lambda: station.secrets, page.changes))
    qtbot.addWidget(page)
    return page


def test_a_sync_runs_in_the_background_and_says_what_came_back(
    qtbot: QtBot, sides: tuple[Side, Side], service: RunningService
) -> None:
    station, county = sides
    sent = batched_with_scans(station.db, 2)
    page = _page(qtbot, station)
    box = page.online_box
    box.url.setText(service.url)
    box.on_sync_clicked()
    assert box.running and not box.sync_button.isEnabled() and not box.cancel_button.isHidden()
    qtbot.waitUntil(lambda: not box.running, timeout=60_000)
    assert "Synced at" in box.message.text(), box.message.text()
    assert held_once(county.db, sent)
    # The address is remembered on this PC.
    assert LocalSettings.load(station.db.paths.root).sync_url == service.url


def test_progress_shows_bytes_speed_and_time_left(qtbot: QtBot, sides: tuple[Side, Side]) -> None:
    page = _page(qtbot, sides[0])
    box = page.online_box
    box._busy(True)
    box._on_report("upload", Transfer(3 * 1048576, 10 * 1048576, 64 * 1024, 2))
    text = box.transfer.text()
    assert "3.0 MB of 10.0 MB" in text and "64 KB/s" in text
    assert "about 1 min 52 s left" in text and "2 reconnection(s)" in text
    assert box.progress.value() == 300 and "Sending" in box.message.text()


def test_a_bad_address_is_named_next_to_the_field(qtbot: QtBot, sides: tuple[Side, Side]) -> None:
    station = sides[0]
    page = _page(qtbot, station)
    box = page.online_box
    box.url.setText("county server")
    box.on_sync_clicked()
    assert "county's address" in box.url_error.text() and not box.running
    assert LocalSettings.load(station.db.paths.root).sync_url == ""


def test_without_a_token_the_box_says_whom_to_ask(qtbot: QtBot, sides: tuple[Side, Side]) -> None:
    page = _page(qtbot, sides[0])
    box = page.online_box
    box.url.setText("http://127.0.0.1:9")
    box.on_sync_clicked()
    assert "no sync token" in box.message.text() and not box.running


def test_the_administrator_enters_the_token(qtbot: QtBot, sides: tuple[Side, Side]) -> None:
    station, county = sides
    clerk_page = _page(qtbot, station, CLERK)
    assert not clerk_page.online_box.token_button.isEnabled()  # a clerk cannot
    page = _page(qtbot, station, ADMIN)
    box = page.online_box
    box.on_token_clicked("not a token")
    assert "32 letters" in box.message.text()
    assert station.secrets.get(sync_tokens.STATION_KEY) is None
    token = station_token(county)
    box.on_token_clicked(token.lower().replace("-", " "))
    assert "saved" in box.message.text()
    assert station.secrets.get(sync_tokens.STATION_KEY) == token


def test_when_the_county_cannot_be_reached_the_package_waits_for_the_usb_stick(
    qtbot: QtBot,
    sides: tuple[Side, Side],
    service: RunningService,
) -> None:
    station = sides[0]
    batched_with_scans(station.db, 1)
    page = _page(qtbot, station)
    box = page.online_box
    box.policy = LinkPolicy(give_up_after=0.5, first_wait=0.05)
    with FaultyProxy(service.port, Faults(refuse=True)) as proxy:
        box.url.setText(proxy.url)
        box.on_sync_clicked()
        qtbot.waitUntil(lambda: not box.running, timeout=60_000)
    text = box.message.text()
    assert "could not be reached" in text and "USB" in text
    assert str(station.db.paths.outbox) in text
    assert list(station.db.paths.outbox.glob("*.ncmspkg"))


def test_automatic_sync_starts_when_the_county_answers(
    qtbot: QtBot, sides: tuple[Side, Side], service: RunningService
) -> None:
    station, county = sides
    sent = batched_with_scans(station.db, 1)
    page = _page(qtbot, station)
    box = page.online_box
    box.url.setText(service.url)
    box.on_auto_tick()
    assert not box.running  # automatic sync is off
    box.auto.setChecked(True)
    assert LocalSettings.load(station.db.paths.root).auto_sync
    box.on_auto_tick()
    qtbot.waitUntil(lambda: "Synced at" in box.message.text(), timeout=60_000)
    assert held_once(county.db, sent)


def test_the_window_has_the_box_at_a_station_and_in_training_not_at_the_county(
    qtbot: QtBot, sides: tuple[Side, Side]
) -> None:
    station, county = sides
    window = main_window(station.db, ADMIN, secrets=lambda: station.secrets)
    qtbot.addWidget(window)
    assert window.online_box is not None
    assert window.batches_page.online_box is window.online_box
    window.close()
    assert window.online_box.cancelled.is_set()  # a sync under way stops with the window
    training = main_window(station.db, ADMIN, training=True, secrets=lambda: station.secrets)
    qtbot.addWidget(training)
    # Training syncs with the training county (tests/ui/test_training_window.py).
    assert training.online_box is not None
    county_window = main_window(county.db, Actor("cadmin", Role.COUNTY_ADMIN))
    qtbot.addWidget(county_window)
    assert county_window.online_box is None  # the county serves; it does not sync
