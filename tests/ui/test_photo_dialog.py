from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.blobs.intake import PHOTO_SIZE
from ui.dialogs.photo_dialog import ASPECT, PhotoDialog, background_hint


def _portrait(background: tuple[int, int, int]) -> bytes:
    image = Image.new("RGB", (1200, 1600), background)
    ImageDraw.Draw(image).ellipse((450, 400, 750, 800), fill=(220, 180, 150))
    out = io.BytesIO()
    image.save(out, "JPEG")
    return out.getvalue()


def test_frame_keeps_the_aspect_and_stays_inside(qtbot: QtBot) -> None:
    dialog = PhotoDialog(_portrait((40, 90, 200)), "face.jpg")
    qtbot.addWidget(dialog)
    dialog.show()
    view = dialog.view
    left, top, right, bottom = dialog.crop()
    assert abs((right - left) / (bottom - top) - ASPECT) < 0.01
    qtbot.keyClick(view, Qt.Key.Key_Minus)
    smaller = dialog.crop()
    assert smaller[2] - smaller[0] < right - left
    for _ in range(50):
        qtbot.keyClick(view, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)
        qtbot.keyClick(view, Qt.Key.Key_Up, Qt.KeyboardModifier.ShiftModifier)
    assert dialog.crop()[:2] == (0, 0)  # pushed into the corner, never beyond
    for _ in range(60):
        qtbot.keyClick(view, Qt.Key.Key_Plus)
    left, top, right, bottom = dialog.crop()
    assert right <= 1200 and bottom <= 1600
    assert abs((right - left) / (bottom - top) - ASPECT) < 0.01


@pytest.mark.parametrize(
    ("background", "kind"),
    [((40, 90, 200), "blue"), ((250, 250, 250), "white"), ((200, 40, 40), "other")],
)
def test_background_hint(qtbot: QtBot, background: tuple[int, int, int], kind: str) -> None:
    image = Image.open(io.BytesIO(_portrait(background)))
    assert background_hint(image, (300, 200, 900, 1040))[0] == kind
    dialog = PhotoDialog(_portrait(background), "face.jpg")
    qtbot.addWidget(dialog)
    expected = {
        "blue": "Background: blue",
        "white": "Background: white",
        "other": "neither blue nor white",
    }[kind]
    assert expected in dialog.hint.text()


def test_chosen_frame_becomes_the_stored_photo(qtbot: QtBot, tmp_path: Path) -> None:
    from app.blobs.intake import prepare_photo

    data = _portrait((40, 90, 200))
    dialog = PhotoDialog(data, "face.jpg")
    qtbot.addWidget(dialog)
    prepared = prepare_photo("face.jpg", data, dialog.crop())
    assert (prepared.width, prepared.height) == PHOTO_SIZE
