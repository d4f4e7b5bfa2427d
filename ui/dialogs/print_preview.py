"""Print preview of a PDF made by app/printing: the pages as they will come out, a
printer to choose (or a PDF file, where no printer is installed), and Print.

The PDF is drawn onto the printer page by page at the printer's resolution, at its
own paper size and with no margins added, so a calibrated certificate booklet lines
up exactly as the PDF says.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from PySide6.QtCore import QPoint, QRect, QSize, QSizeF, Signal
from PySide6.QtGui import QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.printing.printouts import PrintoutService
from ui.folders import documents_folder
from ui.screen_fit import resize_to_fit

PDF_FILE = ""  # the printer choice that writes a PDF file instead
RENDER_DPI = 300


def print_file(work: Path, name: str) -> Path:
    """Where a document waiting for the preview is written (the data directory's
    work folder, so it never lands in the user's documents)."""
    folder = work / "print"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / name


def preview_form(
    parent: QWidget,
    printouts: PrintoutService,
    work: Path,
    application_id: uuid.UUID,
    kind: str,
    title: str,
    paper: str | None = None,
    copies: int = 3,
) -> PrintPreviewDialog:
    """Make one of an application's forms (app/printing/forms.py APPLICATION_FORMS;
    fast enough to wait for) and open it in the print preview, not modal."""
    from app.printing import forms  # reportlab loads on the first print, not at start
    from app.printing.pdf_base import Page

    sheet = printouts.application(application_id)
    out = print_file(work, f"{kind}-{sheet.number}.pdf")
    # Else the form's own paper: the counter's receipt is A5.
    forms.write_form(kind, sheet, out, page=Page(paper) if paper else None, copies=copies)
    preview = PrintPreviewDialog(out, f"{title} {sheet.number}", None, parent)
    preview.open()
    return preview


def printer_names() -> list[str]:
    return list(QPrinterInfo.availablePrinterNames())


def print_pdf(pdf: Path, printer: QPrinter) -> int:
    """Draw every page of `pdf` on `printer`; the number of pages printed."""
    document = QPdfDocument()
    document.load(str(pdf))
    if document.status() != QPdfDocument.Status.Ready or document.pageCount() == 0:
        raise OSError(f"cannot read {pdf.name}")
    printer.setFullPage(True)
    painter = QPainter()
    try:
        for index in range(document.pageCount()):
            points = document.pagePointSize(index)
            size = QPageSize(QSizeF(points), QPageSize.Unit.Point)
            orientation = (
                QPageLayout.Orientation.Landscape
                if points.width() > points.height()
                else QPageLayout.Orientation.Portrait
            )
            printer.setPageSize(size)
            printer.setPageOrientation(orientation)
            if index == 0:
                if not painter.begin(printer):
                    raise OSError("the printer could not start")
            elif not printer.newPage():
                raise OSError("the printer stopped")
            # Rendered at no more than 300 dpi (an A4 page is then 35 MB, not the
            # half gigabyte 1200 dpi would take on an old PC), scaled to the page.
            dpi, render_dpi = printer.resolution(), min(printer.resolution(), RENDER_DPI)
            page = QSize(round(points.width() / 72 * dpi), round(points.height() / 72 * dpi))
            image = document.render(
                index,
                QSize(
                    round(points.width() / 72 * render_dpi),
                    round(points.height() / 72 * render_dpi),
                ),
            )
            painter.drawImage(QRect(QPoint(0, 0), page), image)
    finally:
        if painter.isActive():
            painter.end()
        document.close()
    return document.pageCount()


class PrintPreviewDialog(QDialog):
    """Signals: printed(int pages) once the pages went to the printer or file."""

    printed = Signal(int)

    def __init__(
        self, pdf: Path, title: str, printer: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.pdf = pdf
        self.setWindowTitle(title)
        resize_to_fit(self, 900, 760)  # smaller where the screen is
        self.document = QPdfDocument(self)
        self.document.load(str(pdf))
        self.view = QPdfView(self)
        self.view.setObjectName("print_preview")
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setDocument(self.document)
        self.printer = QComboBox()
        self.printer.setObjectName("printer_choice")
        for name in printer_names():
            self.printer.addItem(name, name)
        self.printer.addItem(self.tr("PDF file…"), PDF_FILE)
        if printer is not None and self.printer.findData(printer) >= 0:
            self.printer.setCurrentIndex(self.printer.findData(printer))
        pages = QLabel(self.tr("{0} page(s)").format(self.document.pageCount()))
        self.message = QLabel()
        self.message.setObjectName("print_message")
        self.message.setStyleSheet("color: #b00020;")
        if self.printer.count() == 1:
            # Only "PDF file…": the clerk must know why there is no printer to pick.
            self.message.setText(
                self.tr(
                    "No printer is installed on this PC: save a PDF file and print it on "
                    "another PC, or ask the IT person to install the printer."
                )
            )
        self.print_button = QPushButton(self.tr("Print"))
        self.print_button.setObjectName("print_button")
        self.print_button.setDefault(True)
        self.print_button.clicked.connect(self.on_print_clicked)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.reject)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Printer")))
        bar.addWidget(self.printer, 1)
        bar.addWidget(pages)
        bar.addWidget(self.print_button)
        bar.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.message)
        layout.addLayout(bar)

    def chosen_printer(self) -> str:
        return str(self.printer.currentData())

    def on_print_clicked(self) -> None:
        target = self.chosen_printer()
        if target == PDF_FILE:
            name, _ = QFileDialog.getSaveFileName(
                self, self.tr("Save as PDF"), str(documents_folder() / self.pdf.name), "PDF (*.pdf)"
            )
            if not name:
                return
            self.print_to_file(Path(name))
        else:
            self.print_to_printer(target)

    def print_to_printer(self, name: str) -> bool:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPrinterName(name)
        printer.setDocName(self.windowTitle())
        return self._print(printer)

    def print_to_file(self, path: Path) -> bool:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(path))
        return self._print(printer)

    def _print(self, printer: QPrinter) -> bool:
        try:
            pages = print_pdf(self.pdf, printer)
        except OSError:
            self.message.setText(
                self.tr(
                    "Nothing was printed: check that the printer is switched on, connected "
                    "and has paper, then press Print again (or save a PDF file)."
                )
            )
            return False
        self.message.clear()
        self.printed.emit(pages)
        self.accept()
        return True
