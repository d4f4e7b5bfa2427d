"""The station's window: its pages in the frame every window shares (ui/frame.py).

Keyboard: Ctrl+1 … Ctrl+7 open the pages in navigation order; Ctrl+L logs out;
F9 syncs with the county from any page.
"""

from __future__ import annotations

import uuid

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QWidget

from app.domain.vocabulary import InstallationRole
from app.intake.listing import ApplicationFilter
from app.intake.status import StationStatus
from app.security.actor import Actor
from app.services import Services
from ui.changes import Change
from ui.frame import PageSpec, WindowFrame
from ui.pages.applications_page import ApplicationsPage
from ui.pages.certificates_page import CertificatesPage
from ui.pages.dashboard_page import DashboardPage
from ui.pages.examination_page import ExaminationPage
from ui.pages.intake_page import IntakePage
from ui.pages.settings_page import OfficeBox
from ui.pages.sync_page import BatchesSyncPage
from ui.widgets.online_sync_box import OnlineSyncBox
from ui.widgets.scanner_watcher import ScannerWatcher
from ui.widgets.training_bar import TrainingBar


class MainWindow(WindowFrame):
    def __init__(self, services: Services, actor: Actor, training: bool = False) -> None:
        super().__init__(services, actor, training)
        s, changes = services, self.changes
        self.applications_page = ApplicationsPage(
            s.listing,
            s.applications,
            s.catalogue,
            s.exchange,
            s.printouts,
            s.appeals,
            s.paths,
            actor,
            changes,
        )
        self.dashboard_page = DashboardPage(
            s.dashboard, s.catalogue, changes=changes, backups=s.backups
        )
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
        if s.status.current().role == InstallationRole.STATION:
            # In training the address is the training county's, served by this very
            # process (app/training/online.py): practice data reaches no real county.
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
            s.printouts,
            s.paths,
            actor,
            changes=changes,
        )
        self.banner = TrainingBar(s.training_county, s.training_folder)
        self.banner.setVisible(training)
        self.assemble()
        self._connect_signals()

    def build_pages(self) -> list[PageSpec]:
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

    def top_bar(self) -> QWidget:
        return self.banner

    def status_labels(self) -> list[QLabel]:
        self.pending_label = QLabel()
        self.pending_label.setObjectName("pending_label")
        self.sync_label = QLabel()
        return [self.pending_label, self.sync_label]

    def _connect_signals(self) -> None:
        self.changes.changed.connect(self.on_changed)
        self.dashboard_page.open_filter.connect(self.on_open_filter)
        self.certificates_page.renewal_started.connect(self.on_renewal_started)
        self.settings_page.scanner_folder_changed.connect(self.scanner.watch)
        self.stack.currentChanged.connect(self.on_page_shown)
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

    def on_renewal_started(self, application_id: uuid.UUID) -> None:
        # Whatever was being typed is kept as its draft before the renewal replaces it.
        self.intake_page.on_autosave()
        self.show_page("intake")
        self.intake_page.load(application_id)
        self.intake_page.message.setText(
            self.tr(
                "Renewal {0}: prefilled from the last application. Type the new diagnosis "
                "date and take in the new materials."
            ).format(self.intake_page.number)
        )
        self.intake_page.diagnosis_date.setFocus()

    def on_page_shown(self, index: int) -> None:
        # Pages refresh themselves when shown; the intake form only needs the cursor.
        page = self.pages[index].widget
        if page is self.intake_page and not self.intake_page.id_number.text():
            self.intake_page.id_number.setFocus()  # the clerk types the ID number first

    def before_close(self) -> None:
        # Closing the window keeps the draft being typed (if the person is known).
        self.intake_page.on_autosave()
        if self.online_box is not None:
            # A sync in progress stops at once; what reached the county is kept.
            self.online_box.cancelled.set()

    def refresh_own_status(self, status: StationStatus) -> None:
        self.pending_label.setText(self.tr("To sync: {0}").format(status.pending_to_sync))
        last = (
            status.last_sync_at.astimezone().strftime("%Y-%m-%d %H:%M")
            if status.last_sync_at
            else self.tr("never")
        )
        self.sync_label.setText(self.tr("Last sync: {0}").format(last))
