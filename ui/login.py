"""The login dialog: user name, password, and the reason a login failed beside it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.admin.users import UserService
from app.errors import AuthenticationFailed
from app.security.actor import Actor


class LoginDialog(QDialog):
    def __init__(
        self,
        users: UserService,
        station: str,
        username: str = "",
        password: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.users = users
        self.actor: Actor | None = None
        self.setWindowTitle(self.tr("Log in"))
        self.setMinimumWidth(360)
        self.heading = heading = QLabel(station)
        heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        heading.setStyleSheet("font-size: 16pt; font-weight: bold; margin: 8px;")
        self.username = QLineEdit(username)
        self.username.setObjectName("username")
        self.password = QLineEdit(password)
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel()
        self.error.setObjectName("login_error")
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        self.error.hide()
        form = QFormLayout()
        form.addRow(self.tr("User name"), self.username)
        form.addRow(self.tr("Password"), self.password)
        form.addRow("", self.error)
        self.buttons = buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Log in"))
        ok.setDefault(True)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Quit"))
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(buttons)
        buttons.accepted.connect(self.on_login_clicked)
        buttons.rejected.connect(self.reject)
        (self.password if username else self.username).setFocus()

    def check(self, username: str, password: str) -> Actor:
        return self.users.authenticate(username, password)

    def on_login_clicked(self) -> None:
        try:
            self.actor = self.check(self.username.text(), self.password.text())
        except AuthenticationFailed as err:
            self.error.setText(str(err))
            self.error.show()
            self.password.clear()
            self.password.setFocus()
            return
        self.accept()
