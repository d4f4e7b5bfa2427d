"""National platform: what the county owes the national medical-security platform
(registrations of certificates in effect, revocations of those ended early), sent as
a workbook for the provincial back office with JSON lines beside it; the platform's
reply read back; and the catalogue's national codes, which the county maps once.

Keyboard: Ctrl+E exports (after a confirmation: what is exported is marked sent),
Ctrl+O imports a reply, Ctrl+S saves the list shown, Alt+F chooses which records are
listed, F5 reads everything again.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.errors import NcmsError, ValidationError
from app.national.codes import Mapping, NationalCodes
from app.national.filing import Answered, NationalFilingService, Sent
from app.national.reply import Reply
from app.national.status import FilingLine, FilingState, counts, filing_status
from app.security.actor import Actor
from ui.changes import Change, Changes
from ui.dialogs.confirm import confirm
from ui.folders import documents_folder
from ui.models.national_model import FilingsModel, MappingsModel, state_names
from ui.operations import Operation, show_failure
from ui.widgets.errors import ERROR_STYLE
from ui.widgets.tables import table_view


class NationalPage(QWidget):
    def __init__(
        self,
        filing: NationalFilingService,
        codes: NationalCodes,
        actor: Actor,
        changes: Changes | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.filing, self.codes, self.actor = filing, codes, actor
        self.changes = changes or Changes(self)
        self.lines: list[FilingLine] = []
        self.operation: Operation | None = None
        self.editing: tuple[str, str] | None = None  # the mapping in the fields below
        self.completing: str | None = None  # the file whose lacks are being typed in
        self.stale = True

        self.area = QLineEdit()
        self.area.setObjectName("national_area")
        self.area.setMaxLength(6)
        self.area.setPlaceholderText(self.tr("six digits"))
        self.area.setToolTip(self.tr("The county's area code at the platform: six digits"))
        area_label = QLabel(self.tr("Area code at the platform:"))
        area_label.setBuddy(self.area)
        self.area_button = QPushButton(self.tr("Keep"))
        self.area_button.setObjectName("save_area")
        self.area_error = QLabel()
        self.area_error.setObjectName("error_area")
        self.area_error.setStyleSheet(ERROR_STYLE)
        self.area_error.setWordWrap(True)
        self.area_error.hide()
        self.export_button = QPushButton(self.tr("Export for the platform…"))
        self.export_button.setObjectName("national_export")
        self.export_button.setToolTip(
            self.tr("A workbook for the provincial back office, JSON lines beside it (Ctrl+E)")
        )
        self.unanswered = QCheckBox(self.tr("Also what was sent and never answered"))
        self.unanswered.setObjectName("national_unanswered")
        self.reply_button = QPushButton(self.tr("Import the reply…"))
        self.reply_button.setObjectName("national_reply")
        self.reply_button.setToolTip(self.tr("The platform's serials for what was sent (Ctrl+O)"))
        self.save_button = QPushButton(self.tr("Save the list…"))
        self.save_button.setToolTip(self.tr("Every record and where it stands (Ctrl+S)"))
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setMaximumWidth(160)
        self.progress.hide()
        self.summary = QLabel()
        self.summary.setObjectName("national_summary")
        self.summary.setWordWrap(True)
        self.message = QLabel()
        self.message.setObjectName("national_message")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()

        self.shown = QComboBox()
        self.shown.setObjectName("national_filter")
        self.shown.addItem(self.tr("All records"), None)
        for state, name in state_names().items():
            self.shown.addItem(name, state)
        shown_label = QLabel(self.tr("Show:"))
        shown_label.setBuddy(self.shown)
        self.model = FilingsModel(self)
        self.table = table_view(self.model, "national_table")
        records = QWidget()
        records_layout = QVBoxLayout(records)
        records_layout.setContentsMargins(0, 0, 0, 0)
        filter_row = QHBoxLayout()
        filter_row.addWidget(shown_label)
        filter_row.addWidget(self.shown)
        filter_row.addStretch(1)
        records_layout.addLayout(filter_row)
        records_layout.addWidget(self.table, 1)
        # What an issued file lacks, typed in at the county (its station can no
        # longer change it): shown for a held-back record that lacks it.
        self.complete_box = QWidget()
        self.complete_box.setObjectName("national_complete")
        self.psn_no = QLineEdit()
        self.psn_no.setObjectName("complete_psn_no")
        self.psn_no.setPlaceholderText(self.tr("from the insurance card"))
        self.doctor_code = QLineEdit()
        self.doctor_code.setObjectName("complete_doctor_code")
        self.doctor_code.setPlaceholderText(self.tr("from the diagnosis paper"))
        self.complete_button = QPushButton(self.tr("Keep for this file"))
        self.complete_button.setObjectName("save_completion")
        self.complete_error = QLabel()
        self.complete_error.setObjectName("error_completion")
        self.complete_error.setStyleSheet(ERROR_STYLE)
        self.complete_error.setWordWrap(True)
        self.complete_error.hide()
        psn_label = QLabel(self.tr("Person number:"))
        psn_label.setBuddy(self.psn_no)
        doctor_label = QLabel(self.tr("Doctor's code:"))
        doctor_label.setBuddy(self.doctor_code)
        complete_row = QHBoxLayout()
        complete_row.addWidget(psn_label)
        complete_row.addWidget(self.psn_no, 1)
        complete_row.addWidget(doctor_label)
        complete_row.addWidget(self.doctor_code, 1)
        complete_row.addWidget(self.complete_button)
        complete_layout = QVBoxLayout(self.complete_box)
        complete_layout.setContentsMargins(0, 0, 0, 0)
        complete_layout.addLayout(complete_row)
        complete_layout.addWidget(self.complete_error)
        self.complete_box.hide()
        records_layout.addWidget(self.complete_box)

        self.codes_model = MappingsModel(self)
        self.codes_table = table_view(self.codes_model, "national_codes")
        self.code = QLineEdit()
        self.code.setObjectName("national_code")
        self.code_name = QLineEdit()
        self.code_name.setObjectName("national_name")
        self.code_name.setPlaceholderText(self.tr("as the platform's catalogue names it"))
        self.code_button = QPushButton(self.tr("Keep the code"))
        self.code_button.setObjectName("save_code")
        self.code_error = QLabel()
        self.code_error.setObjectName("error_code")
        self.code_error.setStyleSheet(ERROR_STYLE)
        self.code_error.setWordWrap(True)
        self.code_error.hide()
        code_label = QLabel(self.tr("National code:"))
        code_label.setBuddy(self.code)
        self.code_name_label = QLabel(self.tr("Name:"))
        self.code_name_label.setBuddy(self.code_name)
        edit = QHBoxLayout()
        edit.addWidget(code_label)
        edit.addWidget(self.code, 1)
        edit.addWidget(self.code_name_label)
        edit.addWidget(self.code_name, 2)
        edit.addWidget(self.code_button)
        codes_tab = QWidget()
        codes_layout = QVBoxLayout(codes_tab)
        codes_layout.setContentsMargins(0, 0, 0, 0)
        codes_note = QLabel(
            self.tr(
                "The platform knows a hospital and a disease only by its national code. "
                "Records naming one not mapped here are held back until it is."
            )
        )
        codes_note.setWordWrap(True)
        codes_layout.addWidget(codes_note)
        codes_layout.addWidget(self.codes_table, 1)
        codes_layout.addLayout(edit)
        codes_layout.addWidget(self.code_error)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("national_tabs")
        self.tabs.addTab(records, self.tr("Records"))
        self.tabs.addTab(codes_tab, self.tr("National codes"))

        top = QHBoxLayout()
        top.addWidget(area_label)
        top.addWidget(self.area)
        top.addWidget(self.area_button)
        top.addStretch(1)
        actions = QHBoxLayout()
        actions.addWidget(self.export_button)
        actions.addWidget(self.unanswered)
        actions.addWidget(self.reply_button)
        actions.addWidget(self.save_button)
        actions.addWidget(self.progress)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.area_error)
        layout.addLayout(actions)
        layout.addWidget(self.summary)
        layout.addWidget(self.message)
        layout.addWidget(self.tabs, 1)

        self.area_button.clicked.connect(self.on_area_saved)
        self.area.returnPressed.connect(self.on_area_saved)
        self.area.textEdited.connect(lambda _text: self.area_error.hide())
        self.export_button.clicked.connect(lambda: self.on_export_clicked())
        self.reply_button.clicked.connect(lambda: self.on_reply_clicked())
        self.save_button.clicked.connect(lambda: self.on_save_clicked())
        self.shown.currentIndexChanged.connect(self.show_rows)
        self.table.selectionModel().currentRowChanged.connect(self._on_record_chosen)
        self.complete_button.clicked.connect(self.on_completed)
        self.psn_no.returnPressed.connect(self.on_completed)
        self.doctor_code.returnPressed.connect(self.on_completed)
        self.codes_table.selectionModel().currentRowChanged.connect(self._on_mapping_chosen)
        self.code_button.clicked.connect(self.on_code_saved)
        self.code.returnPressed.connect(self.on_code_saved)
        self.code_name.returnPressed.connect(self.on_code_saved)
        for keys, slot in (
            ("Ctrl+E", self.on_export_clicked),
            ("Ctrl+O", self.on_reply_clicked),
            ("Ctrl+S", self.on_save_clicked),
            ("Alt+F", self._choose_filter),
            ("F5", self.refresh),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self.changes.changed.connect(self._on_changes)

    # -- reading ------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.stale:
            self.refresh()

    def _on_changes(self, what: frozenset[Change]) -> None:
        if what & {Change.NOTICE, Change.CERTIFICATE, Change.SYNC, Change.ELSEWHERE}:
            self.stale = True
            if self.isVisible():
                self.refresh()

    def refresh(self) -> None:
        if not self.area.isModified() or not self.area.text():
            self.area.setText(self.filing.area())
            self.area.setModified(False)
        self.lines = filing_status(self.filing)
        found = counts(self.lines)
        names = state_names()
        self.summary.setText(
            " · ".join(f"{names[state]} {n}" for state, n in found.items() if n)
            or self.tr("Nothing to send yet: no certificate is in effect.")
        )
        self.show_rows()
        chosen = self.chosen_mapping()
        self.codes_model.set_rows(self.codes.mappings())
        keys = [(m.kind, m.code) for m in self.codes_model.rows]
        if chosen is not None and (chosen.kind, chosen.code) in keys:
            self.codes_table.selectRow(keys.index((chosen.kind, chosen.code)))
        elif keys:
            self.codes_table.selectRow(0)
        self.stale = False

    def show_rows(self) -> None:
        state = self.shown.currentData()
        chosen = self.chosen_line()
        self.model.set_rows([line for line in self.lines if state is None or line.state == state])
        keys = [(r.holder.number, r.holder.disease_code) for r in self.model.rows]
        if chosen is not None and (chosen.holder.number, chosen.holder.disease_code) in keys:
            # Read again (another desk, F5): the same record stays chosen, and what was
            # typed for it stays.
            self.table.selectRow(keys.index((chosen.holder.number, chosen.holder.disease_code)))
        self._on_record_chosen()

    def chosen_line(self) -> FilingLine | None:
        index = self.table.currentIndex()
        return self.model.rows[index.row()] if index.isValid() else None

    def _on_record_chosen(self) -> None:
        line = self.chosen_line()
        lacks = set(line.missing) & {"psn_no", "diag_dr_codg"} if line else set()
        if line is None or not line.holder.application_number or not lacks:
            self.complete_box.hide()
            return
        if self.completing != line.holder.application_number:
            self.completing = line.holder.application_number
            self.psn_no.clear()
            self.doctor_code.clear()
            self.complete_error.hide()
        self.psn_no.setEnabled("psn_no" in lacks)
        self.doctor_code.setEnabled("diag_dr_codg" in lacks)
        self.complete_box.show()

    def on_completed(self) -> None:
        line = self.chosen_line()
        if line is None or not line.holder.application_number:
            return
        try:
            self.filing.complete(
                self.actor,
                line.holder.application_number,
                self.psn_no.text() if self.psn_no.isEnabled() else "",
                self.doctor_code.text() if self.doctor_code.isEnabled() else "",
            )
        except (ValidationError, NcmsError) as err:
            problems = err.problems if isinstance(err, ValidationError) else ()
            self.complete_error.setText(
                "\n".join(p.message for p in problems) if problems else str(err)
            )
            self.complete_error.show()
            return
        self.completing = None
        self.refresh()
        self._say(
            self.tr("Kept for {0}: it goes with the next export.").format(
                line.holder.application_number
            )
        )

    def _choose_filter(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.shown.setFocus()
        self.shown.showPopup()

    def show_state(self, state: FilingState) -> None:
        self.shown.setCurrentIndex(max(0, self.shown.findData(state)))

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(ERROR_STYLE if error else "")
        self.message.show()

    # -- the area code --------------------------------------------------------------

    def on_area_saved(self) -> bool:
        try:
            self.filing.set_area(self.actor, self.area.text())
        except ValidationError as err:
            self.area_error.setText(err.problems[0].message)
            self.area_error.show()
            self.area.setFocus()
            return False
        self.area.setModified(False)
        self.area_error.hide()
        self.refresh()
        return True

    # -- export and reply, off the window's thread ------------------------------------

    def _run(self, work: Any, done: Any) -> None:
        for button in (self.export_button, self.reply_button):
            button.setEnabled(False)
        self.progress.show()
        self.operation = Operation(lambda _progress: work(), self)

        def finished(result: Any) -> None:
            self._idle()
            done(result)

        self.operation.success(finished)
        self.operation.failure(self._on_failed)
        self.operation.run()

    def _idle(self) -> None:
        for button in (self.export_button, self.reply_button):
            button.setEnabled(True)
        self.progress.hide()

    def _on_failed(self, error: Exception) -> None:
        self._idle()
        if isinstance(error, ValidationError):
            self._say("\n".join(f"{p.field}: {p.message}" for p in error.problems), True)
        elif isinstance(error, NcmsError):
            self._say(str(error), True)
        elif isinstance(error, OSError):
            self._say(self.tr("The file could not be written: {0}").format(error.strerror), True)
        else:
            self._say(self.tr("Unexpected error: {0}").format(type(error).__name__), True)
            show_failure(self, error)

    def on_export_clicked(self, out: Path | None = None, *, confirmed: bool = False) -> None:
        if not self.export_button.isEnabled():
            return
        if (self.area.isModified() or not self.filing.area()) and not self.on_area_saved():
            return
        if self.stale:
            self.refresh()
        owed = self.filing.owed(unanswered=self.unanswered.isChecked())
        registrations, revocations = owed.ready
        to_send = len(registrations) + len(revocations)
        if not to_send:
            self._say(self.tr("Nothing to send: what is listed is sent, or held back."))
            return
        if out is None:
            chosen, _ = QFileDialog.getSaveFileName(
                self,
                self.tr("Export for the platform"),
                # Dated: last month's file may still be open in a spreadsheet program.
                str(documents_folder() / f"国家平台备案_{self.filing.today():%Y-%m-%d}.xlsx"),
                self.tr("Workbooks (*.xlsx)"),
            )
            if not chosen:
                return
            out = Path(chosen)
        question = self.tr(
            "Export {0} records for the platform? They are marked sent and are not "
            "exported again unless the platform never answers them."
        ).format(to_send)
        if not confirmed and not confirm(self, self.tr("Export for the platform"), question):
            return
        from app.national.files import write_jsonl, write_workbook

        # A training county's lines would carry no mark of practice: the workbook only.
        jsonl = None if owed.training else out.with_suffix(".jsonl")
        unanswered = self.unanswered.isChecked()
        self._say(self.tr("Writing {0} …").format(out.name))
        self._run(
            lambda: self.filing.send(
                self.actor,
                out,
                write_workbook,
                jsonl,
                None if jsonl is None else write_jsonl,
                unanswered=unanswered,
            ),
            self._on_sent,
        )

    def _on_sent(self, sent: Sent) -> None:
        self.unanswered.setChecked(False)
        self.refresh()
        text = self.tr("Exported {0} registrations and {1} revocations: {2}").format(
            sent.registrations, sent.revocations, "、".join(str(p) for p in sent.paths)
        )
        if sent.held_back:
            text += "\n" + self.tr(
                "{0} held back until what they lack is filled in (listed below)."
            ).format(sent.held_back)
            self.show_state(FilingState.HELD_BACK)
        self._say(text)

    def on_reply_clicked(self, path: Path | None = None) -> None:
        if not self.reply_button.isEnabled():
            return
        if path is None:
            picked, _ = QFileDialog.getOpenFileName(
                self,
                self.tr("The platform's reply"),
                str(documents_folder()),
                self.tr("Replies (*.xlsx *.csv *.jsonl *.json *.txt)"),
            )
            if not picked:
                return
            path = Path(picked)
        from app.national.reply import read_reply

        file = path
        self._say(self.tr("Reading {0} …").format(file.name))

        def work() -> tuple[Answered, Reply]:
            reply = read_reply(file)
            return self.filing.record_reply(self.actor, reply.lines), reply

        self._run(work, lambda done: self._on_answered(*done))

    def _on_answered(self, answered: Answered, reply: Reply) -> None:
        self.refresh()
        lines = [
            self.tr("Recorded {0} serials from the platform ({1} already held).").format(
                answered.recorded, answered.unchanged
            )
        ]
        for line in answered.unmatched:
            lines.append(
                self.tr("Line {0}: {1} {2} was never sent from here; left aside.").format(
                    line.line, line.psn_no, line.disease_code
                )
            )
        for line in answered.conflicting:
            lines.append(
                self.tr("Line {0}: {1} {2} already has another serial; left as it was.").format(
                    line.line, line.psn_no, line.disease_code
                )
            )
        for refusal in reply.refusals:
            lines.append(
                self.tr("Line {0}: the platform refused it: {1}").format(refusal.line, refusal.said)
            )
        trouble = answered.unmatched or answered.conflicting or reply.refusals
        self._say("\n".join(lines), bool(trouble))

    def on_save_clicked(self, out: Path | None = None) -> None:
        if out is None:
            chosen, _ = QFileDialog.getSaveFileName(
                self,
                self.tr("Save the list"),
                str(documents_folder() / "国家平台备案情况.xlsx"),
                self.tr("Workbooks (*.xlsx)"),
            )
            if not chosen:
                return
            out = Path(chosen)
        from app.national.status import write_status

        try:
            write_status(self.model.rows, self.filing.db.installation().name, out)
        except OSError as err:
            self._say(self.tr("The file could not be written: {0}").format(err.strerror), True)
            return
        self._say(self.tr("Saved {0}").format(out))

    # -- national codes -------------------------------------------------------------

    def chosen_mapping(self) -> Mapping | None:
        index = self.codes_table.currentIndex()
        return self.codes_model.rows[index.row()] if index.isValid() else None

    def _on_mapping_chosen(self) -> None:
        mapping = self.chosen_mapping()
        if mapping is None:
            return
        key = (mapping.kind, mapping.code)
        typed = self.code.isModified() or self.code_name.isModified()
        if key == self.editing and typed:
            return  # the list was read again (another desk): what is typed stays
        self.editing = key
        self.code_error.hide()
        self.code.setText(mapping.national_code)
        self.code_name.setText(mapping.national_name)
        self.code.setModified(False)
        self.code_name.setModified(False)
        disease = mapping.kind == "disease"
        self.code_name.setVisible(disease)
        self.code_name_label.setVisible(disease)

    def on_code_saved(self) -> None:
        mapping = self.chosen_mapping()
        if mapping is None:
            self.code_error.setText(self.tr("Choose a hospital or disease in the table first"))
            self.code_error.show()
            return
        try:
            if mapping.kind == "hospital":
                self.codes.map_hospital(self.actor, mapping.code, self.code.text())
            else:
                self.codes.map_disease(
                    self.actor, mapping.code, self.code.text(), self.code_name.text()
                )
        except (ValidationError, NcmsError) as err:
            problems = err.problems if isinstance(err, ValidationError) else ()
            self.code_error.setText(problems[0].message if problems else str(err))
            self.code_error.show()
            self.code.setFocus()
            return
        self.code_error.hide()
        self.code.setModified(False)
        self.code_name.setModified(False)
        self.refresh()
        filed = self.code.text().strip().upper()
        self._say(self.tr("{0} is now filed as {1}").format(mapping.name, filed))
