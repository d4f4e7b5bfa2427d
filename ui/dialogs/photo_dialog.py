"""The 1-inch photo: place a 295:413 frame over the picture with the head inside the
guide oval, check the background, and keep exactly that crop.

Keys: arrows move the frame (Shift: faster), + and − resize it, Enter keeps.
"""

from __future__ import annotations

import io

from PIL import Image, ImageOps
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QImage, QKeyEvent, QMouseEvent, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.blobs.intake import PHOTO_SIZE
from ui.screen_fit import resize_to_fit

ASPECT = PHOTO_SIZE[0] / PHOTO_SIZE[1]  # 295 / 413: width over height
Crop = tuple[int, int, int, int]


def upright(data: bytes) -> Image.Image:
    """The picture as the camera saw it upright (EXIF orientation applied), as the
    service will crop it."""
    return ImageOps.exif_transpose(Image.open(io.BytesIO(data))).convert("RGB")


def background_hint(image: Image.Image, crop: Crop) -> tuple[str, tuple[int, int, int]]:
    """Average colour of the frame's top corners (behind the head): blue, white or
    other. Some counties require blue, others white: the clerk decides."""
    left, top, right, bottom = crop
    width, height = right - left, bottom - top
    patches = [
        image.crop((left, top, left + width // 5, top + height // 6)),
        image.crop((right - width // 5, top, right, top + height // 6)),
    ]
    # Averaging by shrinking each patch to one pixel.
    pixels: list[tuple[int, int, int]] = [
        p.resize((1, 1), Image.Resampling.BOX).getpixel((0, 0))  # type: ignore[misc]
        for p in patches
    ]
    r, g, b = (sum(px[i] for px in pixels) // len(pixels) for i in range(3))
    if b > 140 and b > r + 40 and b > g + 10:
        return "blue", (r, g, b)
    if min(r, g, b) > 200:
        return "white", (r, g, b)
    return "other", (r, g, b)


class CropView(QWidget):
    """The picture with the movable frame. Signals: changed(crop)."""

    changed = Signal(tuple)

    def __init__(self, image: Image.Image, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.image = image
        rgb = image.tobytes("raw", "RGB")
        qimage = QImage(
            rgb, image.width, image.height, image.width * 3, QImage.Format.Format_RGB888
        )
        self.pixmap = QPixmap.fromImage(qimage.copy())
        self.setMinimumSize(420, 420)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        height = min(image.height * 0.8, image.width * 0.8 / ASPECT)
        self.frame = QRectF(0, 0, height * ASPECT, height)
        self.frame.moveCenter(QPointF(image.width / 2, image.height / 2))
        self._drag: QPointF | None = None

    # -- geometry -----------------------------------------------------------------

    def crop(self) -> Crop:
        f = self.frame
        return (round(f.left()), round(f.top()), round(f.right()), round(f.bottom()))

    def _scale(self) -> tuple[float, QPointF]:
        scale = min(self.width() / self.image.width, self.height() / self.image.height)
        offset = QPointF(
            (self.width() - self.image.width * scale) / 2,
            (self.height() - self.image.height * scale) / 2,
        )
        return scale, offset

    def _keep_inside(self) -> None:
        f = self.frame
        if f.width() > self.image.width or f.height() > self.image.height:
            height = min(self.image.height, self.image.width / ASPECT)
            center = f.center()
            f.setSize(
                f.size().scaled(height * ASPECT, height, Qt.AspectRatioMode.IgnoreAspectRatio)
            )
            f.moveCenter(center)
        f.moveLeft(min(max(f.left(), 0), self.image.width - f.width()))
        f.moveTop(min(max(f.top(), 0), self.image.height - f.height()))
        self.update()
        self.changed.emit(self.crop())

    def move_by(self, dx: float, dy: float) -> None:
        self.frame.translate(dx, dy)
        self._keep_inside()

    def resize_by(self, factor: float) -> None:
        center = self.frame.center()
        height = max(60.0, self.frame.height() * factor)
        self.frame.setWidth(height * ASPECT)
        self.frame.setHeight(height)
        self.frame.moveCenter(center)
        self._keep_inside()

    # -- input --------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        step = self.image.width / (
            20 if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else 100
        )
        moves = {
            Qt.Key.Key_Left: (-step, 0),
            Qt.Key.Key_Right: (step, 0),
            Qt.Key.Key_Up: (0, -step),
            Qt.Key.Key_Down: (0, step),
        }
        if event.key() in moves:
            self.move_by(*moves[Qt.Key(event.key())])
        elif event.key() in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.resize_by(1.05)
        elif event.key() == Qt.Key.Key_Minus:
            self.resize_by(1 / 1.05)
        else:
            super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._drag = event.position()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drag is not None:
            scale, _ = self._scale()
            delta = (event.position() - self._drag) / scale
            self._drag = event.position()
            self.move_by(delta.x(), delta.y())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._drag = None

    # -- drawing ------------------------------------------------------------------

    def paintEvent(self, _event: object) -> None:
        scale, offset = self._scale()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        target = QRectF(offset.x(), offset.y(), self.image.width * scale, self.image.height * scale)
        painter.drawPixmap(target, self.pixmap, QRectF(self.pixmap.rect()))
        f = self.frame
        frame = QRectF(
            offset.x() + f.left() * scale,
            offset.y() + f.top() * scale,
            f.width() * scale,
            f.height() * scale,
        )
        shade = QColor(0, 0, 0, 110)  # darken what will be cut away
        painter.fillRect(
            QRectF(target.left(), target.top(), target.width(), frame.top() - target.top()), shade
        )
        painter.fillRect(
            QRectF(target.left(), frame.bottom(), target.width(), target.bottom() - frame.bottom()),
            shade,
        )
        painter.fillRect(
            QRectF(target.left(), frame.top(), frame.left() - target.left(), frame.height()), shade
        )
        painter.fillRect(
            QRectF(frame.right(), frame.top(), target.right() - frame.right(), frame.height()),
            shade,
        )
        painter.setPen(QPen(QColor("#ffeb3b"), 2))
        painter.drawRect(frame)
        # Head guide: the face fills about 60% of the width, the crown near the top.
        guide = QRectF(0, 0, frame.width() * 0.6, frame.height() * 0.55)
        guide.moveCenter(QPointF(frame.center().x(), frame.top() + frame.height() * 0.38))
        painter.setPen(QPen(QColor("#4caf50"), 2, Qt.PenStyle.DashLine))
        painter.drawEllipse(guide)
        painter.end()


class PhotoDialog(QDialog):
    def __init__(self, data: bytes, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("1-inch photo: {0}").format(name))
        self.view = CropView(upright(data))
        self.hint = QLabel()
        self.hint.setObjectName("background_hint")
        help_text = QLabel(
            self.tr(
                "Put the head inside the green oval. Arrows move the "
                "frame, + and − resize it, Enter keeps the photo."
            )
        )
        help_text.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(help_text)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.hint)
        layout.addWidget(buttons)
        self.view.changed.connect(self.on_frame_changed)
        self.on_frame_changed(self.view.crop())
        self.view.setFocus()
        resize_to_fit(self, 560, 720)  # smaller where the screen is

    def on_frame_changed(self, crop: Crop) -> None:
        kind, (r, g, b) = background_hint(self.view.image, crop)
        text = {
            "blue": self.tr("Background: blue"),
            "white": self.tr("Background: white"),
            "other": self.tr("Background is neither blue nor white: check the local rule"),
        }[kind]
        self.hint.setText(f"{text}  (RGB {r}, {g}, {b})")
        self.hint.setStyleSheet("" if kind != "other" else "color: #e65100;")

    def crop(self) -> Crop:
        return self.view.crop()
