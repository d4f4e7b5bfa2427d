"""Public notice (公示): each meeting's notice with its period and state, the list it
publishes (masked ID numbers; printed, or saved as a workbook), the objections
raised during it and their findings, and closing it once its last day has passed.

Keyboard: the notices list has the focus; arrows choose a notice, Alt+P prints its
list, Alt+O records an objection from the form below, Alt+D decides the chosen one,
Alt+C closes the notice, F5 reads everything again.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.errors import NcmsError, ValidationError
from app.printing.printouts import Office
from app.review.notice import (
    DISMISSED,
    UPHELD,
    NoticeChanged,
    NoticeInfo,
    NoticeService,
    ObjectionEntry,
    ObjectionInfo,
)
from app.security.actor import Actor
from ui.changes import Change, Changes
from ui.dialogs.confirm import confirm
from ui.dialogs.print_preview import PrintPreviewDialog, print_file
from ui.folders import documents_folder
from ui.models.notice_model import ListedModel, ObjectionsModel
from ui.screen_fit import long_list_combo, scrolled
from ui.widgets.dates import date_edit, day_of
from ui.widgets.errors import ERROR_STYLE, error_label
from ui.widgets.paragraph_edit import ParagraphEdit
from ui.widgets.tables import table_view


class NoticePage(QWidget):
    def __init__(
        self,
        notices: NoticeService,
        actor: Actor,
        office: Callable[[], Office],
        work: Path,
        changes: Changes | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.notices, self.actor, self.office, self.work = notices, actor, office, work
        self.changes = changes or Changes(self)
        self.infos: list[NoticeInfo] = []
        self._shown_notice: uuid.UUID | None = None  # the notice the forms are for
        self._default_day = QDate()  # what received_on was filled with
        self._running = False  # the notice shown is in its period, or over but open
        self.listed = ListedModel(self)
        self.objections = ObjectionsModel(self)
        self.preview: PrintPreviewDialog | None = None
        self._build()
        self._connect_signals()
        self.refresh()

    # -- building ----------------------------------------------------------------------

    def _build(self) -> None:
        self.notice_list = QListWidget()
        self.notice_list.setObjectName("notice_list")
        self.notice_list.setWordWrap(True)
        self.heading = QLabel()
        self.heading.setObjectName("notice_heading")
        self.heading.setWordWrap(True)
        self.message = QLabel()
        self.message.setObjectName("notice_message")
        self.message.setWordWrap(True)
        self.print_button = QPushButton(self.tr("Print the list"))
        self.save_button = QPushButton(self.tr("Save as &workbook…"))
        self.close_button = QPushButton(self.tr("Close the notice…"))
        self.close_button.setObjectName("close_notice")
        self.print_button.setToolTip(self.tr("Print the public list (Alt+P)"))
        self.close_button.setToolTip(
            self.tr("Close the notice once its last day has passed (Alt+C)")
        )
        buttons = QHBoxLayout()
        for button in (self.print_button, self.save_button, self.close_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.listed_table = table_view(self.listed, "listed_table")
        self.objections_table = table_view(self.objections, "objections_table")
        self.objections_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.objections_table.setWordWrap(True)
        # The forms below stay in view on a 768-pixel screen: the lists take what room
        # is left (a few rows at least) rather than asking for their full height,
        # which a page of wrapped labels otherwise grants them, pushing the forms out.
        for table in (self.listed_table, self.objections_table):
            policy = table.sizePolicy()
            policy.setVerticalPolicy(QSizePolicy.Policy.Ignored)
            table.setSizePolicy(policy)
            table.setMinimumHeight(4 * table.verticalHeader().defaultSectionSize())

        right = QWidget()
        column = QVBoxLayout(right)
        column.addWidget(self.heading)
        column.addLayout(buttons)
        column.addWidget(self.message)
        column.addWidget(QLabel(self.tr("On the list")))
        column.addWidget(self.listed_table, 1)
        column.addWidget(QLabel(self.tr("Objections")))
        column.addWidget(self.objections_table, 1)
        forms = QHBoxLayout()  # side by side: both in view on a 768-pixel screen
        forms.addWidget(self._objection_form(), 1)
        forms.addWidget(self._decision_form(), 1)
        column.addLayout(forms)

        splitter = QSplitter()
        splitter.addWidget(self.notice_list)
        splitter.addWidget(scrolled(right))
        splitter.setStretchFactor(1, 4)
        splitter.setSizes([170, 830])  # the notices are a few short lines each
        self.empty = QLabel(
            self.tr(
                "No public notice yet. A notice opens when a meeting is closed with "
                "“Hold the certificates for a public notice” ticked."
            )
        )
        self.empty.setObjectName("notice_empty")
        self.empty.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(splitter, 1)
        self.splitter = splitter

    def _objection_form(self) -> QGroupBox:
        box = QGroupBox(self.tr("Record an objection"))
        self.certificate = QComboBox()
        long_list_combo(self.certificate)  # a popup of 12 rows, not to the screen's foot
        self.certificate.setObjectName("objection_certificate")
        self.raised_by = QLineEdit()
        self.raised_by.setObjectName("raised_by")
        self.raised_by.setPlaceholderText(self.tr("who raised it: a name or an office"))
        self.contact = QLineEdit()
        self.contact.setObjectName("contact")
        self.received_on = date_edit("received_on", self.notices.today())
        self.text = ParagraphEdit()
        self.text.setObjectName("objection_text")
        self.text.setPlaceholderText(self.tr("what the objection says"))
        self.record_button = QPushButton(self.tr("Record the objection (Alt+O)"))
        self.record_button.setObjectName("record_objection")
        self.record_button.setToolTip(self.tr("Record the objection typed here (Alt+O)"))
        self.entry_errors = {
            field: error_label(f"{field}_error", hidden=True)
            for field in ("certificate", "raised_by", "contact", "received_on", "text")
        }
        self.entry_hint = QLabel()
        self.entry_hint.setObjectName("entry_hint")
        self.entry_hint.setWordWrap(True)
        self.entry_hint.hide()
        form = QFormLayout(box)
        form.addRow(self.entry_hint)
        for label, widget, field in (
            (self.tr("Certificate"), self.certificate, "certificate"),
            (self.tr("Raised by"), self.raised_by, "raised_by"),
            (self.tr("Contact"), self.contact, "contact"),
            (self.tr("Received on"), self.received_on, "received_on"),
            (self.tr("Objection"), self.text, "text"),
        ):
            form.addRow(label, widget)
            form.addRow("", self.entry_errors[field])
        form.addRow("", self.record_button)
        return box

    def _decision_form(self) -> QGroupBox:
        box = QGroupBox(self.tr("Decide the chosen objection"))
        self.upheld = QRadioButton(self.tr("Upheld: set the approval aside"))
        self.upheld.setObjectName("upheld")
        self.dismissed = QRadioButton(self.tr("Dismissed: the certificate stands"))
        self.dismissed.setObjectName("dismissed")
        self.finding = ParagraphEdit(2)
        self.finding.setObjectName("finding")
        self.finding.setPlaceholderText(self.tr("what was checked, and the finding"))
        self.decide_button = QPushButton(self.tr("Decide (Alt+D)"))
        self.decide_button.setObjectName("decide_objection")
        self.decide_button.setToolTip(self.tr("Decide the objection chosen above (Alt+D)"))
        self.decision_errors = {
            f: error_label(f"{f}_error", hidden=True) for f in ("outcome", "finding")
        }
        # Said while the form waits for a choice, instead of a silent grey box.
        self.decision_hint = QLabel(self.tr("Choose an objection in the table above"))
        self.decision_hint.setObjectName("decision_hint")
        self.decision_hint.setWordWrap(True)
        form = QFormLayout(box)
        form.addRow(self.decision_hint)
        form.addRow(self.tr("Finding"), self.upheld)
        form.addRow("", self.dismissed)
        form.addRow("", self.decision_errors["outcome"])
        form.addRow(self.tr("Checked"), self.finding)
        form.addRow("", self.decision_errors["finding"])
        form.addRow("", self.decide_button)
        self.decision_box = box
        return box

    def _connect_signals(self) -> None:
        self.notice_list.currentRowChanged.connect(self.show_notice)
        self.print_button.clicked.connect(self.print_list)
        self.save_button.clicked.connect(self.on_save_clicked)
        self.close_button.clicked.connect(self.on_close_clicked)
        self.record_button.clicked.connect(self.on_record_clicked)
        self.decide_button.clicked.connect(self.on_decide_clicked)
        self.objections_table.selectionModel().selectionChanged.connect(self._show_objection)
        self.text.returnPressed.connect(self.on_record_clicked)
        self.finding.returnPressed.connect(self.on_decide_clicked)
        for keys, slot in (
            ("Alt+P", self.print_list),
            ("Alt+O", self.on_record_clicked),
            ("Alt+D", self.on_decide_clicked),
            ("Alt+C", self.on_close_clicked),
            ("F5", self.refresh),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self.changes.changed.connect(self._on_changes)

    def _on_changes(self, what: frozenset[Change]) -> None:
        if what & {Change.NOTICE, Change.ELSEWHERE}:
            self.refresh()

    # -- reading -----------------------------------------------------------------------

    @property
    def notice(self) -> NoticeInfo | None:
        row = self.notice_list.currentRow()
        return self.infos[row] if 0 <= row < len(self.infos) else None

    def refresh(self) -> None:
        chosen = self.notice.id if self.notice else None
        self.infos = self.notices.notices()
        self.empty.setVisible(not self.infos)
        self.splitter.setVisible(bool(self.infos))
        self.notice_list.blockSignals(True)
        self.notice_list.clear()
        for info in self.infos:
            self.notice_list.addItem(QListWidgetItem(self._summary(info)))
        self.notice_list.blockSignals(False)
        if self.infos:
            ids = [i.id for i in self.infos]
            self.notice_list.setCurrentRow(ids.index(chosen) if chosen in ids else 0)
            self.show_notice(self.notice_list.currentRow())

    def _summary(self, info: NoticeInfo) -> str:
        held = info.meeting_held_on.isoformat() if info.meeting_held_on else "—"
        return self.tr("Meeting of {0}\n{1} to {2} · {3}").format(
            held,
            info.period.starts_on.isoformat(),
            info.period.ends_on.isoformat(),
            self._state(info),
        )

    def _state(self, info: NoticeInfo) -> str:
        if info.status != "running":
            return self.tr("closed")
        if info.undecided:
            return self.tr("running, {0} objection(s) to decide").format(info.undecided)
        if info.can_close(self.notices.today()):
            return self.tr("ended: ready to close")
        return self.tr("running")

    def show_notice(self, row: int) -> None:
        info = self.notice
        if info is None:
            return
        # The same notice read again (another desk recorded something): what this
        # desk had chosen and typed stays.
        same = info.id == self._shown_notice
        self._shown_notice = info.id
        kept_number = self.certificate.currentData() if same else None
        # A day typed in stays; the day filled in for it follows today.
        typed_day = self.received_on.date() != self._default_day
        kept_day = self.received_on.date() if same and typed_day else None
        kept_objection = self.chosen_objection() if same else None
        listed = self.notices.listed(info.id, standing=False)
        self.listed.closed = info.status != "running"
        self.listed.set_rows(listed)
        self.objections.set_rows(self.notices.objections(info.id))
        if kept_objection is not None:
            ids = [o.id for o in self.objections.rows]
            if kept_objection.id in ids:
                self.objections_table.selectRow(ids.index(kept_objection.id))
        self.heading.setText(
            self.tr(
                "Public notice of the meeting of {0}, {1} to {2}: {3} on the list, {4} set "
                "aside · {5}"
            ).format(
                info.meeting_held_on.isoformat() if info.meeting_held_on else "—",
                info.period.starts_on.isoformat(),
                info.period.ends_on.isoformat(),
                info.certificates - info.set_aside,
                info.set_aside,
                self._state(info),
            )
        )
        running = info.status == "running"
        self._running = running
        self.close_button.setEnabled(running)
        # Objections come in during the period: none before it starts.
        early = running and self.notices.today() < info.period.starts_on
        self.record_button.setEnabled(running and not early)
        self.entry_hint.setText(
            self.tr("Objections can be recorded once the notice starts, on {0}").format(
                info.period.starts_on.isoformat()
            )
        )
        self.entry_hint.setVisible(early)
        # Today again, for a window open overnight.
        self._default_day = QDate(self.notices.today())
        self.received_on.setDate(kept_day or self._default_day)
        self.certificate.clear()
        for line in listed:
            if line.revoked_on is None:
                self.certificate.addItem(f"{line.number} {line.name}", line.number)
        if kept_number is not None:
            self.certificate.setCurrentIndex(max(self.certificate.findData(kept_number), 0))
        if not same:
            self._clear_errors()
            self._say("")  # what was said was about the notice shown before
            # What was typed was about a person on the other notice's list.
            for edit in (self.raised_by, self.contact, self.text, self.finding):
                edit.clear()
            for button in (self.upheld, self.dismissed):
                button.setAutoExclusive(False)
                button.setChecked(False)
                button.setAutoExclusive(True)
        self._show_objection()

    def _clear_errors(self) -> None:
        for label in (*self.entry_errors.values(), *self.decision_errors.values()):
            label.clear()
            label.hide()

    def _show_problems(self, labels: dict[str, QLabel], err: ValidationError) -> None:
        self._clear_errors()
        for problem in err.problems:
            label = labels.get(problem.field)
            if label is not None and not label.text():
                label.setText(problem.message)
                label.show()

    def chosen_objection(self) -> ObjectionInfo | None:
        rows = self.objections_table.selectionModel().selectedRows()
        return self.objections.rows[rows[0].row()] if rows else None

    def _show_objection(self) -> None:
        chosen = self.chosen_objection()
        if chosen is not None and chosen.outcome:
            self.finding.setPlainText(chosen.finding)
        undecided = chosen is not None and not chosen.outcome
        for widget in (self.upheld, self.dismissed, self.finding, self.decide_button):
            widget.setEnabled(undecided and self._running)
        if chosen is None:
            self.decision_hint.setText(self.tr("Choose an objection in the table above"))
        elif chosen.outcome:
            self.decision_hint.setText(self.tr("This objection is decided already"))
        self.decision_hint.setVisible(not undecided)

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(ERROR_STYLE if error else "")

    # -- the list ----------------------------------------------------------------------

    def _title(self, info: NoticeInfo) -> str:
        return f"{self.office().name} 慢性病门诊待遇认定人员公示名单"

    def print_list(self) -> PrintPreviewDialog | None:
        from app.printing import rosters  # reportlab loads on first print

        info = self.notice
        if info is None:
            return None
        lines = self.notices.listed(info.id)
        out = print_file(self.work, f"public-list-{info.period.starts_on.isoformat()}.pdf")
        rosters.public_list(
            lines, out, self.office(), "", period=(info.period.starts_on, info.period.ends_on)
        )
        self.preview = PrintPreviewDialog(out, self.tr("Public-notice list"), None, self)
        self.preview.open()
        return self.preview

    def on_save_clicked(self) -> None:
        info = self.notice
        if info is None:
            return
        documents = documents_folder()
        suggested = str(documents / f"公示名单-{info.period.starts_on.isoformat()}.xlsx")
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the public list"), suggested, self.tr("Workbooks (*.xlsx)")
        )
        if name:
            self.save_list(Path(name))

    def save_list(self, out: Path) -> None:
        from app.printing.summary_workbook import write_public_list

        info = self.notice
        if info is None:
            return
        try:
            write_public_list(self.notices.listed(info.id), out, self._title(info))
        except OSError as err:
            self._say(self.tr("The workbook could not be written: {0}").format(err.strerror), True)
            return
        self._say(self.tr("Saved {0}").format(out))

    # -- objections and closing --------------------------------------------------------

    def on_record_clicked(self) -> None:
        info = self.notice
        if info is None or not self.record_button.isEnabled():
            return
        entry = ObjectionEntry(
            certificate_number=str(self.certificate.currentData() or ""),
            raised_by=self.raised_by.text(),
            text=self.text.text(),
            received_on=day_of(self.received_on),
            contact=self.contact.text(),
        )
        try:
            recorded = self.notices.record_objection(self.actor, info.id, entry)
        except ValidationError as err:
            self._show_problems(self.entry_errors, err)
            return
        except NcmsError as err:
            self._say(str(err), True)
            return
        for field in (self.raised_by, self.contact, self.text):
            field.clear()
        self._clear_errors()
        self.changes.announce(Change.NOTICE)
        self._say(
            self.tr("Objection against {0} recorded: decide it once it is checked").format(
                recorded.certificate_number
            )
        )

    def on_decide_clicked(self) -> None:
        chosen = self.chosen_objection()
        if chosen is None or not self.decide_button.isEnabled():
            self._say(self.tr("Choose the objection to decide in the table above"), True)
            return
        outcome = (
            UPHELD if self.upheld.isChecked() else DISMISSED if self.dismissed.isChecked() else ""
        )
        if outcome == UPHELD and not confirm(
            self,
            self.tr("Uphold the objection"),
            self.tr(
                "Uphold the objection against {0} ({1})? Certificate {0} is revoked before it "
                "takes effect and the case goes back to the committee's next meeting; this "
                "cannot be undone."
            ).format(chosen.certificate_number, chosen.name),
        ):
            return
        try:
            self.notices.decide(self.actor, chosen.id, outcome, self.finding.text(), chosen.version)
        except ValidationError as err:
            self._show_problems(self.decision_errors, err)
            return
        except NoticeChanged as changed:
            self._say(str(changed), True)
            self.refresh()
            return
        except NcmsError as err:
            self._say(str(err), True)
            return
        self.finding.clear()
        self._clear_errors()
        self.changes.announce(Change.NOTICE, Change.APPLICATION)
        self._say(self.tr("Objection against {0} decided").format(chosen.certificate_number))

    def on_close_clicked(self) -> None:
        info = self.notice
        if info is None or not self.close_button.isEnabled():
            return
        refusal = self.notices.close_refusal(info)
        if refusal is not None:
            self._say(str(refusal), True)
            return
        question = self.tr(
            "Close the public notice of {0} to {1}? The {2} certificate(s) on its list take effect "
            "and go to their stations with the next package; this cannot be undone."
        ).format(
            info.period.starts_on.isoformat(),
            info.period.ends_on.isoformat(),
            info.certificates - info.set_aside,
        )
        if not confirm(self, self.tr("Close the notice"), question):
            return
        try:
            self.notices.close(self.actor, info.id)
        except NcmsError as err:
            self._say(str(err), True)
            return
        self.changes.announce(Change.NOTICE, Change.CERTIFICATE)
        self._say(self.tr("The notice is closed: its certificates are in effect"))
