"""The county window's pages offscreen, as PNGs, at the screen sizes county desks
have (a county of two stations, one batch short of a file, one package refused):

    python -m tests.ui.county_screenshots [OUTDIR] [--lang zh_CN|en] [--size WxH ...]

Files go to OUTDIR/county-<lang>-<W>x<H>/NN-name.png; the screens are those of
tests/ui/screenshots.py (its docstring says how they are made).
"""

from __future__ import annotations

import argparse
import os
import tempfile
from datetime import date, timedelta
from pathlib import Path

from tests.ui.station_screens import PLATFORM, SIZES, station_screen

if os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen":
    os.environ["QT_QPA_PLATFORM"] = PLATFORM

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from app.domain.workflow import Role
from app.review.meeting import Conclusion
from app.review.notice import NoticePeriod, ObjectionEntry
from app.security.actor import Actor
from app.services import Services, build_services
from app.settings import LocalSettings
from tests.app.sync.helpers import ADMIN, county_of_two_stations
from tests.app.sync.stations_data import with_a_difference_and_a_refusal
from ui.app import make_application
from ui.county.county_window import CountyWindow
from ui.dialogs.token_dialog import TokenDialog
from ui.resources import install_translator, register_font

Size = tuple[int, int]


REVIEWER = Actor("reviewer1", Role.COUNTY_REVIEWER, display_name="李审核")
MEMBERS = ["张医生", "李医生", "王主任"]


def take_county_screenshots(
    out: Path, language: str = "zh_CN", sizes: tuple[Size, ...] = SIZES
) -> list[Path]:
    app = make_application()
    register_font(app)
    install_translator(app, language)
    county = county_of_two_stations(Path(tempfile.mkdtemp(prefix="ncms-county-shots-")))
    try:
        with_a_difference_and_a_refusal(county, county.county.root / "packages")
        side = county.county
        services = build_services(side.db, secrets=lambda: side.secrets)
        _a_notice_with_an_objection(services, side.keys.signing)
        # A meeting under way, so the Meeting page shows a case and its conclusion.
        services.meetings.open(REVIEWER, date.today(), MEMBERS)
        saved: list[Path] = []
        for width, height in sizes:
            folder = out / f"county-{language}-{width}x{height}"
            folder.mkdir(parents=True, exist_ok=True)
            saved += _shoot_at(app, folder, (width, height), services)
        return saved
    finally:
        county.close()


def _a_notice_with_an_objection(services: Services, signer: Ed25519PrivateKey) -> None:
    """A meeting that approved one case and rejected another, closed into its public
    notice, and an objection against the approval waiting to be decided; the other
    cases left for the next."""
    today = date.today()
    meeting = services.meetings.open(REVIEWER, today, MEMBERS)
    first, second, *rest = services.meetings.items(meeting.id)
    approve = Conclusion("approved", experts=tuple(MEMBERS[:2]))
    reject = Conclusion("rejected", "病历不能证明为Ⅱ期及以上高血压", tuple(MEMBERS[:2]))
    services.meetings.conclude(REVIEWER, first.id, approve, first.version)
    services.meetings.conclude(REVIEWER, second.id, reject, second.version)
    for item in rest:
        services.meetings.defer(REVIEWER, item.id, True, item.version)
    period = NoticePeriod(today, today + timedelta(days=6))
    services.meetings.close(REVIEWER, meeting.id, signer, period)
    (notice,) = services.notices.notices()
    (listed,) = services.notices.listed(notice.id)
    entry = ObjectionEntry(
        listed.number, "宜沟村村民 李某", "申请人长期在外务工，未见其就医", today
    )
    services.notices.record_objection(REVIEWER, notice.id, entry)


def _shoot_at(app: QApplication, out: Path, size: Size, services: Services) -> list[Path]:
    saved: list[Path] = []

    def shot(widget: QWidget, name: str) -> None:
        for _ in range(3):  # layouts settle in rounds (a table fits once it has its width)
            app.processEvents()
        saved.append(out / f"{name}.png")
        widget.grab().save(str(saved[-1]))

    settings = LocalSettings.load(services.paths.root)
    settings.window_geometry = ""
    settings.save(services.paths.root)
    window = CountyWindow(services, ADMIN)
    screen = station_screen(*size)
    if screen is not None:
        window.setScreen(screen)
        window.show()
    else:
        window.show()
        window.setWindowState(Qt.WindowState.WindowNoState)
        window.resize(*size)
    for index, page in enumerate(window.pages, start=1):
        window.show_page(page.key)
        shot(window, f"{index:02d}-{page.key}")
    window.show_page("reports")
    window.reports_page.tabs.setCurrentIndex(1)
    shot(window, "r2-reports-compliance")
    window.reports_page.tabs.setCurrentIndex(2)
    shot(window, "r3-reports-appeals")
    window.show_page("national")
    window.national_page.tabs.setCurrentIndex(1)
    shot(window, "n2-national-codes")
    if "stations" in [p.key for p in window.pages]:
        stations = window.stations_page
        window.show_page("stations")
        stations.table.setCurrentIndex(stations.model.index(1, 0))
        stations.tabs.setCurrentIndex(2)
        shot(window, "s2-stations-refused")
        dialog = TokenDialog("S001", "FL3G-KSIV-5LQS-LRZN-T6ID-QWRI-JUZD-QYMG", window)
        dialog.show()
        shot(dialog, "s3-token-dialog")
        dialog.close()
    window.close()
    return saved


def _size(text: str) -> Size:
    width, _, height = text.lower().partition("x")
    return int(width), int(height)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", nargs="?", default="screenshots", type=Path)
    parser.add_argument("--lang", default="zh_CN", choices=["zh_CN", "en"])
    parser.add_argument("--size", action="append", type=_size, help="WxH (default: both)")
    args = parser.parse_args()
    for path in take_county_screenshots(args.out, args.lang, tuple(args.size or SIZES)):
        print(path)


if __name__ == "__main__":
    main()
