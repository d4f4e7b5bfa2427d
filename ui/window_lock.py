"""Locking an unattended window: counter PCs are shared and the data is personal.

After the idle time set in Settings without a key or the mouse, every window of the
program is covered (nothing readable, nothing typed is touched) and only the same
user's password opens it again; the person at the lock may instead log in as someone
else, which logs this user out.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

from app.admin.users import UserService
from app.security.actor import Actor
from ui.login import LoginDialog

INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.InputMethod,  # Chinese typed through an input method may come only so
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TabletPress,
    }
)


class LockDialog(LoginDialog):
    """The login of the user who locked: their password, or switch user.

    Esc and the title bar's close do neither: the window stays locked.
    """

    SWITCH_USER = 2  # the dialog's result when the person chose to switch user

    def __init__(self, users: UserService, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(users, "", actor.username, "", parent)
        self.heading.setText(self.tr("Locked: {0}").format(actor.name))
        self.setWindowTitle(self.tr("Window locked"))
        self.setWindowFlag(Qt.WindowType.WindowCloseButtonHint, False)
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.username.setReadOnly(True)
        ok = self.buttons.button(self.buttons.StandardButton.Ok)
        ok.setText(self.tr("Unlock"))
        switch = self.buttons.button(self.buttons.StandardButton.Cancel)
        switch.setText(self.tr("Switch user"))
        switch.setObjectName("switch_user")
        switch.setAutoDefault(False)
        switch.clicked.connect(lambda: self.done(self.SWITCH_USER))
        self.password.setFocus()

    def check(self, username: str, password: str) -> Actor:
        # Failures count towards the lockout as at login; an unlock is not a new login.
        return self.users.authenticate(username, password, login=False)

    def reject(self) -> None:
        pass  # only the password or "Switch user" leaves the lock


class Curtain(QWidget):
    """An opaque cover over one window, kept at the window's size."""

    def __init__(self, window: QWidget, text: str) -> None:
        super().__init__(window)
        self.target = window
        self.setObjectName("lock_curtain")
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor("#37474f"))
        self.setPalette(palette)
        label = QLabel(text)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setStyleSheet("font-size: 16pt; color: #ffffff;")
        QVBoxLayout(self).addWidget(label)
        window.installEventFilter(self)
        self.setGeometry(window.rect())
        self.raise_()
        self.show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.target and event.type() == QEvent.Type.Resize:
            self.setGeometry(self.target.rect())
            self.raise_()
        return False


class WindowLock(QObject):
    """Signals: switch_user() when the person at the lock chose to log in as someone else."""

    switch_user = Signal()

    def __init__(self, window: QWidget, users: UserService, actor: Actor, seconds: int) -> None:
        super().__init__(window)
        self.window, self.users, self.actor = window, users, actor
        self.dialog: LockDialog | None = None
        self.curtains: list[Curtain] = []
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.lock)
        self.set_seconds(seconds)
        application = QApplication.instance()
        assert application is not None
        # Application-wide: typing in a dialog of the window counts as using it.
        application.installEventFilter(self)

    @property
    def locked(self) -> bool:
        return self.dialog is not None

    def set_seconds(self, seconds: int) -> None:
        self.timer.setInterval(max(1, seconds) * 1000)
        if not self.locked:
            self.timer.start()

    def stop(self) -> None:
        """The window is closing: it locks no more."""
        self.timer.stop()
        application = QApplication.instance()
        if application is not None:
            application.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in INPUT_EVENTS and self.timer.isActive():
            self.timer.start()
        return False

    def lock(self) -> None:
        if self.locked:
            return
        self.timer.stop()
        while (popup := QApplication.activePopupWidget()) is not None:
            popup.close()  # an open list or menu would show over the cover
        text = self.tr("Locked")
        self.curtains = [
            Curtain(widget, text)
            for widget in QApplication.topLevelWidgets()
            if widget.isVisible() and not isinstance(widget, Curtain)
        ]
        self.dialog = LockDialog(self.users, self.actor, self.window)
        self.dialog.finished.connect(self.on_dialog_finished)
        self.dialog.open()

    def on_dialog_finished(self, result: int) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = None
        for curtain in self.curtains:
            curtain.hide()
            curtain.deleteLater()
        self.curtains = []
        if result == LockDialog.SWITCH_USER:
            self.switch_user.emit()
        else:
            self.timer.start()
