"""Taking a picture with the station's camera: choose the device, see the live
image, capture. Without a camera the dialog says so and points to the other ways
(a file, or the scanner folder)."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QImage
from PySide6.QtMultimedia import QCamera, QImageCapture, QMediaCaptureSession, QMediaDevices
from PySide6.QtMultimediaWidgets import QVideoWidget
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.screen_fit import resize_to_fit


def jpeg_bytes(image: QImage, quality: int = 92) -> bytes:
    """The captured frame as JPEG (normalised again on storing, like any picture)."""
    array = QByteArray()
    buffer = QBuffer(array)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "JPEG", quality)  # type: ignore[call-overload]
    buffer.close()
    return bytes(array.data())


class CameraDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Camera"))
        resize_to_fit(self, 720, 620)  # smaller where the screen is
        self.data: bytes | None = None
        self.wants_file = False  # no camera: the clerk chose to add a file instead
        self.devices = QMediaDevices.videoInputs()
        self.device = QComboBox()
        self.device.setObjectName("camera_device")
        for device in self.devices:
            self.device.addItem(device.description())
        self.preview = QVideoWidget()
        self.notice = QLabel()
        self.notice.setObjectName("camera_notice")
        self.notice.setWordWrap(True)
        self.capture_button = QPushButton(self.tr("Take picture (Space)"))
        self.capture_button.setObjectName("capture")
        self.capture_button.setShortcut(Qt.Key.Key_Space)
        self.file_button = QPushButton(self.tr("Add from a file instead…"))
        self.file_button.setObjectName("use_file")
        self.file_button.clicked.connect(self.on_use_file_clicked)
        self.file_button.setVisible(not self.devices)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Camera")))
        row.addWidget(self.device, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.file_button)
        buttons.addWidget(self.capture_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.notice)
        layout.addLayout(buttons)
        self.session = QMediaCaptureSession(self)
        self.capture = QImageCapture(self)
        self.session.setImageCapture(self.capture)
        self.session.setVideoOutput(self.preview)
        self.camera: QCamera | None = None
        self.capture_button.clicked.connect(self.on_capture_clicked)
        self.capture.imageCaptured.connect(self.on_image_captured)
        self.capture.errorOccurred.connect(lambda _id, _error, text: self.notice.setText(text))
        self.device.currentIndexChanged.connect(self.on_device_changed)
        if not self.devices:
            self.notice.setText(
                self.tr(
                    "No camera found. Add the picture from a file, or "
                    "scan it into the scanner folder."
                )
            )
            self.capture_button.setEnabled(False)
            self.device.setEnabled(False)
        else:
            self.on_device_changed(0)

    def on_use_file_clicked(self) -> None:
        self.wants_file = True
        self.reject()

    def on_device_changed(self, index: int) -> None:
        if self.camera is not None:
            self.camera.stop()
        self.camera = QCamera(self.devices[index], self)
        self.camera.errorOccurred.connect(lambda _e, text: self.notice.setText(text))
        self.session.setCamera(self.camera)
        self.camera.start()

    def on_capture_clicked(self) -> None:
        if self.capture.isReadyForCapture():
            self.capture.capture()

    def on_image_captured(self, _request: int, image: QImage) -> None:
        self.data = jpeg_bytes(image)
        self.accept()

    def done(self, result: int) -> None:
        if self.camera is not None:
            self.camera.stop()  # release the device for the next applicant
        super().done(result)
