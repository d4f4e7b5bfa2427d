"""Where a file dialog opens: the clerk's scanner folder or Documents, never the
program's own folder (the working directory a shortcut started it in)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths


def documents_folder() -> Path:
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    folder = Path(found) if found else Path.home()
    return folder if folder.is_dir() else Path.home()


def start_folder(scanner_folder: str | None = None) -> str:
    """The scanner's folder when it is set and there, else Documents."""
    if scanner_folder and Path(scanner_folder).is_dir():
        return scanner_folder
    return str(documents_folder())
