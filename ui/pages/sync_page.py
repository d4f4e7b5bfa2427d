"""Batches & sync: make the quarter's batch, carry packages to and from the county on
a removable drive, and see what went and came back."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.quarters import (
    next_quarter,
    parse_quarter,
    quarter_label,
    quarter_start,
    review_quarter,
)
from app.domain.vocabulary import ImportStatus
from app.domain.workflow import Role
from app.errors import NcmsError
from app.examination.batch_list import BatchList
from app.examination.batches import BatchService, BatchSummary
from app.intake.catalogue import CatalogueService
from app.paths import DataPaths
from app.printing.printouts import PrintoutService
from app.security.actor import Actor
from app.sync.exchange import PackageExchange
from app.sync.export import ExportResult
from app.sync.importing import ImportResult
from ui.catalogue_names import disease_names
from ui.changes import Change, Changes
from ui.dialogs.confirm import confirm
from ui.dialogs.print_preview import PrintPreviewDialog, print_file
from ui.folders import start_folder
from ui.models.batches_model import BatchesModel, BatchPreviewModel
from ui.models.packages_model import ConflictsModel, PackageHistoryModel
from ui.models.rows_model import RowRole
from ui.operations import Operation, show_failure
from ui.widgets.online_sync_box import OnlineSyncBox
from ui.widgets.tables import table_view


class BatchesSyncPage(QWidget):
    def __init__(
        self,
        batches: BatchService,
        batch_list: BatchList,
        printouts: PrintoutService,
        exchange: PackageExchange,
        catalogue: CatalogueService,
        paths: DataPaths,
        actor: Actor,
        today: Callable[[], date] = date.today,
        changes: Changes | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.batches, self.batch_list, self.printouts = batches, batch_list, printouts
        self.exchange, self.catalogue, self.paths = exchange, catalogue, paths
        self.actor, self.today = actor, today
        self.changes = changes or Changes(self)
        names = disease_names(catalogue)
        self.preview_model = BatchPreviewModel(names, self)
        self.batch_model = BatchesModel(self)
        self.history_model = PackageHistoryModel(self)
        self.conflict_model = ConflictsModel(names, self)
        self.operation: Operation | None = None
        self._build()
        self._connect_signals()
        self.refresh()

    # -- layout ------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self.page_layout = layout
        batch_box = QGroupBox(self.tr("Quarter's batch"))
        batch_layout = QVBoxLayout(batch_box)
        row = QHBoxLayout()
        self.quarter = QComboBox()
        self.quarter.setObjectName("quarter")
        rules = self.catalogue.rules()
        current = review_quarter(self.today(), rules.quarter_cutoff_day)
        start = quarter_start(self.today())
        for quarter in sorted({start, current, next_quarter(current)}):
            self.quarter.addItem(quarter_label(quarter))
        self.quarter.setCurrentText(quarter_label(current))
        self.make_button = QPushButton(self.tr("Make batch"))
        self.make_button.setObjectName("make_batch")
        row.addWidget(QLabel(self.tr("Quarter")))
        row.addWidget(self.quarter)
        self.preview_label = QLabel()
        self.preview_label.setObjectName("batch_preview")
        row.addWidget(self.preview_label, 1)
        row.addWidget(self.make_button)
        self.roster_button = QPushButton(self.tr("Print roster of selected batch…"))
        self.roster_button.setObjectName("print_roster")
        row.addWidget(self.roster_button)
        batch_layout.addLayout(row)
        # What leaves for the county is the station head's: a clerk reads so here,
        # and the services refuse it anyway.
        self.is_head = self.actor.role == Role.STATION_HEAD
        self.role_note = QLabel(
            self.tr("Making the batch and sending packages to the county are the station head's.")
        )
        self.role_note.setObjectName("role_note")
        self.role_note.setWordWrap(True)
        self.role_note.setVisible(not self.is_head)
        batch_layout.addWidget(self.role_note)
        self.roster_preview: PrintPreviewDialog | None = None
        self.preview_table = table_view(self.preview_model, "batch_by_disease")
        self.batch_table = table_view(self.batch_model, "batches")
        batch_layout.addWidget(self.preview_table, 1)
        batch_layout.addWidget(self.batch_table, 1)
        layout.addWidget(batch_box, 1)

        sync_box = QGroupBox(self.tr("Exchange with the county (removable drive)"))
        sync_layout = QVBoxLayout(sync_box)
        buttons = QHBoxLayout()
        self.export_button = QPushButton(self.tr("Export package to drive…"))
        self.export_button.setObjectName("export_package")
        self.import_button = QPushButton(self.tr("Import decision package…"))
        self.import_button.setObjectName("import_package")
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.import_button)
        buttons.addStretch(1)
        sync_layout.addLayout(buttons)
        self.progress = QProgressBar()
        self.progress.setObjectName("sync_progress")
        self.progress.hide()
        sync_layout.addWidget(self.progress)
        self.message = QLabel()
        self.message.setObjectName("sync_message")
        self.message.setWordWrap(True)
        sync_layout.addWidget(self.message)
        self.history_table = table_view(self.history_model, "package_history")
        sync_layout.addWidget(self.history_table, 1)
        layout.addWidget(sync_box, 1)
        self.sync_box = sync_box

        self.conflict_box = QGroupBox(
            self.tr("Decisions on an application changed since it was sent")
        )
        conflict_layout = QVBoxLayout(self.conflict_box)
        self.resolve_button = QPushButton(self.tr("Mark resolved…"))
        self.resolve_button.setObjectName("resolve_conflict")
        self.resolve_button.setEnabled(self.actor.role == Role.STATION_HEAD)
        self.resolve_button.setToolTip(self.tr("Station head: the older decision does not stand"))
        conflict_layout.addWidget(self.resolve_button)
        self.conflict_table = table_view(self.conflict_model, "conflicts")
        conflict_layout.addWidget(self.conflict_table, 1)
        layout.addWidget(self.conflict_box)
        if not self.is_head:
            head_only = self.tr("Only the station head makes the batch and sends packages")
            for button in (self.make_button, self.export_button):
                button.setEnabled(False)
                button.setToolTip(head_only)
            self.resolve_button.setToolTip(self.tr("Only the station head resolves a conflict"))

    def _connect_signals(self) -> None:
        self.quarter.currentIndexChanged.connect(self.refresh_preview)
        self.make_button.clicked.connect(self.on_make_clicked)
        self.roster_button.clicked.connect(self.on_roster_clicked)
        self.export_button.clicked.connect(self.on_export_clicked)
        self.import_button.clicked.connect(self.on_import_clicked)
        self.resolve_button.clicked.connect(self.on_resolve_clicked)
        self.changes.changed.connect(self.on_changed)

    def add_online_box(self, box: OnlineSyncBox) -> None:
        """The network route, above the removable drive (the window adds it at a station)."""
        self.online_box = box
        self.page_layout.insertWidget(self.page_layout.indexOf(self.sync_box), box)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not event.spontaneous():
            self.refresh()

    def on_changed(self, what: frozenset[Change]) -> None:
        if what & {Change.APPLICATION, Change.BATCH, Change.SYNC}:
            self.refresh()

    # -- content -----------------------------------------------------------------------

    def refresh(self) -> None:
        self.refresh_preview()
        self.batch_model.set_rows(self.batch_list.batches())
        self.refresh_history()
        self.refresh_conflicts()

    def on_roster_clicked(self) -> None:
        """The roster the county gets with the batch, grouped and counted by disease."""
        from app.printing.rosters import batch_roster

        rows = sorted({i.row() for i in self.batch_table.selectedIndexes()})
        if not rows:
            self.message.setText(self.tr("Choose a batch in the list first."))
            return
        batch = self.batch_model.rows[rows[0]]
        out = print_file(self.paths.work, f"roster-{batch.number}.pdf")
        batch_roster(self.printouts.batch_roster(batch.id), out)
        title = self.tr("Roster of batch {0}").format(batch.number)
        self.roster_preview = PrintPreviewDialog(out, title, None, self)
        self.roster_preview.open()

    def refresh_conflicts(self) -> None:
        self.conflict_model.set_rows(self.exchange.conflicts())
        self.conflict_box.setVisible(bool(self.conflict_model.rows))

    def on_resolve_clicked(self) -> None:
        current = self.conflict_table.currentIndex()
        if not current.isValid():
            self.message.setText(self.tr("Choose a conflict in the list first."))
            return
        note, ok = QInputDialog.getText(
            self,
            self.tr("Mark resolved"),
            self.tr("Why the county's older decision does not stand (kept in the audit log):"),
        )
        if not ok:
            return
        conflict = current.data(RowRole)
        try:
            self.exchange.resolve_conflict(self.actor, conflict.decision_id, note)
        except NcmsError as err:
            self.message.setText(str(err))
            return
        self.changes.announce(Change.SYNC)

    def selected_quarter(self) -> date:
        return parse_quarter(self.quarter.currentText())

    def refresh_preview(self) -> None:
        summary = self.batches.preview(self.selected_quarter())
        self.preview_label.setText(
            self.tr("%n accepted application(s) waiting for this batch", "", summary.applications)
        )
        self.make_button.setEnabled(self.is_head and summary.applications > 0)
        if self.is_head:
            self.make_button.setToolTip(
                "" if summary.applications else self.tr("No accepted application is waiting")
            )
        self.preview_model.set_rows(summary.by_disease)

    def refresh_history(self) -> None:
        self.history_model.set_rows(self.exchange.history())

    # -- actions -----------------------------------------------------------------------

    def on_make_clicked(self) -> None:
        quarter = self.selected_quarter()
        preview = self.batches.preview(quarter)
        if not confirm(
            self,
            self.tr("Make batch"),
            self.tr("Put %1 accepted application(s) into the batch of %2 for the county?")
            .replace("%1", str(preview.applications))
            .replace("%2", quarter_label(quarter)),
        ):
            return
        try:
            made: BatchSummary = self.batches.make(self.actor, quarter)
        except NcmsError as err:
            self.message.setText(str(err))
            return
        self.message.setText(
            self.tr("Batch %1 made with %2 application(s); export it to the drive for the county.")
            .replace("%1", made.number or "")
            .replace("%2", str(made.applications))
        )
        self.changes.announce(Change.BATCH)

    def _busy(self, busy: bool) -> None:
        self.import_button.setEnabled(not busy)
        self.export_button.setEnabled(self.is_head and not busy)
        self.make_button.setEnabled(self.is_head and not busy)
        if not busy:
            self.refresh_preview()
        self.progress.setVisible(busy)
        if busy:
            self.progress.setRange(0, 0)

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, 1000)
        self.progress.setValue(int(1000 * done / max(total, 1)))

    def _run(self, work: Callable[[Any], Any], done: Callable[[Any], None], *what: Change) -> None:
        self._busy(True)
        self.operation = (
            Operation(work, self).progress(self._on_progress).announces(self.changes, *what)
        )

        def finished(result: Any) -> None:
            self._busy(False)
            done(result)

        self.operation.success(finished)
        self.operation.failure(self._on_failed)
        self.operation.run()

    def _on_failed(self, error: Exception) -> None:
        self._busy(False)
        self.refresh_preview()
        if isinstance(error, NcmsError):
            self.message.setText(str(error))
            return
        self.message.setText(self.tr("Unexpected error: %1").replace("%1", type(error).__name__))
        show_failure(self, error)  # logged for the IT person, with the log's path

    def on_export_clicked(self, folder: str | None = None) -> None:
        if not folder:
            folder = QFileDialog.getExistingDirectory(
                self, self.tr("Choose the removable drive or folder"), start_folder()
            )
        if not folder:
            return
        try:
            # Names who it is for: a county not yet trusted is said here, plainly.
            target = Path(folder) / self.exchange.next_file_name()
        except NcmsError as err:
            self.message.setText(str(err))
            return
        self.message.setText(self.tr("Writing and checking %1 …").replace("%1", str(target)))

        def work(progress: Any) -> ExportResult:
            return self.exchange.export(self.actor, target, progress)

        self._run(work, self._on_exported, Change.SYNC)

    def _on_exported(self, result: ExportResult) -> None:
        self.message.setText(
            self.tr(
                "Package %1 written to %2 and verified by reading it back. "
                "It is safe to remove the drive."
            )
            .replace("%1", str(result.sequence))
            .replace("%2", str(result.path))
        )

    def on_import_clicked(self, path: str | None = None) -> None:
        if not path:
            path, _ = QFileDialog.getOpenFileName(
                self,
                self.tr("Choose the package from the county"),
                start_folder(),
                self.tr("Sync packages (*.ncmspkg)"),
            )
        if not path:
            return
        chosen = Path(path)

        def work(progress: Any) -> ImportResult:
            return self.exchange.import_package(self.actor, chosen, progress)

        # The county's decisions move applications and bring certificates.
        self._run(work, self._on_imported, Change.SYNC, Change.APPLICATION, Change.CERTIFICATE)

    def _on_imported(self, result: ImportResult) -> None:
        if result.status == ImportStatus.ALREADY:
            text = self.tr("This package was applied before; nothing changed.")
        elif result.status == ImportStatus.STALE:
            text = self.tr("This package is older than what is here; nothing changed.")
        else:
            changes = result.changes
            text = (
                self.tr("Package %1 from the county applied: %2 decision(s), %3 certificate(s).")
                .replace("%1", str(result.sequence))
                .replace("%2", str(changes.get("decision", 0)))
                .replace("%3", str(changes.get("certificate", 0)))
            )
            if changes.get("conflict"):
                text += " " + self.tr(
                    "%1 decision(s) concern an application changed since it was sent: "
                    "they are kept as conflicts for the station head to resolve."
                ).replace("%1", str(changes["conflict"]))
        self.message.setText(text)
