from __future__ import annotations

from pathlib import Path

from PIL import Image
from pytestqt.qtbot import QtBot

from app import i18n
from tests.ui.screenshots import take_screenshots


def test_every_page_gets_a_screenshot(qtbot: QtBot, tmp_path: Path) -> None:
    try:
        saved = take_screenshots(tmp_path, "en", applications=20)
    finally:
        i18n.set_language("en")
    assert [p.name for p in saved][:2] == ["00-login.png", "01-dashboard.png"]
    assert len(saved) == 15  # with the form's every-problem view and the dashboard's chip
    for path in saved:
        with Image.open(path) as image:
            colours = image.convert("RGB").getcolors(1 << 24) or []
            assert image.width > 300 and len(colours) > 5  # not a blank grab
