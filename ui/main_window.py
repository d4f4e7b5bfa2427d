"""The main window: navigation on the left, one page at a time, status below.

Keyboard: Ctrl+1 … Ctrl+7 open the pages in navigation order; Ctrl+L logs out.
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.vocabulary import InstallationRole
from app.i18n import Term
from app.intake.listing import ApplicationFilter
from app.security.actor import Actor
from app.services import Services
from app.settings import LocalSettings
from ui.changes import Change, Changes
from ui.pages.applications_page import ApplicationsPage
from ui.pages.certificates_page import CertificatesPage
from ui.pages.dashboard_page import DashboardPage
from ui.pages.examination_page import ExaminationPage
from ui.pages.intake_page import IntakePage
from ui.pages.settings_page import OfficeBox, SettingsPage
from ui.pages.sync_page import BatchesSyncPage
from ui.screen_fit import restore_or_maximise, saved_geometry, scrolled
from ui.widgets.online_sync_box import OnlineSyncBox
from ui.widgets.scanner_watcher import ScannerWatcher
from ui.widgets.training_bar import TrainingBar
from ui.window_lock import WindowLock

STATUS_REFRESH_MS = 30_000


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: str
    widget: QWidget


class MainWindow(QMainWindow):
    """Signals: logout_requested() when the user logs out (ui/session.py shows the login)."""

    logout_requested = Signal()

    def __init__(self, services: Services, actor: Actor, training: bool = False) -> None:
        super().__init__()
        self.services = services
        self.actor = actor
        # Every page refreshes itself on what the others announce (see ui/changes.py).
        self.changes = Changes(self)
        s, changes = services, self.changes
        self.setWindowTitle(self.tr("NCMS chronic-disease applications"))
        self._placed = False  # on its screen, at its first show (see setVisible)
        self.applications_page = ApplicationsPage(
            s.listing, s.applications, s.catalogue, s.exchange, s.printouts, s.paths, actor, changes
        )
        self.dashboard_page = DashboardPage(s.dashboard, s.catalogue, changes=changes)
        self.settings_page = SettingsPage(s.paths.root)
        self.settings_page.add_section(OfficeBox(s.printouts, actor))
        self.batches_page = BatchesSyncPage(
            s.batches,
            s.batch_list,
            s.printouts,
            s.exchange,
            s.catalogue,
            s.paths,
            actor,
            changes=changes,
        )
        self.online_box: OnlineSyncBox | None = None
        if s.status.current().role == InstallationRole.STATION and not training:
            # Training data never goes to a county: no network sync in training mode.
            self.online_box = OnlineSyncBox(s.exchange, s.paths, actor, changes=changes)
            self.batches_page.add_online_box(self.online_box)
        self.certificates_page = CertificatesPage(
            s.certificates, s.printouts, s.catalogue, s.paths, actor, changes=changes
        )
        self.scanner = ScannerWatcher(self)
        self.scanner.watch(self.settings_page.settings.scanner_folder)
        self.intake_page = IntakePage(
            s.applications,
            s.catalogue,
            s.listing,
            s.persons,
            s.documents,
            s.paths,
            actor,
            scanner=self.scanner,
            changes=changes,
            printouts=s.printouts,
        )
        self.examination_page = ExaminationPage(
            s.applications,
            s.examination,
            s.listing,
            s.catalogue,
            s.documents,
            actor,
            changes=changes,
        )
        self.pages = self._build_pages()
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
        # Wide enough for the longest title in the current language, no scrollbar.
        self.nav.setFixedWidth(max(180, self.nav.sizeHintForColumn(0) + 32))
        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.addWidget(self.nav)
        body.addWidget(self.stack, 1)
        outer = QVBoxLayout()
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self.banner = TrainingBar(s.training_county)
        self.banner.setVisible(training)
        outer.addWidget(self.banner)
        outer.addLayout(body, 1)
        central = QWidget()
        central.setLayout(outer)
        self.setCentralWidget(central)
        self._build_status_bar()
        self._connect_signals()
        self.nav.setCurrentRow(0)
        self.refresh_status()
        lock_after = self.settings_page.settings.lock_after_seconds
        self.lock = WindowLock(self, s.users, actor, lock_after)
        self.lock.switch_user.connect(self.logout_requested)
        self.settings_page.lock_after_changed.connect(self.lock.set_seconds)

    def _build_pages(self) -> list[PageSpec]:
        # "&&" shows a literal "&" where Qt would read "&" as a mnemonic.
        specs: list[tuple[str, str, QWidget]] = [
            ("dashboard", self.tr("Dashboard"), self.dashboard_page),
            ("intake", self.tr("Intake"), self.intake_page),
            ("applications", self.tr("Applications"), self.applications_page),
            ("examination", self.tr("Preliminary examination"), self.examination_page),
            ("batches", self.tr("Batches && sync"), self.batches_page),
            ("certificates", self.tr("Certificates"), self.certificates_page),
            ("settings", self.tr("Settings"), self.settings_page),
        ]
        return [PageSpec(key, title.replace("&&", "&"), page) for key, title, page in specs]

    def _build_status_bar(self) -> None:
        self.user_label = QLabel()
        self.station_label = QLabel()
        self.pending_label = QLabel()
        self.pending_label.setObjectName("pending_label")
        self.sync_label = QLabel()
        for label in (self.user_label, self.station_label, self.pending_label, self.sync_label):
            label.setStyleSheet("padding: 0 12px;")
            self.statusBar().addPermanentWidget(label)
        # Beside the user's name, where a person looks to stop being that user.
        self.logout_button = QPushButton(self.tr("Log out"))
        self.logout_button.setObjectName("log_out")
        self.logout_button.setToolTip(self.tr("Log out and let another user log in (Ctrl+L)"))
        self.logout_button.clicked.connect(self.logout_requested)
        self.statusBar().insertPermanentWidget(1, self.logout_button)
        self.timer = QTimer(self)
        self.timer.setInterval(STATUS_REFRESH_MS)

    def _connect_signals(self) -> None:
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.changes.changed.connect(self.on_changed)
        self.dashboard_page.open_filter.connect(self.on_open_filter)
        self.settings_page.scanner_folder_changed.connect(self.scanner.watch)
        self.stack.currentChanged.connect(self.on_page_shown)
        self.timer.timeout.connect(self.refresh_status)
        self.timer.start()
        for index in range(len(self.pages)):
            shortcut = QShortcut(QKeySequence(f"Ctrl+{index + 1}"), self)
            shortcut.activated.connect(lambda row=index: self.nav.setCurrentRow(row))
        QShortcut(QKeySequence("Ctrl+L"), self).activated.connect(self.logout_requested)
        # F9 syncs from any page, which then shows what it did or what is missing.
        QShortcut(QKeySequence("F9"), self).activated.connect(self.on_sync_key)

    def on_sync_key(self) -> None:
        if self.online_box is not None:
            self.show_page("batches")
            self.online_box.on_sync_clicked()

    def on_changed(self, what: frozenset[Change]) -> None:
        if what & {Change.APPLICATION, Change.BATCH, Change.SYNC}:
            self.refresh_status()

    def on_open_filter(self, flt: ApplicationFilter) -> None:
        self.show_page("applications")
        self.applications_page.show_filter(flt)

    def on_page_shown(self, index: int) -> None:
        # Pages refresh themselves when shown; the intake form only needs the cursor.
        page = self.pages[index].widget
        if page is self.intake_page and not self.intake_page.id_number.text():
            self.intake_page.id_number.setFocus()  # the clerk types the ID number first

    def setVisible(self, visible: bool) -> None:
        # Placed at the last moment, so it fits the screen it opens on (set by then).
        if visible and not self._placed:
            self._placed = True
            saved = LocalSettings.load(self.services.paths.root).window_geometry
            restore_or_maximise(self, saved)
        super().setVisible(visible)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.lock.stop()
        # Closing the window keeps the draft being typed (if the person is known).
        self.intake_page.on_autosave()
        # Read afresh: the Settings page may have saved other settings meanwhile.
        settings = LocalSettings.load(self.services.paths.root)
        settings.window_geometry = saved_geometry(self)
        with suppress(OSError):  # a full disk must not keep the window from closing
            settings.save(self.services.paths.root)
        if self.online_box is not None:
            # A sync in progress stops at once; what reached the county is kept.
            self.online_box.cancelled.set()
        super().closeEvent(event)

    def show_page(self, key: str) -> None:
        self.nav.setCurrentRow([p.key for p in self.pages].index(key))

    def current_page(self) -> str:
        return self.pages[self.stack.currentIndex()].key

    def refresh_status(self) -> None:
        status = self.services.status.current()
        role = str(Term(f"role.{self.actor.role.value}"))
        name = self.actor.name
        # An account with no display name reads as its role: say that once.
        shown = self.tr("User: {0}").format(role) if name == role else None
        self.user_label.setText(shown or self.tr("User: {0} ({1})").format(name, role))
        self.station_label.setText(self.tr("Station: {0} {1}").format(status.code, status.name))
        self.pending_label.setText(self.tr("To sync: {0}").format(status.pending_to_sync))
        last = (
            status.last_sync_at.astimezone().strftime("%Y-%m-%d %H:%M")
            if status.last_sync_at
            else self.tr("never")
        )
        self.sync_label.setText(self.tr("Last sync: {0}").format(last))
