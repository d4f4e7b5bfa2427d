"""Fonts and translations from resources/, registered once at start."""

from __future__ import annotations

from importlib import resources

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from app import i18n

FONT_FILE = "wqy-microhei.ttc"


def register_font(app: QApplication) -> str:
    """Make the bundled CJK font the application font, so Chinese renders on a PC
    (or a Linux box) that has no Chinese font of its own."""
    data = resources.files("resources").joinpath("fonts", FONT_FILE).read_bytes()
    font_id = QFontDatabase.addApplicationFontFromData(data)
    families = QFontDatabase.applicationFontFamilies(font_id)
    family = families[0] if families else app.font().family()
    app.setFont(QFont(family, 10))
    return family


def install_translator(app: QApplication, language: str) -> QTranslator | None:
    """Load the window's translation and switch the core's messages too."""
    i18n.set_language(language)
    QLocale.setDefault(QLocale(language))
    if language == "en":
        return None  # the source strings are English
    # Qt's own strings (OK, Cancel, Close …) come from the translations Qt ships.
    qt_strings = QTranslator(app)
    if qt_strings.load(
        f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    ):
        app.installTranslator(qt_strings)
    translator = QTranslator(app)
    data = resources.files("resources").joinpath("translations", f"ncms_{language}.qm")
    if translator.load(str(data)):
        app.installTranslator(translator)
        return translator
    return None
