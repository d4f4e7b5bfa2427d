"""The screens station PCs have (1366×768 and 1024×768), as extra screens of Qt's
offscreen platform: tests and the screenshot script open windows on them.

The first screen is the offscreen platform's own default (800×800 at 0,0), so a
window nobody places lands where it always did. Qt reads the file only when the
application starts: QT_QPA_PLATFORM must be set before the first QApplication.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtGui import QScreen

SIZES: tuple[tuple[int, int], ...] = ((1366, 768), (1024, 768))
CONFIG = Path(__file__).with_name("station_screens.json")
PLATFORM = f"offscreen:configfile={CONFIG}"


def station_screen(width: int, height: int) -> QScreen | None:
    """The screen of that size, if the platform has one (offscreen with CONFIG)."""
    from PySide6.QtGui import QGuiApplication

    for screen in QGuiApplication.screens():
        if (screen.geometry().width(), screen.geometry().height()) == (width, height):
            return screen
    return None
