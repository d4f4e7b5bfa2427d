from __future__ import annotations

from pathlib import Path

from PIL import Image
from pytestqt.qtbot import QtBot

from app import i18n
from tests.ui.screenshots import take_screenshots
from tests.ui.station_screens import SIZES


def test_every_page_gets_a_screenshot_at_each_station_screen_size(
    qtbot: QtBot, tmp_path: Path
) -> None:
    try:
        saved = take_screenshots(tmp_path, "en", applications=20)
    finally:
        i18n.set_language("en")
    for width, height in SIZES:
        folder = tmp_path / f"en-{width}x{height}"
        shots = [p for p in saved if p.parent == folder]
        assert [p.name for p in shots][:2] == ["00-login.png", "01-dashboard.png"]
        # 15 pages and dialogs, the form's every-problem view, the dashboard's chip,
        # the locked window and its lock dialog
        assert len(shots) == 19
        for path in shots:
            with Image.open(path) as image:
                colours = image.convert("RGB").getcolors(1 << 24) or []
                assert image.width > 300 and len(colours) > 5  # not a blank grab
                # Window and dialogs alike fit the screen they were taken on.
                assert image.width <= width and image.height <= height, path.name
