"""Fonts and translations from resources/, registered once at start."""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from app import environment, i18n

FONT_FILE = "wqy-microhei.ttc"
# Where Qt's window-system dialogs read the date format on Linux (Qt takes the
# variable's value itself, so the locale need not be installed).
_TIME_LOCALES = {"zh_CN": "zh_CN.UTF-8", "en": "en_US.UTF-8"}


def _qt_strings_missing_from_qtbase() -> None:
    """Never called: lists, for lupdate, Qt strings whose wording changed after Qt's
    shipped Chinese translation was made (the file dialog gained mnemonics), so they
    are translated in our own file, which is asked before qtbase's."""
    QCoreApplication.translate("QFileDialog", "&Look in:")
    QCoreApplication.translate("QFileDialog", "Files of &type:")


def use_dialog_dates(language: str) -> None:
    """Dates in Qt's own file dialog in the window's language, not the C locale's
    "1 12 2026": set before the QApplication exists, and only where Qt reads it."""
    if sys.platform in ("win32", "darwin") or environment.locale_forced():
        return
    environment.set_time_locale(_TIME_LOCALES.get(language, _TIME_LOCALES["zh_CN"]))


def register_font(app: QApplication) -> str:
    """Make the bundled CJK font the application font, so Chinese renders on a PC
    (or a Linux box) that has no Chinese font of its own."""
    data = resources.files("resources").joinpath("fonts", FONT_FILE).read_bytes()
    font_id = QFontDatabase.addApplicationFontFromData(data)
    families = QFontDatabase.applicationFontFamilies(font_id)
    family = families[0] if families else app.font().family()
    app.setFont(QFont(family, 10))
    return family


# The translations' bytes, for as long as the program runs: Qt reads them in place.
_LOADED: list[bytes] = []


def _load(translator: QTranslator, path: Path) -> bool:
    """Load a .qm file's bytes, not the file: Qt maps a file it loads into memory, so a
    file rewritten while the window is open (an update installed over a running
    program) turned every translated word English, or killed the program outright
    when it shrank (SIGBUS)."""
    try:
        data = path.read_bytes()
    except OSError:
        return False
    if not translator.load(data):
        return False
    _LOADED.append(data)  # Qt keeps no copy
    return True


def install_translator(app: QApplication, language: str) -> QTranslator | None:
    """Load the window's translation and switch the core's messages too."""
    i18n.set_language(language)
    QLocale.setDefault(QLocale(language))
    if language == "en":
        return None  # the source strings are English
    # Qt's own strings (OK, Cancel, Close …) come from the translations Qt ships.
    qt_strings = QTranslator(app)
    shipped = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    if _load(qt_strings, shipped / f"qtbase_{language}.qm"):
        app.installTranslator(qt_strings)
    translator = QTranslator(app)
    data = resources.files("resources").joinpath("translations", f"ncms_{language}.qm")
    if _load(translator, Path(str(data))):
        app.installTranslator(translator)
        return translator
    return None
