"""What every window of the program shares, the station's and the county's:
navigation on the left, one page at a time in a scroll area, the user and a Log out
button in the status bar, the idle lock, the window's place remembered.

Keyboard: Ctrl+1 … Ctrl+9 open the first nine pages in navigation order and Ctrl+0
the tenth, as a browser's tabs; Ctrl+L logs out.
A window (ui/main_window.py, ui/county/county_window.py) says which pages it has
(`build_pages`), what else its status bar shows, and what to keep when it closes.
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.vocabulary import InstallationRole
from app.i18n import Term
from app.intake.status import StationStatus
from app.security.actor import Actor
from app.services import Services
from app.settings import LocalSettings
from ui.backups import BackupBox
from ui.changes import Change, Changes
from ui.db_watch import DatabaseWatch
from ui.operations import forget_connection_handler, on_connection_lost
from ui.pages.settings_page import SettingsPage
from ui.screen_fit import restore_or_maximise, saved_geometry, scrolled
from ui.widgets.connection_bar import ConnectionBar
from ui.window_lock import WindowLock

STATUS_REFRESH_MS = 30_000
NAV_WIDTH = 180


# The frame's words are looked up in one context, "WindowFrame", whichever window
# shows them: Qt's tr() would take the context of the window's own class.
@dataclass(frozen=True)
class PageSpec:
    key: str
    title: str
    widget: QWidget


class WindowFrame(QMainWindow):
    """Signals: logout_requested() when the user logs out (ui/session.py shows the login)."""

    logout_requested = Signal()

    def __init__(self, services: Services, actor: Actor, training: bool = False) -> None:
        super().__init__()
        self.services = services
        self.actor = actor
        self.training = training
        # Every page refreshes itself on what the others announce (see ui/changes.py).
        self.changes = Changes(self)
        self.setWindowTitle(
            QCoreApplication.translate("WindowFrame", "NCMS chronic-disease applications")
        )
        self._placed = False  # on its screen, at its first show (see setVisible)
        self.settings_page = SettingsPage(services.paths.root)
        if services.backups.enabled():
            self.settings_page.add_section(BackupBox(services.backups))

    # -- what a window says -----------------------------------------------------------

    def build_pages(self) -> list[PageSpec]:
        raise NotImplementedError

    def top_bar(self) -> QWidget | None:
        """A bar above the pages (the training banner), or None."""
        return None

    def status_labels(self) -> list[QLabel]:
        """The window's own labels in the status bar, after the user and installation."""
        return []

    def refresh_own_status(self, status: StationStatus) -> None:
        """Fill in `status_labels` (every half minute and on changes)."""

    def before_close(self) -> None:
        """Keep what is being typed, stop what runs in the background."""

    # -- the frame --------------------------------------------------------------------

    def assemble(self) -> None:
        """Called by the window at the end of its __init__, its pages made."""
        self.pages = self.build_pages()
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.nav.setStyleSheet(
            "QListWidget { font-size: 12pt; } QListWidget::item { padding: 10px 8px; }"
        )
        self.stack = QStackedWidget()
        for page in self.pages:
            self.nav.addItem(page.title)
            self.stack.addWidget(scrolled(page.widget))
        # As wide in English as in Chinese: a long title ("Preliminary examination")
        # goes onto two lines rather than taking the room of the pages on a 1024 screen.
        self.nav.setWordWrap(True)
        self.nav.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.nav.setFixedWidth(NAV_WIDTH)
        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.addWidget(self.nav)
        body.addWidget(self.stack, 1)
        outer = QVBoxLayout()
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        bar = self.top_bar()
        if bar is not None:
            outer.addWidget(bar)
        self.connection_bar = ConnectionBar()
        outer.addWidget(self.connection_bar)
        outer.addLayout(body, 1)
        central = QWidget()
        central.setLayout(outer)
        self.setCentralWidget(central)
        self._build_status_bar()
        self._connect_frame()
        self.nav.setCurrentRow(0)
        self.refresh_status()
        lock_after = self.settings_page.settings.lock_after_seconds
        self.lock = WindowLock(self, self.services.users, self.actor, lock_after)
        self.lock.switch_user.connect(self.logout_requested)
        self.settings_page.lock_after_changed.connect(self.lock.set_seconds)
        self._watch_database()

    def _watch_database(self) -> None:
        """Other desks' changes reach the pages; a lost database shows the banner."""
        self.db_watch = DatabaseWatch(self.services.change_feed(), parent=self)
        # Bound to the window's own methods, so the watch thread's signals are queued
        # to the window's thread (a lambda would run on the watch's).
        self.db_watch.changed_elsewhere.connect(self._on_changed_elsewhere)
        self.db_watch.lost.connect(self.connection_bar.show_lost)
        self.db_watch.restored.connect(self.connection_bar.show_restored)
        self.db_watch.restored.connect(self._on_changed_elsewhere)
        on_connection_lost(self.db_watch.report_lost)

    def _on_changed_elsewhere(self) -> None:
        self.changes.announce(Change.ELSEWHERE)

    def _build_status_bar(self) -> None:
        self.user_label = QLabel()
        self.station_label = QLabel()
        for label in (self.user_label, self.station_label, *self.status_labels()):
            label.setStyleSheet("padding: 0 12px;")
            self.statusBar().addPermanentWidget(label)
        # Beside the user's name, where a person looks to stop being that user.
        self.logout_button = QPushButton(QCoreApplication.translate("WindowFrame", "Log out"))
        self.logout_button.setObjectName("log_out")
        self.logout_button.setToolTip(
            QCoreApplication.translate(
                "WindowFrame", "Log out and let another user log in (Ctrl+L)"
            )
        )
        self.logout_button.clicked.connect(self.logout_requested)
        self.statusBar().insertPermanentWidget(1, self.logout_button)
        self.timer = QTimer(self)
        self.timer.setInterval(STATUS_REFRESH_MS)

    def _connect_frame(self) -> None:
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        # A page clicked or called up by Ctrl+N is where the clerk works next: the
        # focus goes in, so its own keys (Alt+S…) answer at once. Arrowing through
        # the list with the keyboard leaves the focus in the list.
        self.nav.itemClicked.connect(lambda _item: self.enter_page())
        self.timer.timeout.connect(self.refresh_status)
        self.timer.start()
        for index in range(min(len(self.pages), 10)):
            shortcut = QShortcut(QKeySequence(f"Ctrl+{(index + 1) % 10}"), self)
            shortcut.activated.connect(lambda row=index: self.enter_page(row))
        QShortcut(QKeySequence("Ctrl+L"), self).activated.connect(self.logout_requested)

    def refresh_status(self) -> None:
        status = self.services.status.current()
        role = str(Term(f"role.{self.actor.role.value}"))
        name = self.actor.name
        # An account with no display name reads as its role: say that once.
        shown = (
            QCoreApplication.translate("WindowFrame", "User: {0}").format(role)
            if name == role
            else None
        )
        self.user_label.setText(
            shown or QCoreApplication.translate("WindowFrame", "User: {0} ({1})").format(name, role)
        )
        where = (
            QCoreApplication.translate("WindowFrame", "County: {0} {1}")
            if status.role == InstallationRole.COUNTY
            else None
        )
        self.station_label.setText(
            (where or QCoreApplication.translate("WindowFrame", "Station: {0} {1}")).format(
                status.code, status.name
            )
        )
        self.refresh_own_status(status)

    def enter_page(self, row: int | None = None) -> None:
        """Show page `row` (the current one if None) with the focus inside it: where
        it was last, else on the page itself."""
        if row is not None:
            self.nav.setCurrentRow(row)
        page = self.stack.currentWidget()
        if isinstance(page, QScrollArea):  # a tall page scrolls on a small screen
            page = page.widget()
        if page is None:
            return
        last = page.focusWidget()
        (last if last is not None and last.isVisible() else page).setFocus(
            Qt.FocusReason.OtherFocusReason
        )

    def show_page(self, key: str) -> None:
        self.nav.setCurrentRow([p.key for p in self.pages].index(key))

    def current_page(self) -> str:
        return self.pages[self.stack.currentIndex()].key

    def setVisible(self, visible: bool) -> None:
        # Placed at the last moment, so it fits the screen it opens on (set by then).
        if visible and not self._placed:
            self._placed = True
            saved = LocalSettings.load(self.services.paths.root).window_geometry
            restore_or_maximise(self, saved)
        super().setVisible(visible)
        if visible:
            self.db_watch.start()  # a window never shown watches nothing

    def closeEvent(self, event: QCloseEvent) -> None:
        self.lock.stop()
        self.db_watch.stop()
        forget_connection_handler(self.db_watch.report_lost)
        # A closed window reads no more status: its database may be gone (a test's,
        # or the installation after a logout whose window is not deleted yet).
        self.timer.stop()
        self.before_close()
        # Read afresh: the Settings page may have saved other settings meanwhile.
        settings = LocalSettings.load(self.services.paths.root)
        settings.window_geometry = saved_geometry(self)
        with suppress(OSError):  # a full disk must not keep the window from closing
            settings.save(self.services.paths.root)
        super().closeEvent(event)
