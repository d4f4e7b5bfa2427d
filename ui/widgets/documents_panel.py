"""Captured documents of one application: add from files (dialog or drag and drop)
or from the scanner folder, each with its kind; thumbnails; size against budget.

Files are checked and normalised in the background; a refused file is named with
its reason and nothing of it is stored.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path

from PIL import UnidentifiedImageError
from PySide6.QtCore import QCoreApplication, QSize, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QIcon, QPainter, QPaintEvent, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from app.blobs.intake import MB, check_not_too_large
from app.domain.vocabulary import DocumentKind
from app.errors import NcmsError
from app.intake.applications import DOCUMENT_BUDGET_BYTES, ApplicationService
from app.intake.documents import DocumentInfo, DocumentService
from app.security.actor import Actor
from ui.dialogs.camera_dialog import CameraDialog
from ui.dialogs.document_viewer import DocumentViewer
from ui.dialogs.photo_dialog import PhotoDialog
from ui.folders import start_folder
from ui.operations import Operation, Progress
from ui.screen_fit import narrow_combo
from ui.sizes import size_text
from ui.widgets.scanner_watcher import ScannerWatcher

THUMB = 96
FILE_PATTERNS = "*.jpg *.jpeg *.png *.tif *.tiff *.bmp *.pdf"


def kind_names() -> dict[str, str]:
    """Document kinds by their display name (one translation context for every page;
    literal translate() calls so that lupdate finds them)."""
    translate = QCoreApplication.translate
    return {
        "photo": translate("DocumentKinds", "1-inch photo"),
        "id_front": translate("DocumentKinds", "ID card (front)"),
        "id_back": translate("DocumentKinds", "ID card (back)"),
        "insurance_card": translate("DocumentKinds", "Insurance card"),
        "medical_record": translate("DocumentKinds", "Medical record"),
        "discharge_record": translate("DocumentKinds", "Discharge record"),
        "diagnosis_proof": translate("DocumentKinds", "Diagnosis proof"),
        "exam_report": translate("DocumentKinds", "Examination report"),
        "other": translate("DocumentKinds", "Other"),
    }


def open_viewer(
    parent: QWidget, documents: DocumentService, document_id: uuid.UUID | None
) -> DocumentViewer | None:
    """Show one stored document (non-modal, so the clerk can keep working)."""
    document = documents.find(document_id) if document_id is not None else None
    if document is None:
        return None
    title = f"{kind_names().get(document.kind, document.kind)}  {document.original_name}"
    viewer = DocumentViewer(documents.content(document), document.media_type, title, parent)
    viewer.show()
    return viewer


class DocumentList(QListWidget):
    """One application's documents as thumbnails, each opened in the viewer with Enter
    or a double-click: the station's documents panel and the county's case files show
    this one list.

    Signals: none of its own (itemActivated opens the viewer)."""

    def __init__(self, documents: DocumentService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.documents = documents
        self.viewer: DocumentViewer | None = None  # the last one opened
        self.setObjectName("documents")
        self.setViewMode(QListWidget.ViewMode.IconMode)
        self.setIconSize(QSize(THUMB, THUMB))
        self.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.setMinimumHeight(THUMB + 40)
        self.itemActivated.connect(self.on_document_activated)
        # Said in the empty list, so that no documents reads as such, not as a fault.
        self.empty_text = ""

    def show_documents(self, application_id: uuid.UUID | None) -> int:
        """Show `application_id`'s documents (none for None); their total size in bytes."""
        self.clear()
        names = kind_names()
        total = 0
        if application_id is not None:
            for document in self.documents.of_application(application_id):
                total += document.size
                item = QListWidgetItem(
                    self._icon(document),
                    f"{names.get(document.kind, document.kind)}\n{size_text(document.size)}",
                )
                item.setToolTip(document.original_name)
                item.setData(Qt.ItemDataRole.UserRole, document.id)
                self.addItem(item)
        return total

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.count() or not self.empty_text:
            return
        painter = QPainter(self.viewport())
        painter.setPen(self.palette().placeholderText().color())
        margin = self.viewport().rect().adjusted(12, 12, -12, -12)
        flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
        painter.drawText(margin, int(flags), self.empty_text)
        painter.end()

    def _icon(self, document: DocumentInfo) -> QIcon:
        if document.media_type.startswith("image/"):
            pixmap = QPixmap()
            if pixmap.loadFromData(self.documents.content(document)):
                return QIcon(
                    pixmap.scaled(
                        THUMB,
                        THUMB,
                        Qt.AspectRatioMode.KeepAspectRatio,
                        Qt.TransformationMode.SmoothTransformation,
                    )
                )
        return self.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon)

    def on_document_activated(self, item: QListWidgetItem) -> DocumentViewer | None:
        self.viewer = open_viewer(self, self.documents, item.data(Qt.ItemDataRole.UserRole))
        return self.viewer


