"""Who is at the window: the login, the window of that user, and logging out to the
login again without restarting the program (counter PCs are shared)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from app.domain.vocabulary import InstallationRole
from app.security.actor import Actor
from app.services import Services
from ui.changes import Change
from ui.county.county_window import CountyWindow
from ui.frame import WindowFrame
from ui.login import LoginDialog
from ui.main_window import MainWindow


def _owned_by(widget: QWidget, window: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if parent is window:
            return True
        parent = parent.parentWidget()
    return False


class Session(QObject):
    def __init__(
        self,
        services: Services,
        training: bool = False,
        quit_program: Callable[[], None] = QApplication.quit,
    ) -> None:
        super().__init__()
        self.services, self.training, self.quit_program = services, training, quit_program
        self.window: WindowFrame | None = None
        self.login: LoginDialog | None = None
        self._closed: WindowFrame | None = None

    def start(self, username: str = "", password: str = "") -> bool:
        """The first login, before the event loop runs; False when it was cancelled."""
        login = LoginDialog(self.services.users, self.services.title(), username, password)
        self.login = login  # a second start brings it forward meanwhile
        try:
            if login.exec() != QDialog.DialogCode.Accepted or login.actor is None:
                return False
        finally:
            self.login = None
        self.open_window(login.actor)
        return True

    def open_window(self, actor: Actor) -> None:
        """The window of a user who has just logged in."""
        county = self.services.status.current().role == InstallationRole.COUNTY
        kind = CountyWindow if county else MainWindow
        window = kind(self.services, actor, training=self.training)
        window.logout_requested.connect(self.log_out)
        window.show()
        # After the login dialog closes, make sure the keyboard goes to the main window
        # (the clerk starts typing at once; Windows may otherwise leave it behind).
        window.raise_()
        window.activateWindow()
        self.window = window

    def come_forward(self) -> None:
        """A second start on this data: the window (or the login) comes to the front."""
        target = self.window if self.window is not None else self.login
        if target is None:
            return
        if target.isMinimized():
            target.showNormal()
        target.raise_()
        target.activateWindow()

    def on_backed_up(self) -> None:
        """The dashboards' "last backup" line is stale now."""
        if self.window is not None:
            self.window.changes.announce(Change.ELSEWHERE)

    def log_out(self) -> None:
        """Close this user's window (its draft is kept) and ask who comes next."""
        window, self.window = self.window, None
        if window is None:
            return
        # Shown before the window closes, so the program does not end with its last window.
        self.login = LoginDialog(self.services.users, self.services.title())
        self.login.finished.connect(self.on_login_finished)
        self.login.open()
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QDialog) and widget.isVisible() and _owned_by(widget, window):
                widget.reject()
        window.close()
        self.login.raise_()
        self.login.activateWindow()  # the next user types at once
        # Deleted once the next login is answered: a question it asked may still be
        # unwinding its own event loop now.
        self._closed = window

    def on_login_finished(self, result: int) -> None:
        login, self.login = self.login, None
        if self._closed is not None:
            self._closed.deleteLater()
            self._closed = None
        if login is None:
            return
        login.deleteLater()
        if result == QDialog.DialogCode.Accepted and login.actor is not None:
            self.open_window(login.actor)
        else:
            self.quit_program()
