"""Every county page (and the token dialog) gets a screenshot at each screen size,
and each fits its screen."""

from __future__ import annotations

from pathlib import Path

from PIL import Image
from pytestqt.qtbot import QtBot

from tests.ui.county_screenshots import take_county_screenshots
from tests.ui.station_screens import SIZES


def test_every_county_page_fits_each_screen(qtbot: QtBot, tmp_path: Path) -> None:
    saved = take_county_screenshots(tmp_path, "en")
    for width, height in SIZES:
        shots = [p for p in saved if p.parent.name == f"county-en-{width}x{height}"]
        names = [p.name for p in shots]
        assert {
            "01-dashboard.png",
            "02-cases.png",
            "03-meeting.png",
            "04-notice.png",
            "05-certificates.png",
            "06-reports.png",
            "07-packages.png",
            "08-stations.png",
            "09-national.png",
            "n2-national-codes.png",
            "r2-reports-compliance.png",
            "s3-token-dialog.png",
        } <= set(names)
        for path in shots:
            with Image.open(path) as image:
                colours = image.convert("RGB").getcolors(1 << 24) or []
                assert image.width > 300 and len(colours) > 5  # not a blank grab
                assert image.width <= width and image.height <= height, path.name
