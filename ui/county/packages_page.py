"""Packages: what comes in from the stations and what goes back to them on a removable
drive. A station's package brought on a USB stick is imported here (the same
checks as `ncms import`: a refused one is named in one sentence and changes
nothing); per station, the decisions and certificates it has still to pick up —
on a drive written here, or at its next online sync — those a running public
notice holds back, and the last package made for it.

Keyboard: the stations table has the focus; Alt+I imports a package, Alt+E writes
the chosen station's package to a drive, F5 reads everything again.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.vocabulary import ImportStatus
from app.errors import NcmsError
from app.security.actor import Actor
from app.sync.exchange import PackageExchange
from app.sync.export import ExportResult
from app.sync.importing import ImportResult
from app.sync.outgoing import Outgoing, outgoing
from ui.changes import Change, Changes
from ui.folders import start_folder
from ui.models.stations_model import OutgoingModel
from ui.operations import Operation, show_failure
from ui.widgets.errors import ERROR_STYLE
from ui.widgets.tables import table_view


class PackagesPage(QWidget):
    def __init__(
        self,
        exchange: PackageExchange,
        actor: Actor,
        changes: Changes | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.exchange, self.actor = exchange, actor
        self.changes = changes or Changes(self)
        self.model = OutgoingModel(self)
        self.operation: Operation | None = None
        self.import_button = QPushButton(self.tr("Import a station's package…"))
        self.import_button.setObjectName("import_package")
        self.import_button.setToolTip(self.tr("A package brought on a drive (Alt+I)"))
        self.export_button = QPushButton(self.tr("Write the chosen station's package to a drive…"))
        self.export_button.setObjectName("export_package")
        self.export_button.setToolTip(
            self.tr(
                "Its decisions and certificates, for a station that does not sync online (Alt+E)"
            )
        )
        top = QHBoxLayout()
        top.addWidget(self.import_button)
        top.addWidget(self.export_button)
        top.addStretch(1)
        self.table = table_view(self.model, "outgoing_table")
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.progress = QProgressBar()
        self.progress.setObjectName("packages_progress")
        self.progress.hide()
        self.message = QLabel()
        self.message.setObjectName("packages_message")
        self.message.setWordWrap(True)
        note = QLabel(
            self.tr(
                "A station that syncs online picks up its decisions by itself; a certificate "
                "held for a running public notice goes once the notice is closed."
            )
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addWidget(note)
        self.import_button.clicked.connect(lambda: self.on_import_clicked())
        self.export_button.clicked.connect(lambda: self.on_export_clicked())
        for keys, slot in (
            ("Alt+I", self.on_import_clicked),
            ("Alt+E", self.on_export_clicked),
            ("F5", self.refresh),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self.changes.changed.connect(self._on_changes)
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    def _on_changes(self, what: frozenset[Change]) -> None:
        if what & {
            Change.SYNC,
            Change.NOTICE,
            Change.APPLICATION,
            Change.CERTIFICATE,
            Change.ELSEWHERE,
        }:
            self.refresh()

    def refresh(self) -> None:
        chosen = self.chosen()
        self.model.set_rows(outgoing(self.exchange.db))
        codes = [r.station for r in self.model.rows]
        if self.model.rows:
            row = codes.index(chosen.station) if chosen and chosen.station in codes else 0
            self.table.selectRow(row)

    def chosen(self) -> Outgoing | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()] if rows else None

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(ERROR_STYLE if error else "")

    # -- the work, off the window's thread ---------------------------------------------

    def _run(self, work: Callable[[Any], Any], done: Callable[[Any], None], *what: Change) -> None:
        self.import_button.setEnabled(False)
        self.export_button.setEnabled(False)
        self.progress.setRange(0, 0)
        self.progress.show()
        self.operation = (
            Operation(work, self).progress(self._on_progress).announces(self.changes, *what)
        )

        def finished(result: Any) -> None:
            self._idle()
            done(result)

        self.operation.success(finished)
        self.operation.failure(self._on_failed)
        self.operation.run()

    def _idle(self) -> None:
        self.import_button.setEnabled(True)
        self.export_button.setEnabled(True)
        self.progress.hide()

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, 1000)
        self.progress.setValue(int(1000 * done / max(total, 1)))

    def _on_failed(self, error: Exception) -> None:
        self._idle()
        if isinstance(error, NcmsError):
            self._say(str(error), True)
            return
        self._say(self.tr("Unexpected error: {0}").format(type(error).__name__), True)
        show_failure(self, error)  # logged for the IT person, with the log's path

    # -- in ------------------------------------------------------------------------------

    def on_import_clicked(self, path: str | None = None) -> None:
        if not self.import_button.isEnabled():
            return
        if not path:
            path, _ = QFileDialog.getOpenFileName(
                self,
                self.tr("Choose the station's package"),
                start_folder(),
                self.tr("Sync packages (*.ncmspkg)"),
            )
        if not path:
            return
        chosen = Path(path)
        self._say(self.tr("Checking and applying {0} …").format(chosen.name))

        def work(progress: Any) -> ImportResult:
            return self.exchange.import_package(self.actor, chosen, progress)

        self._run(work, self._on_imported, Change.SYNC, Change.APPLICATION)

    def _on_imported(self, result: ImportResult) -> None:
        if result.status == ImportStatus.ALREADY:
            self._say(self.tr("This package was applied before; nothing changed."))
            return
        if result.status == ImportStatus.STALE:
            self._say(self.tr("This package is older than what is here; nothing changed."))
            return
        self._say(
            self.tr(
                "Package {0} from {1} applied: {2} new application(s), {3} amended, "
                "{4} possible duplicate(s) flagged for the Cases page."
            ).format(
                result.sequence,
                result.sender,
                result.changes.get("application", 0),
                result.changes.get("amended", 0),
                result.changes.get("duplicate", 0),
            )
        )

    # -- out -----------------------------------------------------------------------------

    def on_export_clicked(self, folder: str | None = None) -> None:
        station = self.chosen()
        if station is None or not self.export_button.isEnabled():
            self._say(self.tr("Choose the station in the table first"), True)
            return
        if not folder:
            folder = QFileDialog.getExistingDirectory(
                self, self.tr("Choose the removable drive or folder"), start_folder()
            )
        if not folder:
            return
        try:
            target = Path(folder) / self.exchange.next_file_name(station.station)
        except NcmsError as err:
            self._say(str(err), True)
            return
        self._say(self.tr("Writing and checking {0} …").format(target))

        def work(progress: Any) -> ExportResult:
            return self.exchange.export(self.actor, target, progress, station.station)

        self._run(work, self._on_exported, Change.SYNC)

    def _on_exported(self, result: ExportResult) -> None:
        self._say(
            self.tr(
                "Package {0} written to {1} and verified by reading it back. It is safe to "
                "remove the drive; what it carries counts as picked up once the station "
                "has imported it."
            ).format(result.sequence, result.path)
        )
