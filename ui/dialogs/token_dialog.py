"""A station's new sync token, shown this once (the county keeps only its digest), as
`ncms peers token` prints it: large enough to read out over the phone, with a button
that copies it for an e-mail or a USB note."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class TokenDialog(QDialog):
    def __init__(self, station: str, token: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Sync token for {0}").format(station))
        intro = QLabel(
            self.tr(
                "Give this token to station {0}: its administrator enters it under "
                "Settings. It is shown only now; any earlier token of the station "
                "no longer works."
            ).format(station)
        )
        intro.setWordWrap(True)
        self.token = QLineEdit(token)
        self.token.setObjectName("token_text")
        self.token.setReadOnly(True)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSize(14)
        font.setWeight(QFont.Weight.Bold)
        self.token.setFont(font)
        self.token.setMinimumWidth(self.token.fontMetrics().horizontalAdvance(token) + 24)
        self.copy_button = QPushButton(self.tr("&Copy"))
        self.copy_button.setObjectName("copy_token")
        self.copied = QLabel()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.copy_button.clicked.connect(self.on_copy_clicked)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.token)
        layout.addWidget(self.copied)
        layout.addWidget(buttons)
        self.copy_button.setDefault(True)
        self.copy_button.setFocus()

    def on_copy_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self.token.text())
        self.copied.setText(self.tr("Copied."))