class DocumentsPanel(QWidget):
    """Signals: attached() after files were stored (the checklist may have changed)."""

    attached = Signal()

    def __init__(
        self,
        service: ApplicationService,
        documents: DocumentService,
        actor: Actor,
        ensure_application: Callable[[], uuid.UUID | None],
        scanner: ScannerWatcher,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.documents = documents
        self.actor = actor
        self.ensure_application = ensure_application
        self.scanner = scanner
        self.application_id: uuid.UUID | None = None
        self.setAcceptDrops(True)
        self.kind = QComboBox()
        self.kind.setObjectName("document_kind")
        for code, name in kind_names().items():
            self.kind.addItem(name, code)
        self.kind.setCurrentIndex(self.kind.findData("medical_record"))
        # Not as wide as its longest kind: the panel fits beside the form on a 1024 screen.
        narrow_combo(self.kind, 10)
        self.add_button = QPushButton(self.tr("Add files…"))
        self.camera_button = QPushButton(self.tr("Camera…"))
        self.scans = QListWidget()
        self.scans.setObjectName("scans")
        self.scans.setMaximumHeight(70)
        self.attach_scan_button = QPushButton(self.tr("Attach selected scan"))
        self.list = DocumentList(documents)
        self.budget = QLabel()
        self.budget.setObjectName("budget")
        self.progress = QProgressBar()
        self.progress.setObjectName("documents_progress")
        self.progress.hide()
        self.status = QLabel()
        self.status.setObjectName("documents_status")
        self.status.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Kind")))
        row.addWidget(self.kind, 1)
        # The buttons on a row of their own: beside the kind, the row is wider than the
        # panel has beside the form on a 1024 screen. (No word-wrapped label here: it
        # would make the scroll area above size the panel to its preferred height.)
        add_row = QHBoxLayout()
        add_row.addWidget(self.add_button)
        add_row.addWidget(self.camera_button)
        add_row.addStretch(1)
        scan_row = QHBoxLayout()
        scan_row.addWidget(self.scans, 1)
        scan_row.addWidget(self.attach_scan_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addLayout(add_row)
        hint = QLabel(self.tr("Drop files here, or add them from a folder or the scanner"))
        hint.setWordWrap(True)  # two lines in English on a 1024 screen, not a wider column
        layout.addWidget(hint)
        layout.addWidget(self.list, 1)
        layout.addWidget(QLabel(self.tr("New scans")))
        layout.addLayout(scan_row)
        layout.addWidget(self.budget)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        self.add_button.clicked.connect(self.on_add_clicked)
        self.camera_button.clicked.connect(self.on_camera_clicked)
        self.attach_scan_button.clicked.connect(self.on_attach_scan_clicked)
        self.scanner.changed.connect(self.refresh_scans)
        self.refresh_scans()
        self.show_documents(None)

    # -- showing ------------------------------------------------------------------

    def show_documents(self, application_id: uuid.UUID | None) -> None:
        self.application_id = application_id
        total = self.list.show_documents(application_id)
        over = total > DOCUMENT_BUDGET_BYTES
        self.budget.setText(
            self.tr("Documents: {0} of {1:.0f} MB").format(
                size_text(total), DOCUMENT_BUDGET_BYTES / MB
            )
        )
        self.budget.setStyleSheet("color: #b00020; font-weight: bold;" if over else "")

    def on_document_activated(self, item: QListWidgetItem) -> DocumentViewer | None:
        return self.list.on_document_activated(item)

    def refresh_scans(self) -> None:
        self.scans.clear()
        for path in self.scanner.waiting():
            item = QListWidgetItem(path.name)
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            self.scans.addItem(item)
        self.attach_scan_button.setEnabled(self.scans.count() > 0)

    # -- adding -------------------------------------------------------------------

    def on_add_clicked(self) -> None:
        file_filter = self.tr("Images and PDF ({0})").format(FILE_PATTERNS)
        scans = str(self.scanner.folder) if self.scanner.folder else None
        names, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Add documents"), start_folder(scans), file_filter
        )
        if names:
            self.add_files([Path(n) for n in names], "file")

    def on_camera_clicked(self) -> None:
        dialog = CameraDialog(self)
        if dialog.exec() == CameraDialog.DialogCode.Accepted and dialog.data is not None:
            self.add_captured(dialog.data)
        elif dialog.wants_file:
            self.on_add_clicked()

    def add_captured(self, data: bytes) -> Operation | None:
        """A camera picture: kept on disk first (see DocumentService.keep_capture)."""
        return self.add_files([self.documents.keep_capture(data)], "camera")

    def on_attach_scan_clicked(self) -> None:
        item = self.scans.currentItem() or self.scans.item(0)
        if item is not None:
            path = Path(item.data(Qt.ItemDataRole.UserRole))
            self.add_files([path], "scanner")

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.add_files(paths, "file")

    def add_files(self, paths: list[Path], source: str) -> Operation | None:
        application_id = self.ensure_application()
        if application_id is None:
            self.status.setText(
                self.tr("Enter the ID number and name first: documents belong to an application")
            )
            return None
        kind = self.kind.currentData()
        crop: tuple[int, int, int, int] | None = None
        if kind == DocumentKind.PHOTO and len(paths) == 1 and paths[0].suffix.lower() != ".pdf":
            keep, crop = self.choose_photo_crop(paths[0])
            if not keep:
                self.status.setText(self.tr("Photo not added"))
                return None
        self.status.setText(self.tr("Adding {0} file(s)…").format(len(paths)))
        self.add_button.setEnabled(False)

        def work(progress: Progress) -> tuple[list[Path], list[str]]:
            stored, refused = [], []
            for i, path in enumerate(paths):
                try:
                    check_not_too_large(path.name, path.stat().st_size)
                    self.service.attach_document(
                        self.actor,
                        application_id,
                        kind,
                        path.name,
                        path.read_bytes(),
                        source,
                        crop,
                    )
                    stored.append(path)
                except (NcmsError, OSError) as err:
                    refused.append(
                        str(err) if isinstance(err, NcmsError) else f"{path.name}: {err.strerror}"
                    )
                progress(i + 1, len(paths))
            return stored, refused

        self.progress.setRange(0, len(paths))
        self.progress.setValue(0)
        self.progress.show()
        operation = (
            Operation(work, self)
            .progress(lambda done, _total: self.progress.setValue(done))
            .success(self._on_added)
            .failure(self._on_failed)
        )
        operation.run()
        return operation

    def choose_photo_crop(self, path: Path) -> tuple[bool, tuple[int, int, int, int] | None]:
        """Ask for the 1-inch frame: (keep?, crop). A file that is not a readable
        picture skips the dialog, so the service's check names its problem."""
        try:
            dialog = PhotoDialog(path.read_bytes(), path.name, self)
        except (OSError, ValueError, SyntaxError, UnidentifiedImageError):
            return True, None
        if dialog.exec() != PhotoDialog.DialogCode.Accepted:
            return False, None
        return True, dialog.crop()

    def _on_added(self, result: tuple[list[Path], list[str]]) -> None:
        stored, refused = result
        self.add_button.setEnabled(True)
        self.progress.hide()
        if stored and any(p.parent == self.scanner.folder for p in stored):
            self.scanner.mark_taken(stored)
        self.show_documents(self.application_id)
        lines = [self.tr("{0} file(s) added").format(len(stored)), *refused]
        self.status.setText("\n".join(lines))
        self.status.setStyleSheet("color: #b00020;" if refused else "")
        self.attached.emit()

    def _on_failed(self, error: Exception) -> None:
        self.add_button.setEnabled(True)
        self.progress.hide()
        self.status.setText(
            str(error) if isinstance(error, NcmsError) else self.tr("The files could not be added")
        )
