"""Preliminary examination (初审): the station head checks each received application
item by item, then accepts it, asks for what is missing in one notice, or returns it.

The queue is worked oldest received first and searched as the applications list is
(app/intake/search.py). After a decision the notice to hand over opens in the print
preview and the next waiting application comes up.

A clerk sees the page but cannot accept or return: the buttons are disabled with
the reason beside them, and the service refuses the move anyway.
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.workflow import Role, State, state_term
from app.errors import NcmsError, ValidationError
from app.examination.examination import ExaminationService
from app.i18n import join_list, labelled
from app.intake.applications import ApplicationService
from app.intake.catalogue import CatalogueService
from app.intake.documents import DocumentService
from app.intake.listing import ApplicationFilter, ApplicationList
from app.paths import DataPaths
from app.printing.printouts import PrintoutService
from app.security.actor import Actor
from ui.catalogue_names import disease_names, material_names
from ui.changes import Change, Changes
from ui.dialogs.confirm import confirm
from ui.dialogs.document_viewer import DocumentViewer
from ui.dialogs.print_preview import PrintPreviewDialog, preview_form
from ui.models.applications_model import ApplicationIdRole
from ui.models.checklist_model import (
    COL_MATERIAL,
    COL_REASON,
    COL_STATUS,
    STATUSES,
    ChecklistModel,
    Finding,
)
from ui.models.queue_model import QueueModel
from ui.widgets.documents_panel import kind_names, open_viewer

QUEUE_STATES = (State.RECEIVED.value, State.AWAITING_MATERIALS.value)
QUEUE_LIMIT = 500


class ExaminationPage(QWidget):
    """Signals: decided(number) after an accept, notice or return."""

    decided = Signal(str)

    def __init__(
        self,
        applications: ApplicationService,
        examination: ExaminationService,
        listing: ApplicationList,
        catalogue: CatalogueService,
        documents: DocumentService,
        printouts: PrintoutService,
        paths: DataPaths,
        actor: Actor,
        changes: Changes | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.applications = applications
        self.examination = examination
        self.listing = listing
        self.documents_service = documents
        self.printouts, self.paths = printouts, paths
        self.preview: PrintPreviewDialog | None = None
        # The form the last decision hands over: (application, its number, form kind).
        self.printable: tuple[uuid.UUID, str, str] | None = None
        self.actor = actor
        self.changes = changes or Changes(self)
        self.material_names = material_names(catalogue)
        self.disease_names = disease_names(catalogue)
        self.current: uuid.UUID | None = None
        self.current_number = ""
        self.current_state: str | None = None
        self.checklist_model = ChecklistModel(self.material_names, self)
        self.queue_model = QueueModel(self.disease_names, self)
        self._build()
        self._connect_signals()
        self.refresh_queue()

    def _build(self) -> None:
        self.search = QLineEdit()
        self.search.setObjectName("queue_search")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(
            self.tr("Name, pinyin initials, last ID digits or application number")
        )
        self.queue = QListView()
        self.queue.setObjectName("queue")
        self.queue.setModel(self.queue_model)
        self.queue.setWordWrap(True)  # a long list of diseases wraps rather than being cut
        self.queue.setResizeMode(QListView.ResizeMode.Adjust)
        self.queue.setAlternatingRowColors(True)
        # Wide enough for date, number and a long name on one line (both languages).
        sample = "2026-12-31  S001-2026-000001  欧阳秀英"
        self.queue.setMinimumWidth(self.queue.fontMetrics().horizontalAdvance(sample) + 40)
        self.queue_note = QLabel()
        self.queue_note.setObjectName("queue_note")
        self.queue_note.setWordWrap(True)
        self.summary = QLabel()
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.documents = QListWidget()
        self.documents.setObjectName("documents")
        self.items = QTableView()
        self.items.setObjectName("items")
        self.items.setModel(self.checklist_model)
        self.items.horizontalHeader().setStretchLastSection(True)
        # Left-aligned: where a narrow screen cuts a long title, its start stays readable.
        self.items.horizontalHeader().setDefaultAlignment(
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        )
        self.items.verticalHeader().hide()
        self.reasons = QLineEdit()
        self.reasons.setObjectName("return_reasons")
        self.reasons.setPlaceholderText(self.tr("Reasons for returning the application"))
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.print_button = QPushButton()
        self.print_button.setObjectName("print_notice")
        self.print_button.setVisible(False)
        self.accept_button = QPushButton(self.tr("Accept"))
        self.accept_button.setObjectName("accept")
        self.notice_button = QPushButton(self.tr("Ask for missing materials (one notice)"))
        self.return_button = QPushButton(self.tr("Return"))
        self.is_head = self.actor.role == Role.STATION_HEAD
        # Said on the page, not only in a tooltip: a greyed-out button alone reads as broken.
        self.role_note = QLabel(
            self.tr(
                "Accept and Return are the station head's: you can record findings "
                "and ask for missing materials."
            )
        )
        self.role_note.setObjectName("role_note")
        self.role_note.setWordWrap(True)
        self.role_note.setVisible(not self.is_head)
        left = QGroupBox(self.tr("Waiting for examination"))
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(self.search)
        left_layout.addWidget(self.queue, 1)
        left_layout.addWidget(self.queue_note)
        docs = QGroupBox(self.tr("Documents"))
        QVBoxLayout(docs).addWidget(self.documents)
        top = QHBoxLayout()
        top.addWidget(self.summary, 2)
        top.addWidget(docs, 1)
        # The reasons get a line of their own: beside three buttons at 1024 px they
        # shrank to a few letters.
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.notice_button, self.return_button, self.accept_button):
            buttons.addWidget(button)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addLayout(top)
        right_layout.addWidget(self.items, 1)
        right_layout.addWidget(self.error)
        right_layout.addWidget(self.reasons)
        right_layout.addLayout(buttons)
        right_layout.addWidget(self.role_note)
        done = QHBoxLayout()
        done.addWidget(self.message, 1)
        done.addWidget(self.print_button)
        right_layout.addLayout(done)
        splitter = QSplitter()
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(left)
        splitter.addWidget(right)
        # A third to the queue, never less than its readable width (1024 px screens).
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([1000, 2000])
        QVBoxLayout(self).addWidget(splitter)

    def _connect_signals(self) -> None:
        self.queue.selectionModel().currentChanged.connect(self.on_queue_current_changed)
        self.search.textChanged.connect(self.on_search_changed)
        self.print_button.clicked.connect(self.on_print_clicked)
        self.documents.itemActivated.connect(self.on_document_activated)
        self.checklist_model.edited.connect(self.save_row)
        self.accept_button.clicked.connect(self.on_accept_clicked)
        self.notice_button.clicked.connect(self.on_notice_clicked)
        self.return_button.clicked.connect(self.on_return_clicked)
        self.changes.changed.connect(self.on_changed)

    def on_changed(self, what: frozenset[Change]) -> None:
        if Change.APPLICATION in what:
            self.refresh_queue()

    # -- the queue ----------------------------------------------------------------

    def refresh_queue(self) -> None:
        """Reload the queue; the application in hand stays chosen while it still waits,
        else the one now in its place (what was below it moves up)."""
        index = self.queue.currentIndex()
        self._reload_queue(self.current, index.row() if index.isValid() else -1)

    def on_search_changed(self, _text: str) -> None:
        # The application in hand if it matches, else the first (oldest) match.
        self._reload_queue(self.current, 0)

    def _reload_queue(self, keep: uuid.UUID | None, row: int) -> None:
        # The same text finds the same applications here as in the applications list:
        # ApplicationFilter.text goes through app/intake/search.py application_filter.
        text = self.search.text().strip()
        flt = ApplicationFilter(states=QUEUE_STATES, text=text)
        # Oldest received first: the order files are examined in (and the quarter's
        # cut-off counts from the day of receipt).
        rows = self.listing.page(flt, "received", False, 0, QUEUE_LIMIT)
        self.queue_model.set_rows(rows)
        if not rows:
            self.queue_note.setText(
                self.tr("No waiting application matches “{0}”").format(text)
                if text
                else self.tr("No application is waiting for examination")
            )
        elif len(rows) == QUEUE_LIMIT:
            self.queue_note.setText(
                self.tr("The oldest {0} are shown: search to find a later one").format(QUEUE_LIMIT)
            )
        else:
            self.queue_note.setText(self.tr("{0} waiting, oldest received first").format(len(rows)))
        kept = self.queue_model.row_of(keep)
        if kept >= 0:
            row = kept
        elif row < 0 or not rows:
            self.show_application(None)
            return
        self.select_row(min(row, len(rows) - 1))

    def select_row(self, row: int) -> None:
        index = self.queue_model.index(row, 0)
        self.queue.setCurrentIndex(index)
        self.queue.scrollTo(index)

    def on_queue_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.show_application(current.data(ApplicationIdRole) if current.isValid() else None)

    def on_document_activated(self, item: QListWidgetItem) -> DocumentViewer | None:
        return open_viewer(self, self.documents_service, item.data(Qt.ItemDataRole.UserRole))

    def show_application(self, application_id: uuid.UUID | None) -> None:
        self.current = application_id
        self.current_state = None
        self.error.clear()
        self.checklist_model.set_findings([])
        self.documents.clear()
        self.summary.clear()
        self.refresh_buttons()
        if application_id is None:
            return
        app = self.applications.get(application_id)
        self.current_number = app.number
        self.current_state = app.state
        self.refresh_buttons()
        person = app.applicant
        names = join_list(
            self.disease_names.get(d.disease_code, d.disease_code) for d in app.diseases
        )
        diagnosed = app.diagnosis_date.isoformat() if app.diagnosis_date else ""
        # Label and value joined in the language's punctuation (诊断日期：… / Diagnosed: …).
        diagnosed_line = labelled(self.tr("Diagnosed"), diagnosed)
        state_line = labelled(self.tr("State"), str(state_term(app.state)))
        self.summary.setText(
            f"<b>{app.number}</b>　{person.name}　{person.id_number}<br>"
            f"{person.village} {person.village_group}　{person.phone or app.agent_phone}<br>"
            f"{names}<br>{diagnosed_line}　{state_line}"
        )
        for document in self.documents_service.of_application(application_id):
            kind = kind_names().get(document.kind, document.kind)
            item = QListWidgetItem(f"{kind}  {document.original_name}  {document.size // 1024} KB")
            item.setData(Qt.ItemDataRole.UserRole, document.id)
            self.documents.addItem(item)
        self.checklist_model.set_findings(
            [Finding(e.material_code, e.status, e.reason) for e in app.checklist]
        )
        for row, entry in enumerate(app.checklist):
            combo = QComboBox()
            for status in STATUSES:
                combo.addItem(self.checklist_model.status_names[status], status)
            combo.setCurrentIndex(STATUSES.index(entry.status))
            combo.currentIndexChanged.connect(
                lambda _i, r=row, c=combo: self.checklist_model.set_status(r, c.currentData())
            )
            self.items.setIndexWidget(self.checklist_model.index(row, COL_STATUS), combo)
        self.items.resizeColumnsToContents()
        header = self.items.horizontalHeader()
        # A long material name (English ones are) wraps instead of pushing the finding
        # and its reason out of sight.
        widest = max(160, self.items.viewport().width() * 2 // 5)
        if header.sectionSize(COL_MATERIAL) > widest:
            header.resizeSection(COL_MATERIAL, widest)
        header.setSectionResizeMode(COL_REASON, QHeaderView.ResizeMode.Stretch)
        self.items.resizeRowsToContents()
        self.refresh_buttons()

    def refresh_buttons(self) -> None:
        """Each button that cannot be used now says why in its tooltip."""
        chosen = self.current is not None
        head_only = self.tr("Only the station head accepts or returns an application")
        nothing = self.tr("Choose an application in the waiting list first")
        for button in (self.accept_button, self.notice_button, self.return_button):
            head_button = button is not self.notice_button
            button.setEnabled(chosen and (self.is_head or not head_button))
            if head_button and not self.is_head:
                button.setToolTip(head_only)
            else:
                button.setToolTip("" if chosen else nothing)
        not_provided = [
            self.material_names.get(f.material_code, f.material_code)
            for f in self.checklist_model.findings
            if f.status != "provided"
        ]
        noticed = self.current_state == State.AWAITING_MATERIALS
        # The notice was given already: the button prints it again, it changes nothing.
        self.notice_button.setText(
            self.tr("Print the notice again")
            if noticed
            else self.tr("Ask for missing materials (one notice)")
        )
        if chosen and self.is_head and not_provided:
            # Accept stays enabled (the service names what is missing when pressed).
            self.accept_button.setToolTip(
                self.tr("Not yet provided: {0}").format(join_list(not_provided))
            )

    # -- item findings ------------------------------------------------------------

    def status_combo(self, row: int) -> QComboBox:
        widget = self.items.indexWidget(self.checklist_model.index(row, COL_STATUS))
        assert isinstance(widget, QComboBox)
        return widget

    def save_row(self, row: int) -> bool:
        if self.current is None:
            return False
        finding = self.checklist_model.findings[row]
        code, status, reason = finding.material_code, finding.status, finding.reason
        try:
            self.examination.set_checklist(self.actor, self.current, code, status, reason)
        except ValidationError as err:
            self.error.setText(labelled(self.material_names.get(code, code), str(err)))
            return False
        self.error.clear()
        self.refresh_buttons()
        return True

    # -- decisions ----------------------------------------------------------------

    def _after(self, text: str, form: str) -> None:
        """What every decision does next: say it, offer its form for printing, refresh
        every page (this queue too) and bring up the next waiting application."""
        number, decided = self.current_number, self.current
        index = self.queue.currentIndex()
        row = index.row() if index.isValid() else 0
        self.message.setText(text)
        assert decided is not None
        self.printable = (decided, number, form)
        self.print_button.setText(self._print_label(form, number))
        self.print_button.setVisible(True)
        if form == "notice":
            # The applicant is at the counter: the notice is handed over now.
            self.on_print_clicked()
        self.changes.announce(Change.APPLICATION)  # this queue refreshes on it too
        still = self.queue_model.row_of(decided)
        if still >= 0:
            # Still waiting (now for the applicant's materials): move on to the next one.
            self.select_row(min(still + 1, self.queue_model.rowCount() - 1))
        elif self.queue_model.rowCount():
            self.select_row(min(row, self.queue_model.rowCount() - 1))
        self.decided.emit(number)

    def _print_label(self, form: str, number: str) -> str:
        if form == "notice":
            return self.tr("Print the notice for {0}").format(number)
        return self.tr("Print the approval form for {0}").format(number)

    def on_print_clicked(self) -> None:
        if self.printable is None:
            return
        application_id, number, form = self.printable
        title = self.tr("One-time notice") if form == "notice" else self.tr("Approval form")
        try:
            self.preview = preview_form(
                self, self.printouts, self.paths.work, application_id, form, title
            )
        except (NcmsError, OSError):
            self.error.setText(
                self.tr(
                    "The {0} of {1} could not be made: check the disk has room, then press "
                    "Print again."
                ).format(title, number)
            )

    def on_accept_clicked(self) -> None:
        if self.current is None:
            return
        try:
            ref = self.examination.accept(self.actor, self.current)
        except NcmsError as err:
            self.error.setText(str(err))
            return
        self._after(
            self.tr("{0} accepted: it goes into this quarter's batch").format(ref.number), "form"
        )

    def on_notice_clicked(self) -> None:
        if self.current is None:
            return
        if self.current_state == State.AWAITING_MATERIALS:
            self.printable = (self.current, self.current_number, "notice")
            self.on_print_clicked()
            return
        try:
            missing = self.examination.request_materials(self.actor, self.current)
        except NcmsError as err:
            self.error.setText(str(err))
            return
        self._after(
            self.tr("Notice recorded for {0}: {1} item(s) to bring").format(
                self.current_number, len(missing)
            ),
            "notice",
        )

    def on_return_clicked(self) -> None:
        if self.current is None:
            return
        reasons = [r for r in self.reasons.text().replace(";", "；").split("；") if r.strip()]
        if not confirm(
            self,
            self.tr("Return application"),
            self.tr(
                "Return {0} to the applicant? It cannot be undone: "
                "the applicant has to bring it back."
            ).format(self.current_number),
        ):
            return
        try:
            self.examination.return_application(self.actor, self.current, reasons)
        except NcmsError as err:
            self.error.setText(str(err))
            return
        self.reasons.clear()
        self._after(
            self.tr("{0} returned with its reasons and the list of missing items").format(
                self.current_number
            ),
            "notice",
        )
