"""Watches the scanner's output folder: new scans appear ready to attach."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, Signal

SCAN_SUFFIXES = {".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp", ".pdf"}


class ScannerWatcher(QObject):
    """Signals: changed() when the list of scans waiting to be attached changes."""

    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.folder: Path | None = None
        self.taken: set[Path] = set()  # attached this session; the files stay untouched
        self.watcher = QFileSystemWatcher(self)
        self.watcher.directoryChanged.connect(lambda _path: self.changed.emit())

    def watch(self, folder: str) -> None:
        if self.watcher.directories():
            self.watcher.removePaths(self.watcher.directories())
        self.folder = Path(folder) if folder else None
        if self.folder and self.folder.is_dir():
            self.watcher.addPath(str(self.folder))
        self.changed.emit()

    def waiting(self) -> list[Path]:
        if self.folder is None or not self.folder.is_dir():
            return []
        scans = [
            p
            for p in self.folder.iterdir()
            if p.is_file() and p.suffix.lower() in SCAN_SUFFIXES and p not in self.taken
        ]
        return sorted(scans, key=lambda p: p.stat().st_mtime)

    def mark_taken(self, paths: list[Path]) -> None:
        self.taken.update(paths)
        self.changed.emit()
