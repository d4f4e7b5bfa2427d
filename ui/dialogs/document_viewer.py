"""Looking at a captured document: zoom, rotate (the view only; the stored file is
untouched) and, for PDFs, turn pages.

Keys: Page Up / Page Down turn pages, + and − zoom, 0 fits the window, R rotates,
Esc closes.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt
from PySide6.QtGui import QImage, QKeyEvent, QPixmap, QTransform
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ui.screen_fit import resize_to_fit

ZOOM_STEP = 1.25
SCREEN_DPI = 96


class DocumentViewer(QDialog):
    def __init__(
        self, data: bytes, media_type: str, title: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        # A portrait page as tall as the screen allows (1000 does not fit 768).
        resize_to_fit(self, 900, 1000)
        self.pdf: QPdfDocument | None = None
        self.image = QImage()
        if media_type == "application/pdf":
            # The buffer must outlive the document, which reads from it lazily.
            self.buffer = QBuffer(self)
            self.buffer.setData(QByteArray(data))
            self.buffer.open(QIODevice.OpenModeFlag.ReadOnly)
            self.pdf = QPdfDocument(self)
            self.pdf.load(self.buffer)
        else:
            self.image.loadFromData(data)
        self.page = 0
        self.zoom = 1.0
        self.rotation = 0
        self.picture = QLabel()
        self.picture.setObjectName("picture")
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        scroll = QScrollArea()
        scroll.setWidget(self.picture)
        scroll.setWidgetResizable(True)
        self.page_label = QLabel()
        self.page_label.setObjectName("page_label")
        buttons = QHBoxLayout()
        for text, slot in (
            (self.tr("◀ Previous page"), self.previous_page),
            (self.tr("Next page ▶"), self.next_page),
            (self.tr("Zoom in (+)"), self.zoom_in),
            (self.tr("Zoom out (−)"), self.zoom_out),
            (self.tr("Fit (0)"), self.fit),
            (self.tr("Rotate (R)"), self.rotate),
        ):
            button = QPushButton(text)
            button.clicked.connect(slot)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys stay with the viewer
            buttons.addWidget(button)
        buttons.addWidget(self.page_label)
        buttons.addStretch(1)
        self.close_button = QPushButton(self.tr("Close (Esc)"))
        self.close_button.setObjectName("close_viewer")
        self.close_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.close_button.clicked.connect(self.reject)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(scroll, 1)
        self.fit()

    def page_count(self) -> int:
        return self.pdf.pageCount() if self.pdf is not None else 1

    def _page_image(self) -> QImage:
        if self.pdf is None:
            return self.image
        points = self.pdf.pagePointSize(self.page)
        scale = SCREEN_DPI / 72 * self.zoom
        return self.pdf.render(
            self.page,
            QSize(max(1, int(points.width() * scale)), max(1, int(points.height() * scale))),
        )

    def render(self) -> None:  # type: ignore[override]
        image = self._page_image()
        if self.pdf is None:
            image = image.scaled(
                max(1, int(image.width() * self.zoom)),
                max(1, int(image.height() * self.zoom)),
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        if self.rotation:
            image = image.transformed(QTransform().rotate(self.rotation))
        self.picture.setPixmap(QPixmap.fromImage(image))
        self.page_label.setText(self.tr("Page {0} of {1}").format(self.page + 1, self.page_count()))

    def _natural_size(self) -> QSize:
        if self.pdf is None:
            return self.image.size()
        points = self.pdf.pagePointSize(self.page)
        return QSize(int(points.width() * SCREEN_DPI / 72), int(points.height() * SCREEN_DPI / 72))

    def fit(self) -> None:
        natural = self._natural_size()
        if self.rotation % 180:
            natural.transpose()
        room = QSize(self.width() - 60, self.height() - 120)
        if natural.width() > 0 and natural.height() > 0:
            self.zoom = min(room.width() / natural.width(), room.height() / natural.height())
        self.render()

    def zoom_in(self) -> None:
        self.zoom = min(self.zoom * ZOOM_STEP, 8.0)
        self.render()

    def zoom_out(self) -> None:
        self.zoom = max(self.zoom / ZOOM_STEP, 0.1)
        self.render()

    def rotate(self) -> None:
        self.rotation = (self.rotation + 90) % 360
        self.render()

    def next_page(self) -> None:
        if self.page + 1 < self.page_count():
            self.page += 1
            self.render()

    def previous_page(self) -> None:
        if self.page > 0:
            self.page -= 1
            self.render()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        actions = {
            Qt.Key.Key_PageDown: self.next_page,
            Qt.Key.Key_PageUp: self.previous_page,
            Qt.Key.Key_Plus: self.zoom_in,
            Qt.Key.Key_Equal: self.zoom_in,
            Qt.Key.Key_Minus: self.zoom_out,
            Qt.Key.Key_0: self.fit,
            Qt.Key.Key_R: self.rotate,
        }
        action = actions.get(Qt.Key(event.key()))
        if action is not None:
            action()
        else:
            super().keyPressEvent(event)
