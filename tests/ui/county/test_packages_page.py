"""The county's packages in the window: a station's package imported from a drive
(a damaged one named in a sentence, nothing changed), what each station has still
to pick up, and its package written to a drive, picked up once the station has
imported it. SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.review.meeting import MeetingService
from app.review.notice import NoticePeriod
from tests.app.review.helpers import conclude_every_kind
from tests.app.sync.helpers import REVIEWER, County
from tests.conftest import TODAY
from tests.ui.helpers import services
from ui.county.packages_page import PackagesPage
from ui.widgets.errors import ERROR_STYLE


def _figures(page: PackagesPage) -> dict[str, tuple[int, int, int]]:
    return {r.station: (r.decisions, r.certificates, r.held) for r in page.model.rows}


def test_decisions_go_out_on_a_drive_and_a_station_package_comes_in(
    qtbot: QtBot, county_center: County, tmp_path: Path
) -> None:
    db = county_center.county.db
    meetings = MeetingService(db, today=lambda: TODAY)
    meeting = conclude_every_kind(meetings)
    meetings.close(
        REVIEWER, meeting.id, county_center.county.keys.signing, NoticePeriod.after(TODAY)
    )
    page = PackagesPage(
        services(db, secrets=lambda: county_center.county.secrets).exchange, REVIEWER
    )
    qtbot.addWidget(page)
    page.show()
    # S001: the examination to pick up, its approval held; S002: its approval held.
    assert _figures(page) == {"S001": (1, 0, 1), "S002": (0, 0, 1)}
    assert page.chosen() is not None and page.chosen().station == "S001"

    drive = tmp_path / "usb"
    drive.mkdir()
    page.on_export_clicked(str(drive))
    qtbot.waitUntil(lambda: "verified" in page.message.text(), timeout=20000)
    (written,) = drive.glob("*.ncmspkg")
    assert "S001" in written.name
    assert _figures(page)["S001"] == (1, 0, 1)  # not picked up until the station says so

    # At the station, then the station's next package back: picked up.
    station = county_center.stations["S001"]
    station.import_(written)
    back = station.export(tmp_path / "back.ncmspkg")
    page.on_import_clicked(str(back.path))
    qtbot.waitUntil(lambda: "applied" in page.message.text(), timeout=20000)
    assert "from S001" in page.message.text()
    assert _figures(page)["S001"] == (0, 0, 1)

    # A damaged file: one sentence, in red, and nothing changed.
    damaged = tmp_path / "damaged.ncmspkg"
    damaged.write_bytes(b"not a package")
    page.on_import_clicked(str(damaged))
    qtbot.waitUntil(lambda: page.import_button.isEnabled(), timeout=20000)
    assert page.message.styleSheet() == ERROR_STYLE
    said = page.message.text()
    assert said and "Unexpected" not in said and "Traceback" not in said
    assert _figures(page)["S001"] == (0, 0, 1)
    assert QApplication.activeModalWidget() is None  # no unexpected-error box
