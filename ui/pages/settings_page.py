"""Settings of this PC: the window's language and the scanner's output folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.settings import LocalSettings


class SettingsPage(QWidget):
    """Signals: scanner_folder_changed(str)."""

    scanner_folder_changed = Signal(str)

    def __init__(self, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self.settings = LocalSettings.load(data_dir)
        self.language = QComboBox()
        self.language.setObjectName("language")
        self.language.addItem("简体中文", "zh_CN")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(max(0, self.language.findData(self.settings.language)))
        self.scanner = QLineEdit(self.settings.scanner_folder)
        self.scanner.setObjectName("scanner_folder")
        browse = QPushButton(self.tr("Choose…"))
        browse.clicked.connect(self.on_browse_clicked)
        self.error = QLabel()
        self.error.setObjectName("settings_error")
        self.error.setStyleSheet("color: #b00020;")
        self.message = QLabel()
        self.message.setObjectName("settings_message")
        save = QPushButton(self.tr("Save settings"))
        save.setObjectName("save_settings")
        save.clicked.connect(self.on_save_clicked)
        folder = QHBoxLayout()
        folder.addWidget(self.scanner, 1)
        folder.addWidget(browse)
        form = QFormLayout()
        form.addRow(self.tr("Language (applies at next start)"), self.language)
        form.addRow(self.tr("Scanner folder"), folder)
        form.addRow("", self.error)
        form.addRow(self.tr("Data directory"), QLabel(str(data_dir)))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(save)
        layout.addWidget(self.message)
        layout.addStretch(1)

    def on_browse_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Scanner folder"), self.scanner.text()
        )
        if folder:
            self.scanner.setText(folder)

    def on_save_clicked(self) -> None:
        folder = self.scanner.text().strip()
        if folder and not Path(folder).is_dir():
            self.error.setText(self.tr("{0} is not a folder on this PC").format(folder))
            return
        self.error.clear()
        self.settings.language = self.language.currentData()
        self.settings.scanner_folder = folder
        self.settings.save(self.data_dir)
        self.scanner_folder_changed.emit(folder)
        self.message.setText(self.tr("Settings saved"))
