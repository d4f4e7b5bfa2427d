"""Settings of this PC: the window's language, the scanner's output folder, when an
unattended window locks and where each printer puts a certificate booklet's values."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.errors import NcmsError
from app.printing.printouts import PrintoutService
from app.security.actor import Actor
from app.settings import MAX_OFFSET_MM, LocalSettings
from ui.dialogs.print_preview import PDF_FILE, printer_names
from ui.folders import start_folder


class SettingsPage(QWidget):
    """Signals: scanner_folder_changed(str), lock_after_changed(int seconds)."""

    scanner_folder_changed = Signal(str)
    lock_after_changed = Signal(int)

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
        self.lock_after = QSpinBox()
        self.lock_after.setObjectName("lock_after")
        self.lock_after.setRange(1, 120)
        self.lock_after.setSuffix(self.tr(" min"))
        self.lock_after.setValue(max(1, round(self.settings.lock_after_seconds / 60)))
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
        form.addRow(self.tr("Lock the window after no use for"), self.lock_after)
        form.addRow("", self.error)
        form.addRow(self.tr("Data directory"), QLabel(str(data_dir)))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(save)
        layout.addWidget(self.message)
        layout.addWidget(self._calibration_box())
        self.sections = layout
        layout.addStretch(1)

    def add_section(self, box: QWidget) -> None:
        """A section kept in the database (the window adds it after login)."""
        self.sections.insertWidget(self.sections.count() - 1, box)

    def _calibration_box(self) -> QGroupBox:
        """Where each printer puts a pre-printed certificate booklet's values."""
        box = QGroupBox(self.tr("Certificate booklet printing"))
        self.calibration_printer = QComboBox()
        self.calibration_printer.setObjectName("calibration_printer")
        for name in printer_names():
            self.calibration_printer.addItem(name, name)
        self.calibration_printer.addItem(self.tr("PDF file"), PDF_FILE)
        self.offset_x, self.offset_y = QDoubleSpinBox(), QDoubleSpinBox()
        for spin, name in ((self.offset_x, "offset_x"), (self.offset_y, "offset_y")):
            spin.setObjectName(name)
            spin.setRange(-MAX_OFFSET_MM, MAX_OFFSET_MM)
            spin.setSingleStep(0.5)
            spin.setDecimals(1)
            spin.setSuffix(" mm")
        self.calibration_printer.currentIndexChanged.connect(self._show_offsets)
        save = QPushButton(self.tr("Save offsets for this printer"))
        save.setObjectName("save_offsets")
        save.clicked.connect(self.on_save_offsets)
        self.calibration_message = QLabel()
        self.calibration_message.setObjectName("calibration_message")
        how = QLabel(
            self.tr(
                "Print a certificate in booklet mode on plain paper, lay it on a booklet "
                "page against the light, and move the values by the distance they are off "
                "(right and up are positive)."
            )
        )
        how.setWordWrap(True)
        form = QFormLayout(box)
        form.addRow(how)
        form.addRow(self.tr("Printer"), self.calibration_printer)
        form.addRow(self.tr("Move right by"), self.offset_x)
        form.addRow(self.tr("Move up by"), self.offset_y)
        form.addRow("", save)
        form.addRow("", self.calibration_message)
        self._show_offsets()
        return box

    def _show_offsets(self) -> None:
        x, y = self.settings.offsets_for(str(self.calibration_printer.currentData()))
        self.offset_x.setValue(x)
        self.offset_y.setValue(y)
        self.calibration_message.clear()

    def on_save_offsets(self) -> None:
        printer = str(self.calibration_printer.currentData())
        self.settings.set_offsets(printer, self.offset_x.value(), self.offset_y.value())
        self.settings.save(self.data_dir)
        self.calibration_message.setText(
            self.tr("Saved: certificates printed on {0} move {1} mm right and {2} mm up.").format(
                self.calibration_printer.currentText(), self.offset_x.value(), self.offset_y.value()
            )
        )

    def on_browse_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Scanner folder"), start_folder(self.scanner.text())
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
        self.settings.lock_after_seconds = self.lock_after.value() * 60
        self.settings.save(self.data_dir)
        self.scanner_folder_changed.emit(folder)
        self.lock_after_changed.emit(self.settings.lock_after_seconds)
        self.message.setText(self.tr("Settings saved"))


class OfficeBox(QGroupBox):
    """The office's phone and address printed on notices and public lists (kept in
    the database: every PC of the station prints the same)."""

    def __init__(
        self,
        printouts: PrintoutService,
        actor: Actor,
        parent: QWidget | None = None,
        *,
        title: str | None = None,
        note: str | None = None,
    ) -> None:
        super().__init__(title or self.tr("Contact printed on receipts and notices"), parent)
        self.printouts, self.actor = printouts, actor
        current = printouts.office()
        self.phone = QLineEdit(current.phone)
        self.phone.setObjectName("office_phone")
        self.address = QLineEdit(current.address)
        self.address.setObjectName("office_address")
        save = QPushButton(self.tr("Save contact"))
        save.setObjectName("save_office")
        save.clicked.connect(self.on_save)
        self.message = QLabel()
        self.message.setObjectName("office_message")
        # Said where it is typed: the phone the applicant calls is the one on the receipt.
        said = QLabel(
            note
            or self.tr(
                "The phone is printed on every receipt and one-time notice; "
                "while it is empty the receipt leaves the phone line out."
            )
        )
        said.setObjectName("office_note")
        said.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(self.tr("Phone"), self.phone)
        form.addRow(self.tr("Address"), self.address)
        form.addRow("", said)
        form.addRow("", save)
        form.addRow("", self.message)

    def on_save(self) -> None:
        try:
            saved = self.printouts.save_office(self.actor, self.phone.text(), self.address.text())
        except NcmsError as err:
            self.message.setStyleSheet("color: #b00020;")
            self.message.setText(str(err))
            return
        self.message.setStyleSheet("")
        self.message.setText(self.tr("Saved: {0}").format(saved.phone or "—"))
