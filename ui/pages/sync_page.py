"""Batches & sync: make the quarter's batch, carry packages to and from the county on
a removable drive, and see what went and came back."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from app.db.database import Database
from app.domain.quarters import (
    next_quarter,
    parse_quarter,
    quarter_label,
    quarter_start,
    review_quarter,
)
from app.domain.vocabulary import BatchState, Direction
from app.domain.workflow import Role
from app.errors import NcmsError
from app.examination.batches import BatchService, BatchSummary
from app.intake.catalogue import CatalogueService
from app.printing.registers import list_batches
from app.security.actor import Actor
from app.sync.conflicts import list_conflicts, resolve_conflict
from app.sync.context import SyncKeys
from app.sync.export import ExportResult, ExportService
from app.sync.history import package_history, suggested_file_name
from app.sync.importing import ImportResult, ImportService
from ui.catalogue_names import disease_names
from ui.dialogs.print_preview import PrintPreviewDialog, print_file
from ui.operations import Operation
from ui.pages.register_pages import _swap, _table
from ui.widgets.online_sync_box import OnlineSyncBox


class BatchesSyncPage(QWidget):
    def __init__(
        self,
        db: Database,
        actor: Actor,
        keys: Callable[[], SyncKeys],
        today: Callable[[], date] = date.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.db, self.actor, self.keys, self.today = db, actor, keys, today
        self.batches = BatchService(db)
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
        rules = CatalogueService(self.db).rules()
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
        self.roster_preview: PrintPreviewDialog | None = None
        self.batch_layout = batch_layout
        self.preview_table: QTableWidget | None = None
        self.batch_table: QTableWidget | None = None
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
        self.sync_layout = sync_layout
        self.history_table: QTableWidget | None = None
        layout.addWidget(sync_box, 1)
        self.sync_box = sync_box

        self.conflict_box = QGroupBox(self.tr("Decisions on a file changed since it was sent"))
        conflict_layout = QVBoxLayout(self.conflict_box)
        self.resolve_button = QPushButton(self.tr("Mark resolved…"))
        self.resolve_button.setObjectName("resolve_conflict")
        self.resolve_button.setEnabled(self.actor.role == Role.STATION_HEAD)
        self.resolve_button.setToolTip(self.tr("Station head: the older decision does not stand"))
        conflict_layout.addWidget(self.resolve_button)
        self.conflict_layout = conflict_layout
        self.conflict_table: QTableWidget | None = None
        layout.addWidget(self.conflict_box)

    def _connect_signals(self) -> None:
        self.quarter.currentIndexChanged.connect(self.refresh_preview)
        self.make_button.clicked.connect(self.on_make_clicked)
        self.roster_button.clicked.connect(self.on_roster_clicked)
        self.export_button.clicked.connect(self.on_export_clicked)
        self.import_button.clicked.connect(self.on_import_clicked)
        self.resolve_button.clicked.connect(self.on_resolve_clicked)

    def add_online_box(self, box: OnlineSyncBox) -> None:
        """The network route, above the removable drive (the window adds it at a station)."""
        self.online_box = box
        self.page_layout.insertWidget(self.page_layout.indexOf(self.sync_box), box)
        box.synced.connect(self.refresh)

    # -- content -----------------------------------------------------------------------

    def refresh(self) -> None:
        self.refresh_preview()
        states: dict[str, str] = {
            BatchState.OPEN: self.tr("open"),
            BatchState.CLOSED: self.tr("ready"),
            BatchState.SENT: self.tr("sent"),
        }
        self.batch_rows = list_batches(self.db)
        rows = [
            [b.number, quarter_label(b.quarter), states.get(b.state, b.state), str(b.applications)]
            for b in self.batch_rows
        ]
        headers = [self.tr("Batch"), self.tr("Quarter"), self.tr("State"), self.tr("Applications")]
        self.batch_table = _swap(
            self.batch_layout, self.batch_table, _table(headers, rows, "batches")
        )
        self.refresh_history()
        self.refresh_conflicts()

    def on_roster_clicked(self) -> None:
        """The roster the county gets with the batch, grouped and counted by disease."""
        from app.printing.printouts import PrintoutService
        from app.printing.rosters import batch_roster

        rows = (
            sorted({i.row() for i in self.batch_table.selectedIndexes()})
            if self.batch_table
            else []
        )
        if not rows:
            self.message.setText(self.tr("Choose a batch in the list first."))
            return
        batch = self.batch_rows[rows[0]]
        out = print_file(self.db.paths.work, f"roster-{batch.number}.pdf")
        batch_roster(PrintoutService(self.db, self.today).batch_roster(batch.id), out)
        title = self.tr("Roster of batch {0}").format(batch.number)
        self.roster_preview = PrintPreviewDialog(out, title, None, self)
        self.roster_preview.open()

    def refresh_conflicts(self) -> None:
        self.conflicts = list_conflicts(self.db)
        names = disease_names(CatalogueService(self.db))
        rows = [
            [
                c.application_number,
                c.name,
                names.get(c.disease_code, c.disease_code),
                c.outcome,
                f"{c.judged_version} → {c.current_version}",
                f"{c.decided_on:%Y-%m-%d}",
            ]
            for c in self.conflicts
        ]
        headers = [
            self.tr("Application"),
            self.tr("Name"),
            self.tr("Disease"),
            self.tr("County's conclusion"),
            self.tr("Version judged → here"),
            self.tr("Decided"),
        ]
        table = _table(headers, rows, "conflicts")
        self.conflict_table = _swap(self.conflict_layout, self.conflict_table, table)
        self.conflict_box.setVisible(bool(self.conflicts))

    def on_resolve_clicked(self) -> None:
        assert self.conflict_table is not None
        row = self.conflict_table.currentRow()
        if not 0 <= row < len(self.conflicts):
            self.message.setText(self.tr("Choose a conflict in the list first."))
            return
        note, ok = QInputDialog.getText(
            self,
            self.tr("Mark resolved"),
            self.tr("Why the county's older decision does not stand (kept in the audit log):"),
        )
        if not ok:
            return
        try:
            resolve_conflict(self.db, self.actor, self.conflicts[row].decision_id, note)
        except NcmsError as err:
            self.message.setText(str(err))
            return
        self.refresh_conflicts()

    def selected_quarter(self) -> date:
        return parse_quarter(self.quarter.currentText())

    def refresh_preview(self) -> None:
        summary = self.batches.preview(self.selected_quarter())
        names = disease_names(CatalogueService(self.db))
        self.preview_label.setText(
            self.tr("%n accepted file(s) waiting for this batch", "", summary.applications)
        )
        self.make_button.setEnabled(summary.applications > 0)
        rows = [[names.get(code, code), str(count)] for code, count in summary.by_disease]
        table = _table([self.tr("Disease"), self.tr("Files")], rows, "batch_by_disease")
        self.preview_table = _swap(self.batch_layout, self.preview_table, table)

    def refresh_history(self) -> None:
        direction = {"out": self.tr("sent to"), "in": self.tr("received from")}
        rows = []
        for p in package_history(self.db):
            what = ", ".join(f"{k} {v}" for k, v in (p.changes or p.counts).items())
            if p.direction == Direction.OUT:
                status = self.tr("acknowledged") if p.acknowledged_at else self.tr("not yet")
            else:
                status = self.tr("applied")
            rows.append(
                [
                    p.recorded_at.astimezone().strftime("%Y-%m-%d %H:%M"),
                    f"{direction[p.direction]} {p.peer}",
                    str(p.sequence),
                    status,
                    what,
                    p.file_name,
                ]
            )
        headers = [
            self.tr("When"),
            self.tr("Package"),
            self.tr("No."),
            self.tr("Status"),
            self.tr("Contents"),
            self.tr("File"),
        ]
        self.history_table = _swap(
            self.sync_layout, self.history_table, _table(headers, rows, "package_history")
        )

    # -- actions -----------------------------------------------------------------------

    def on_make_clicked(self) -> None:
        quarter = self.selected_quarter()
        preview = self.batches.preview(quarter)
        answer = QMessageBox.question(
            self,
            self.tr("Make batch"),
            self.tr("Put %1 accepted file(s) into the batch of %2 for the county?")
            .replace("%1", str(preview.applications))
            .replace("%2", quarter_label(quarter)),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            made: BatchSummary = self.batches.make(self.actor, quarter)
        except NcmsError as err:
            self.message.setText(str(err))
            return
        self.message.setText(
            self.tr("Batch %1 made with %2 file(s); export it to the drive for the county.")
            .replace("%1", made.number or "")
            .replace("%2", str(made.applications))
        )
        self.refresh()

    def _busy(self, busy: bool) -> None:
        for button in (self.export_button, self.import_button, self.make_button):
            button.setEnabled(not busy)
        self.progress.setVisible(busy)
        if busy:
            self.progress.setRange(0, 0)

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, 1000)
        self.progress.setValue(int(1000 * done / max(total, 1)))

    def _run(self, work: Callable[[Any], Any], done: Callable[[Any], None]) -> None:
        self._busy(True)
        self.operation = Operation(work).progress(self._on_progress)

        def finished(result: Any) -> None:
            self._busy(False)
            done(result)

        self.operation.success(finished)
        self.operation.failure(self._on_failed)
        self.operation.run()

    def _on_failed(self, error: Exception) -> None:
        self._busy(False)
        self.refresh_preview()
        text = str(error) if isinstance(error, NcmsError) else self.tr("Unexpected error: %1")
        self.message.setText(text.replace("%1", type(error).__name__))

    def on_export_clicked(self, folder: str | None = None) -> None:
        if not folder:
            folder = QFileDialog.getExistingDirectory(
                self, self.tr("Choose the removable drive or folder")
            )
        if not folder:
            return
        target = Path(folder) / suggested_file_name(self.db)
        self.message.setText(self.tr("Writing and checking %1 …").replace("%1", str(target)))

        def work(progress: Any) -> ExportResult:
            return ExportService(self.db, self.keys()).export(self.actor, target, progress=progress)

        self._run(work, self._on_exported)

    def _on_exported(self, result: ExportResult) -> None:
        self.message.setText(
            self.tr(
                "Package %1 written to %2 and verified by reading it back. "
                "It is safe to remove the drive."
            )
            .replace("%1", str(result.sequence))
            .replace("%2", str(result.path))
        )
        self.refresh()

    def on_import_clicked(self, path: str | None = None) -> None:
        if not path:
            path, _ = QFileDialog.getOpenFileName(
                self,
                self.tr("Choose the package from the county"),
                "",
                self.tr("Sync packages (*.ncmspkg)"),
            )
        if not path:
            return
        chosen = Path(path)

        def work(progress: Any) -> ImportResult:
            return ImportService(self.db, self.keys()).import_package(
                self.actor, chosen, progress=progress
            )

        self._run(work, self._on_imported)

    def _on_imported(self, result: ImportResult) -> None:
        if result.status == "already":
            text = self.tr("This package was applied before; nothing changed.")
        elif result.status == "stale":
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
                    "%1 decision(s) concern a file changed since it was sent: "
                    "they are kept as conflicts for the station head to resolve."
                ).replace("%1", str(changes["conflict"]))
        self.message.setText(text)
        self.refresh()
