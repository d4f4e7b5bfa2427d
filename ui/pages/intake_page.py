"""Intake: the counter form. Typed top to bottom with Tab or Enter (every field,
the lists too); the ID number fills what it can, and opens the applicant's unfinished
draft rather than start a second; Receive shows every problem at once beside its
field, and each goes the moment its field is right; drafts save themselves.

Receiving with materials not yet provided is allowed (the examination then lists
everything missing in one notice), after a question that names them; after receipt
the receipt is offered for printing. Next applicant asks what becomes of a form
that has something on it: kept as its draft, discarded, or not left yet.

Keys (in the buttons' tooltips): Ctrl+S save draft, Ctrl+Return receive, Ctrl+N
next applicant.
"""

from __future__ import annotations

import json
import os
import tempfile
import uuid
from datetime import date
from pathlib import Path

from PySide6.QtCore import QChildEvent, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.domain.catalogue import hospital_problems, required_materials
from app.domain.identity import parse_id_number
from app.domain.national import DOCTOR_CODE_LENGTH, INSURANCE_TYPES, PSN_NO_LENGTH
from app.domain.vocabulary import ApplicationKind, ChecklistStatus
from app.domain.workflow import State, state_term
from app.errors import NcmsError, Problem, ValidationError
from app.i18n import Term, bracketed, join_clauses, join_list
from app.intake.applications import ApplicationInput, ApplicationService, PersonInput
from app.intake.catalogue import CatalogueService
from app.intake.documents import DocumentService
from app.intake.listing import ApplicationList
from app.intake.persons import PastApplication, PersonService
from app.paths import DataPaths
from app.printing.printouts import PrintoutService
from app.security.actor import Actor
from ui.catalogue_names import material_names
from ui.changes import Change, Changes
from ui.dialogs.confirm import choose, confirm
from ui.dialogs.print_preview import PrintPreviewDialog, preview_form
from ui.models.intake_checklist_model import IntakeChecklistModel
from ui.screen_fit import long_list_combo
from ui.widgets.disease_picker import DiseasePicker, plain_enter
from ui.widgets.documents_panel import DocumentsPanel
from ui.widgets.scanner_watcher import ScannerWatcher
from ui.widgets.wrapped_label import WrappedLabel

AUTOSAVE_MS = 2000
ERROR_STYLE = "color: #b00020;"


class IntakePage(QWidget):
    """Signals: received(number) after an application is received."""

    received = Signal(str)

    def __init__(
        self,
        service: ApplicationService,
        catalogue: CatalogueService,
        listing: ApplicationList,
        persons: PersonService,
        documents: DocumentService,
        paths: DataPaths,
        actor: Actor,
        today: date | None = None,
        scanner: ScannerWatcher | None = None,
        changes: Changes | None = None,
        printouts: PrintoutService | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.actor = actor
        self.printouts = printouts  # None: no receipt is offered (a page without printing)
        self.receipt_preview: PrintPreviewDialog | None = None
        self._today = today
        self.service = service
        self.catalogue = catalogue
        self.listing, self.persons, self.documents_service = listing, persons, documents
        self.paths = paths
        self.changes = changes or Changes(self)
        self.rules = self.catalogue.rules()
        self.material_names = material_names(self.catalogue)
        self.disease_materials = {d.code: d.required_materials for d in self.catalogue.diseases()}
        self.scanner = scanner or ScannerWatcher(self)
        self.application_id: uuid.UUID | None = None
        self.number = ""
        self.errors: dict[str, QLabel] = {}
        self.checklist_model = IntakeChecklistModel(self.material_names, self)
        self._build()
        self._connect_signals()
        self.restore_recovery()

    def today(self) -> date:
        return self._today or date.today()

    # -- layout -------------------------------------------------------------------

    def _line(self, name: str, max_length: int = 50) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setMaxLength(max_length)
        return edit

    def _error_label(self, key: str) -> QLabel:
        error = WrappedLabel()
        error.setObjectName(f"error_{key}")
        error.setStyleSheet(ERROR_STYLE)
        error.hide()
        self.errors[key] = error
        return error

    def _row(self, form: QFormLayout, label: str, widget: QWidget, key: str) -> None:
        box = QVBoxLayout()
        box.setSpacing(2)
        box.addWidget(widget)
        box.addWidget(self._error_label(key))
        form.addRow(label, box)

    def _id_number_row(self, form: QFormLayout) -> None:
        """The ID number, and under it one line kept for what it tells: the birth date
        and place, or (in its place) what is wrong with it. The line is there, empty,
        before either shows, so the form below does not jump as the 18th character
        comes and goes."""
        slot = QWidget()
        slot.setObjectName("id_number_slot")
        slot_layout = QVBoxLayout(slot)
        slot_layout.setContentsMargins(0, 0, 0, 0)
        slot_layout.setSpacing(0)
        slot_layout.addWidget(self._error_label("id_number"))
        slot_layout.addWidget(self.id_info)
        slot_layout.addStretch(1)
        slot.setMinimumHeight(self.id_info.fontMetrics().lineSpacing() + 2)
        box = QVBoxLayout()
        box.setSpacing(2)
        box.addWidget(self.id_number)
        box.addWidget(slot)
        form.addRow(self.tr("ID number"), box)

    def _build(self) -> None:
        self.id_number = self._line("id_number", 18)
        self.id_info = QLabel()
        self.id_info.setObjectName("id_info")
        self.id_info.setStyleSheet("color: #1b5e20;")
        # Wraps to several lines for someone who applied often: held at its text's height.
        self.history = WrappedLabel()
        self.history.setObjectName("history")
        self.name = self._line("name", 20)
        self.phone = self._line("phone", 20)
        self.village = QComboBox()
        self.village.setObjectName("village")
        self.village.setEditable(True)
        # Enter moves on: it must not also file the typed text away as a new village.
        self.village.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.village.addItems(["", *self.listing.villages()])
        self.village_group = self._line("village_group", 20)
        self.household = self._line("household_number", 30)
        self.card = self._line("ncms_card_number", 30)
        self.psn_no = self._line("psn_no", PSN_NO_LENGTH)
        self.psn_no.setPlaceholderText(self.tr("from the insurance card, if at hand"))
        self.insutype = QComboBox()
        self.insutype.setObjectName("insutype")
        for code, name in INSURANCE_TYPES.items():
            self.insutype.addItem(f"{name}（{code}）", code)
        self.kind = QComboBox()
        self.kind.setObjectName("kind")
        self.kind.addItem(self.tr("New application"), ApplicationKind.NEW)
        self.kind.addItem(self.tr("Renewal"), ApplicationKind.RENEWAL)
        self.diseases = DiseasePicker(self.catalogue, self.rules.max_diseases)
        self.hospital = QComboBox()
        self.hospital.setObjectName("hospital")
        long_list_combo(self.hospital)  # a popup of 12 rows, not as tall as the screen
        self.hospital.addItem("", None)
        for h in self.catalogue.hospitals():
            self.hospital.addItem(bracketed(h.name, str(Term(f"level.{h.level}"))), h.code)
        self.hospital_note = WrappedLabel()
        self.hospital_note.setObjectName("hospital_note")
        self.hospital_note.setStyleSheet("color: #e65100;")
        self.diagnosis_date = self._line("diagnosis_date", 10)
        # A format, not an example date: an empty field must look empty.
        self.diagnosis_date.setPlaceholderText(self.tr("yyyy-mm-dd"))
        self.doctor = self._line("doctor_name")
        self.doctor_code = self._line("doctor_code", DOCTOR_CODE_LENGTH)
        self.doctor_code.setPlaceholderText(self.tr("if the diagnosis paper gives it"))
        self.agent_name = self._line("agent_name", 20)
        self.agent_id = self._line("agent_id_number", 18)
        self.agent_relation = self._line("agent_relation", 20)
        self.agent_phone = self._line("agent_phone", 20)

        applicant = QFormLayout()
        self._id_number_row(applicant)
        applicant.addRow("", self.history)
        self._row(applicant, self.tr("Name"), self.name, "name")
        self._row(applicant, self.tr("Phone"), self.phone, "phone")
        self._row(applicant, self.tr("Village"), self.village, "village")
        self._row(applicant, self.tr("Village group"), self.village_group, "village_group")
        self._row(applicant, self.tr("Household number"), self.household, "household_number")
        self._row(applicant, self.tr("NCMS card number"), self.card, "ncms_card_number")
        self._row(applicant, self.tr("National person number"), self.psn_no, "psn_no")
        self._row(applicant, self.tr("Insurance type"), self.insutype, "insutype")
        disease = QFormLayout()
        self._row(disease, self.tr("Kind"), self.kind, "kind")
        self._row(disease, self.tr("Diseases"), self.diseases, "diseases")
        self._row(disease, self.tr("Diagnosing hospital"), self.hospital, "hospital")
        disease.addRow("", self.hospital_note)
        self._row(disease, self.tr("Diagnosis date"), self.diagnosis_date, "diagnosis_date")
        self._row(disease, self.tr("Doctor"), self.doctor, "doctor_name")
        self._row(disease, self.tr("Doctor's national code"), self.doctor_code, "doctor_code")
        agent = QFormLayout()
        self._row(agent, self.tr("Agent's name"), self.agent_name, "agent_name")
        self._row(agent, self.tr("Agent's ID number"), self.agent_id, "agent_id_number")
        self._row(agent, self.tr("Relation"), self.agent_relation, "agent_relation")
        self._row(agent, self.tr("Agent's phone"), self.agent_phone, "agent_phone")

        left = QVBoxLayout()
        for title, form in (
            (self.tr("Applicant"), applicant),
            (self.tr("Disease"), disease),
            (self.tr("Agent (if someone applies for them)"), agent),
        ):
            group = QGroupBox(title)
            group.setLayout(form)
            left.addWidget(group)
        left.addStretch(1)
        left_widget = QWidget()
        left_widget.setLayout(left)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(left_widget)
        self.form_scroll = scroll

        self.checklist = QListView()
        self.checklist.setObjectName("checklist")
        self.checklist.setModel(self.checklist_model)
        self.errors["checklist"] = QLabel()
        self.errors["checklist"].setObjectName("error_checklist")
        self.errors["checklist"].setWordWrap(True)
        self.errors["checklist"].setStyleSheet(ERROR_STYLE)
        self.errors["checklist"].hide()
        # A short title: a group box is never narrower than its title, and the column
        # beside the form is narrow at 1024; the instruction wraps below it.
        materials = QGroupBox(self.tr("Materials received"))
        materials_hint = QLabel(self.tr("Tick what the applicant brought"))
        materials_hint.setWordWrap(True)
        materials_layout = QVBoxLayout(materials)
        materials_layout.addWidget(materials_hint)
        materials_layout.addWidget(self.checklist)
        materials_layout.addWidget(self.errors["checklist"])
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.save_button = QPushButton(self.tr("Save draft"))
        self.receive_button = QPushButton(self.tr("Receive"))
        self.receive_button.setObjectName("receive")
        self.receive_button.setDefault(True)
        self.new_button = QPushButton(self.tr("Next applicant"))
        buttons = QHBoxLayout()
        # The keys are in the tooltips, not the labels: the labels stay short enough
        # for a 1024-wide screen, and a label says what the button does.
        for button, keys in (
            (self.save_button, "Ctrl+S"),
            (self.receive_button, "Ctrl+Enter"),
            (self.new_button, "Ctrl+N"),
        ):
            shortcut = QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)
            button.setToolTip(bracketed(button.text(), shortcut))
            buttons.addWidget(button)
        self.documents = DocumentsPanel(
            self.service, self.documents_service, self.actor, self.ensure_saved, self.scanner
        )
        documents = QGroupBox(self.tr("Documents"))
        QVBoxLayout(documents).addWidget(self.documents)
        # The checklist and documents scroll; the message and the buttons below them
        # never do, so Receive stays in view on a 1024×768 screen whatever is shown.
        upper = QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addWidget(materials, 1)
        upper_layout.addWidget(documents, 1)
        upper_scroll = QScrollArea()
        upper_scroll.setWidgetResizable(True)
        upper_scroll.setFrameShape(QFrame.Shape.NoFrame)
        upper_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        upper_scroll.setWidget(upper)
        right = QVBoxLayout()
        right.addWidget(upper_scroll, 1)
        right.addWidget(self.message)
        right.addLayout(buttons)
        outer = QHBoxLayout(self)
        outer.addWidget(scroll, 3)
        outer.addLayout(right, 2)
        self.autosave = QTimer(self)
        self.autosave.setSingleShot(True)
        self.autosave.setInterval(AUTOSAVE_MS)

    def _fields(self) -> list[QLineEdit]:
        return [
            self.id_number,
            self.name,
            self.phone,
            self.village_group,
            self.household,
            self.card,
            self.psn_no,
            self.diagnosis_date,
            self.doctor,
            self.doctor_code,
            self.agent_name,
            self.agent_id,
            self.agent_relation,
            self.agent_phone,
        ]

    def _field_widgets(self) -> list[tuple[str, QWidget]]:
        """Each field a problem may name, in the order the clerk fills them."""
        return [
            ("id_number", self.id_number),
            ("name", self.name),
            ("phone", self.phone),
            ("village", self.village),
            ("village_group", self.village_group),
            ("household_number", self.household),
            ("ncms_card_number", self.card),
            ("psn_no", self.psn_no),
            ("insutype", self.insutype),
            ("kind", self.kind),
            ("diseases", self.diseases.search),
            ("hospital", self.hospital),
            ("diagnosis_date", self.diagnosis_date),
            ("doctor_name", self.doctor),
            ("doctor_code", self.doctor_code),
            ("agent_name", self.agent_name),
            ("agent_id_number", self.agent_id),
            ("agent_relation", self.agent_relation),
            ("agent_phone", self.agent_phone),
            ("checklist", self.checklist),
        ]

    def _connect_signals(self) -> None:
        self.id_number.textEdited.connect(self.on_id_number_edited)
        self.hospital.currentIndexChanged.connect(self.on_hospital_changed)
        self.diseases.changed.connect(self.on_diseases_changed)
        self.checklist_model.edited.connect(self.on_checklist_edited)
        self.save_button.clicked.connect(self.on_save_clicked)
        self.receive_button.clicked.connect(self.on_receive_clicked)
        self.new_button.clicked.connect(self.on_new_clicked)
        self.autosave.timeout.connect(self.on_autosave)
        self.documents.attached.connect(self.on_documents_attached)
        for edit in self._fields():
            edit.textEdited.connect(self.autosave.start)
            edit.editingFinished.connect(self.on_autosave)
            # Enter moves on like Tab: clerks type with one hand on the numpad.
            edit.returnPressed.connect(self.focusNextChild)
            edit.textChanged.connect(self.recheck)
        village_line = self.village.lineEdit()
        assert village_line is not None  # editable
        village_line.returnPressed.connect(self.focusNextChild)
        for combo in (self.kind, self.hospital):
            combo.installEventFilter(self)
        # Its dialogs (file, camera, photo, viewer) open from the documents panel.
        self.documents.installEventFilter(self)
        self.village.currentTextChanged.connect(self.autosave.start)
        self.village.currentTextChanged.connect(self.recheck)
        self.kind.currentIndexChanged.connect(self.autosave.start)
        self.insutype.currentIndexChanged.connect(self.autosave.start)
        self.kind.currentIndexChanged.connect(self.recheck)
        for keys, slot in (
            ("Ctrl+S", self.on_save_clicked),
            ("Ctrl+Return", self.on_receive_clicked),
            ("Ctrl+Enter", self.on_receive_clicked),
            ("Ctrl+N", self.on_new_clicked),
        ):
            QShortcut(QKeySequence(keys), self).activated.connect(slot)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # A closed list ignores Enter; here it moves on like everywhere else.
        if event.type() == QEvent.Type.KeyPress and watched in (self.kind, self.hospital):
            assert isinstance(event, QKeyEvent)
            if plain_enter(event):
                self.focusNextChild()
                return True
        elif event.type() == QEvent.Type.ChildPolished and watched is self.documents:
            self._watch_dialog(event)
        elif event.type() == QEvent.Type.Hide and isinstance(watched, QDialog):
            QTimer.singleShot(0, self, self.take_back_keyboard)
        return super().eventFilter(watched, event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ChildPolished:
            self._watch_dialog(event)
        return super().event(event)

    def _watch_dialog(self, event: QEvent) -> None:
        # A dialog is polished when first shown: from then on its closing is seen.
        assert isinstance(event, QChildEvent)
        child = event.child()
        if isinstance(child, QDialog):
            child.installEventFilter(self)

    def take_back_keyboard(self) -> None:
        """After one of the page's dialogs closes, the keys are the form's again: Qt
        may leave no window active (or the closed dialog), and then Ctrl+Enter and
        the other keys of the page would go nowhere."""
        active = QApplication.activeWindow()
        if not self.isVisible() or (active is not None and active.isVisible()):
            return
        self.window().activateWindow()
        if self.focusWidget() is None:
            self.id_number.setFocus()

    # -- live help ----------------------------------------------------------------

    def on_id_number_edited(self, text: str) -> None:
        self.id_info.clear()
        self.history.clear()
        if len(text.strip()) < 18:
            return
        try:
            info = parse_id_number(text, today=self.today())
        except ValidationError as err:
            self._show_problems(err.problems)
            return
        sex = self.tr("Male") if info.gender == "M" else self.tr("Female")
        self.id_info.setText(f"{sex}  {info.birth_date:%Y-%m-%d}  {info.birth_place}")
        known = self.persons.find(info.number)
        if known is None:
            return
        applicant = known.applicant
        self.name.setText(applicant.name)
        self.phone.setText(applicant.phone)
        self.village.setCurrentText(applicant.village)
        self.village_group.setText(applicant.village_group)
        self.household.setText(applicant.household_number)
        self.card.setText(applicant.ncms_card_number)
        self.psn_no.setText(applicant.psn_no)
        self.insutype.setCurrentIndex(max(0, self.insutype.findData(applicant.insutype)))
        past = join_clauses(
            f"{a.number} {join_list(self.diseases.names.get(c, c) for c in a.diseases)} "
            f"{state_term(a.state)}"
            for a in known.applications[:4]
        )
        self.history.setText(self.tr("Returning applicant: {0}").format(past))
        draft = known.open_draft()
        if draft is not None and self.application_id is None:
            self.continue_draft(draft)

    def continue_draft(self, draft: PastApplication) -> None:
        """Open the applicant's unfinished draft instead of starting a second one. What
        was already put on this form (a disease, a hospital, a tick) stays on it."""
        typed = self.snapshot()
        self.load(draft.id)
        by_name = {edit.objectName(): edit for edit in self._fields()}
        for name, value in typed["fields"].items():  # type: ignore[attr-defined]
            if value and name in by_name:
                by_name[name].setText(str(value))
        if typed["diseases"]:
            self.diseases.set_codes(list(typed["diseases"]))  # type: ignore[call-overload]
        if typed["hospital"]:
            self.hospital.setCurrentIndex(max(0, self.hospital.findData(typed["hospital"])))
        self.checklist_model.tick(typed["ticked"])  # type: ignore[arg-type]
        self.autosave.stop()
        self.message.setText(
            self.tr("Continuing draft {0}, saved earlier for this applicant").format(draft.number)
        )

    def on_hospital_changed(self) -> None:
        self._clear_error("hospital")
        code = self.hospital.currentData()
        self.hospital_note.clear()
        self.recheck()
        if code is None:
            return
        hospital = next(h for h in self.catalogue.hospitals() if h.code == code)
        problems = hospital_problems(hospital, self.rules)
        self.hospital_note.setText("\n".join(p.message for p in problems))
        self.autosave.start()

    def on_diseases_changed(self, codes: list[str]) -> None:
        self.checklist_model.set_materials(
            required_materials([self.disease_materials[c] for c in codes])
        )
        self.recheck()
        self.autosave.start()

    def on_checklist_edited(self, _row: int) -> None:
        self.autosave.start()

    # -- saving -------------------------------------------------------------------

    def _input(self) -> tuple[ApplicationInput, list[Problem]]:
        """The form as the service takes it, and the problem of a date that is not
        one (the service then sees no date)."""
        diagnosis = self.diagnosis_date.text().strip()
        typed: list[Problem] = []
        try:
            diagnosed = date.fromisoformat(diagnosis) if diagnosis else None
        except ValueError:
            diagnosed = None
            typed.append(Problem("diagnosis_date", "date.invalid", {"text": diagnosis}))
        person = PersonInput(
            id_number=self.id_number.text(),
            name=self.name.text(),
            phone=self.phone.text(),
            village=self.village.currentText().strip(),
            village_group=self.village_group.text(),
            household_number=self.household.text(),
            ncms_card_number=self.card.text(),
            psn_no=self.psn_no.text(),
            insutype=str(self.insutype.currentData()),
        )
        return ApplicationInput(
            person=person,
            disease_codes=self.diseases.codes(),
            kind=self.kind.currentData(),
            hospital_code=self.hospital.currentData(),
            diagnosis_date=diagnosed,
            doctor_name=self.doctor.text(),
            doctor_code=self.doctor_code.text(),
            agent_name=self.agent_name.text(),
            agent_id_number=self.agent_id.text(),
            agent_relation=self.agent_relation.text(),
            agent_phone=self.agent_phone.text(),
        ), typed

    def receipt_problems(self) -> list[Problem]:
        """Everything that would stop the form from being received, by the service's
        own rules; a date that is not one stands instead of "no date"."""
        data, typed = self._input()
        problems = self.service.receipt_check(self.actor, data, self.application_id)
        if typed:
            problems = typed + [p for p in problems if p.field != "diagnosis_date"]
        return problems

    def save(self, quiet: bool = False) -> bool:
        """Save the draft and its ticks; False (problems shown unless quiet) if refused.
        A new draft is announced: the applications list shows it."""
        self.autosave.stop()
        created = self.application_id is None
        try:
            data, typed = self._input()
            if typed:
                raise ValidationError(typed)
            ref = self.service.save_draft(
                self.actor, data, self.application_id, self.checklist_model.ticks()
            )
            self.application_id, self.number = ref.id, ref.number
        except ValidationError as err:
            if not quiet:
                self._show_problems(err.problems)
            return False
        except NcmsError as err:
            if not quiet:
                self.message.setText(str(err))
            return False
        if not quiet:
            self._clear_all_errors()
        if self.documents.application_id != self.application_id:
            self.documents.show_documents(self.application_id)
        self.message.setText(self.tr("Draft {0} saved").format(self.number))
        if created:
            self.changes.announce(Change.APPLICATION)
        return True

    def ensure_saved(self) -> uuid.UUID | None:
        """The draft to attach documents to, saving it first (None: not yet savable)."""
        return self.application_id if self.save() else None

    def on_documents_attached(self) -> None:
        """Attaching a photo or scan ticks its checklist item: show that."""
        if self.application_id is None:
            return
        provided = {
            i.material_code
            for i in self.service.get(self.application_id).checklist
            if i.status == ChecklistStatus.PROVIDED
        }
        self.checklist_model.tick(provided)

    def on_autosave(self) -> None:
        # The raw form goes to the recovery file whatever its state, so a crash loses
        # at most the field being typed; the draft is saved once the person is known
        # (quietly: problems the clerk has not finished typing are not shown yet).
        self.write_recovery()
        if len(self.id_number.text().strip()) == 18 and self.name.text().strip():
            self.save(quiet=True)

    def on_save_clicked(self) -> None:
        self.save()

    def on_receive_clicked(self) -> None:
        try:
            problems = self.receipt_problems()
        except NcmsError as err:
            self.message.setText(str(err))
            return
        if problems:
            self._refused(problems)
            return
        if not self.save():
            return
        assert self.application_id is not None
        try:
            if not self._receive_without_missing():
                return
            ref = self.service.receive(self.actor, self.application_id)
        except ValidationError as err:
            self._refused(err.problems)
            return
        except NcmsError as err:
            self.message.setText(str(err))
            return
        name = self.name.text()
        self.clear_form()
        self.message.setText(self.tr("Received {0} for {1}").format(ref.number, name))
        self.received.emit(ref.number)
        self.changes.announce(Change.APPLICATION)
        self.offer_receipt(ref.id, ref.number, name)

    def _receive_without_missing(self) -> bool:
        """Materials not yet provided do not stop receipt (the examination sends one
        notice listing everything missing); the clerk is told which, by their names on
        the checklist, and says whether to receive now. No is the default."""
        assert self.application_id is not None
        codes = [m["material"] for m in self.service.missing(self.application_id)]
        if not codes:
            return True
        names = join_list(self.material_names.get(c, c) for c in codes)
        if confirm(
            self,
            self.tr("Materials not yet provided"),
            self.tr(
                "Not yet provided: {0}. Receive the application now? The applicant can "
                "bring them later: the examination lists everything missing in one notice."
            ).format(names),
        ):
            return True
        self.message.setText(self.tr("Not received yet: tick the materials the applicant brought"))
        self.checklist.setFocus(Qt.FocusReason.OtherFocusReason)
        return False

    def offer_receipt(self, application_id: uuid.UUID, number: str, name: str) -> None:
        """The applicant takes the receipt home: offered at once, Enter prints it."""
        if self.printouts is None:
            return
        answer = choose(
            self,
            self.tr("Receipt"),
            self.tr("Received {0} for {1}. Print the receipt now?").format(number, name),
            [self.tr("Print receipt"), self.tr("Not now")],
            default=0,
            cancel=1,
        )
        if answer != 0:
            return
        try:
            self.receipt_preview = preview_form(
                self, self.printouts, self.paths.work, application_id, "receipt", self.tr("Receipt")
            )
        except (OSError, NcmsError):
            self.message.setText(
                self.tr(
                    "The receipt could not be made: print it from the application's window "
                    "under Applications"
                )
            )

    def _refused(self, problems: list[Problem]) -> None:
        """Every problem at once, each beside its field, the cursor on the first."""
        self.save(quiet=True)  # what can be kept is kept, as autosave would
        self._clear_all_errors()
        self._show_problems(problems)
        self.message.setText(self.tr("Not received: correct the marked fields"))
        shown = {self._error_key(p.field) for p in problems}
        for key, widget in self._field_widgets():
            if key in shown:
                self.form_scroll.ensureWidgetVisible(widget)
                widget.setFocus(Qt.FocusReason.OtherFocusReason)
                return

    def has_content(self) -> bool:
        """Anything on the form the clerk put there (or a draft opened in it)."""
        state = self.snapshot()
        return bool(
            self.application_id
            or any(state["fields"].values())  # type: ignore[attr-defined]
            or self.village.currentText().strip()
            or state["diseases"]
            or state["hospital"]
            or state["ticked"]
        )

    def on_new_clicked(self) -> None:
        """Next applicant: a form with something on it is kept as its draft (Enter),
        discarded, or not left after all, as the clerk answers; never dropped unasked."""
        if not self.has_content():
            self.clear_form()
            return
        saved = self.save(quiet=True)
        if self.application_id is not None:
            state = self.service.get(self.application_id).state
            if state != State.DRAFT:
                # A returned application opened again: it stays, with what was saved.
                if saved:
                    self._next(self.tr("Changes to {0} are saved").format(self.number))
                else:
                    self.save()  # shows why the latest change cannot be saved
                return
        keep, discard, cancel = self.tr("Keep draft"), self.tr("Discard"), self.tr("Cancel")
        if saved:
            question = self.tr("Keep this form as draft {0} to finish later?").format(self.number)
            answers, default = [keep, discard, cancel], 0
        elif self.application_id is not None:
            self.save()  # the problems beside their fields
            question = self.tr(
                "The latest changes cannot be saved (see the marked fields). Keep draft {0} "
                "as it was last saved?"
            ).format(self.number)
            answers, default = [keep, discard, cancel], 2
        else:
            self.save()
            question = self.tr(
                "This form cannot be kept as a draft until the ID number and name are "
                "right. Discard what is typed?"
            )
            answers, default = [discard, cancel], 1
        answer = choose(
            self, self.tr("Next applicant"), question, answers, default, len(answers) - 1
        )
        chosen = answers[answer] if answer is not None else cancel
        if chosen == keep:
            self._next(self.tr("Draft {0} kept: find it under Applications").format(self.number))
        elif chosen == discard:
            self.discard()

    def discard(self) -> None:
        """Throw the form away; its draft, if autosave made one, is withdrawn (audited,
        like every withdrawal, never deleted)."""
        if self.application_id is None:
            self._next(self.tr("The form is discarded"))
            return
        try:
            ref = self.service.discard_draft(self.actor, self.application_id)
        except NcmsError as err:
            self.message.setText(str(err))
            return
        self._next(self.tr("Draft {0} discarded").format(ref.number))

    def _next(self, message: str) -> None:
        held = self.application_id is not None
        self.clear_form()
        self.message.setText(message)
        if held:
            self.changes.announce(Change.APPLICATION)  # the list shows the draft as left

    # -- crash recovery -----------------------------------------------------------

    @property
    def recovery_file(self) -> Path:
        return self.paths.root / "recovery" / f"intake-{self.actor.username}.json"

    def snapshot(self) -> dict[str, object]:
        return {
            "application_id": str(self.application_id or ""),
            "fields": {edit.objectName(): edit.text() for edit in self._fields()},
            "village": self.village.currentText(),
            "kind": self.kind.currentData(),
            "insutype": self.insutype.currentData(),
            "diseases": self.diseases.codes(),
            "hospital": self.hospital.currentData(),
            "ticked": self.checklist_model.ticked_codes(),
        }

    def write_recovery(self) -> None:
        state = self.snapshot()
        if not any(state["fields"].values()) and not state["diseases"]:  # type: ignore[attr-defined]
            return
        folder = self.recovery_file.parent
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".intake-")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(state, handle, ensure_ascii=False)
            handle.flush()
            os.fsync(handle.fileno())
        Path(tmp).replace(self.recovery_file)

    def restore_recovery(self) -> bool:
        """Refill the form from the last unfinished session, if one was left."""
        try:
            state = json.loads(self.recovery_file.read_text("utf-8"))
        except (OSError, ValueError):
            return False
        if state.get("application_id"):
            try:
                self.load(uuid.UUID(state["application_id"]))
            except (ValueError, NcmsError):
                self.application_id = None
        fields = state.get("fields", {})
        # The ID number first: its lookup prefills from the database, and what the
        # clerk had typed must win over that.
        self.id_number.setText(str(fields.get("id_number", "")))
        self.on_id_number_edited(self.id_number.text())
        by_name = {edit.objectName(): edit for edit in self._fields()}
        for name, value in fields.items():
            if name in by_name:
                by_name[name].setText(str(value))
        self.village.setCurrentText(state.get("village", ""))
        self.kind.setCurrentIndex(max(0, self.kind.findData(state.get("kind"))))
        self.insutype.setCurrentIndex(max(0, self.insutype.findData(state.get("insutype"))))
        self.diseases.set_codes(
            [c for c in state.get("diseases", []) if c in self.disease_materials]
        )
        self.hospital.setCurrentIndex(max(0, self.hospital.findData(state.get("hospital"))))
        self.checklist_model.tick(state.get("ticked", []))
        self.autosave.stop()
        self.write_recovery()  # loading a draft cleared the file: keep it until done
        self.message.setText(self.tr("The form left unfinished last time has been restored"))
        return True

    def clear_form(self) -> None:
        self._clear_all_errors()  # first: nothing left to re-check as the fields empty
        self.recovery_file.unlink(missing_ok=True)
        self.autosave.stop()
        self.application_id, self.number = None, ""
        for edit in self._fields():
            edit.clear()
        self.village.setCurrentText("")
        self.kind.setCurrentIndex(0)
        self.insutype.setCurrentIndex(0)
        self.hospital.setCurrentIndex(0)
        self.diseases.set_codes([])
        self.id_info.clear()
        self.history.clear()
        self.message.clear()
        self.documents.show_documents(None)
        self.documents.status.clear()
        self._clear_all_errors()
        self.id_number.setFocus()

    def load(self, application_id: uuid.UUID) -> None:
        """Open an existing draft (or returned application) in the form."""
        app = self.service.get(application_id)
        person = app.applicant
        self.clear_form()
        self.application_id, self.number = app.id, app.number
        self.id_number.setText(person.id_number)
        self.on_id_number_edited(person.id_number)
        self.diseases.set_codes([d.disease_code for d in app.diseases])
        self.hospital.setCurrentIndex(max(0, self.hospital.findData(app.hospital_code)))
        self.diagnosis_date.setText(app.diagnosis_date.isoformat() if app.diagnosis_date else "")
        self.kind.setCurrentIndex(max(0, self.kind.findData(app.kind)))
        for widget, value in (
            (self.doctor, app.doctor_name),
            (self.doctor_code, app.doctor_code),
            (self.agent_name, app.agent_name),
            (self.agent_id, app.agent_id_number),
            (self.agent_relation, app.agent_relation),
            (self.agent_phone, app.agent_phone),
        ):
            widget.setText(value)
        provided = {i.material_code for i in app.checklist if i.status == ChecklistStatus.PROVIDED}
        self.checklist_model.set_ticked(provided)
        self.documents.show_documents(app.id)
        self.autosave.stop()

    # -- problems beside fields ---------------------------------------------------

    def _error_key(self, field: str) -> str:
        return field if field in self.errors else "checklist"

    def _by_field(self, problems: list[Problem]) -> dict[str, list[str]]:
        by_field: dict[str, list[str]] = {}
        for problem in problems:
            by_field.setdefault(self._error_key(problem.field), []).append(problem.message)
        return by_field

    def _show_problems(self, problems: list[Problem]) -> None:
        by_field = self._by_field(problems)
        if "hospital" in by_field:
            self.hospital_note.clear()  # the same reason now stands as an error
        for field, messages in by_field.items():
            label = self.errors[field]
            label.setText("\n".join(messages))
            label.show()
        if "id_number" in by_field:
            self.id_info.hide()  # the error takes the ID number's one line

    def recheck(self) -> None:
        """Keep the errors shown true as the clerk corrects them: each goes the moment
        its field is right, or changes to what is wrong now. A field not marked is not
        marked while it is being typed."""
        shown = [field for field, label in self.errors.items() if not label.isHidden()]
        if not shown:
            return
        try:
            by_field = self._by_field(self.receipt_problems())
        except NcmsError:
            return
        for field in shown:
            if field in by_field:
                self.errors[field].setText("\n".join(by_field[field]))
            else:
                self._clear_error(field)

    def _clear_error(self, field: str) -> None:
        self.errors[field].clear()
        self.errors[field].hide()
        if field == "id_number":
            self.id_info.show()

    def _clear_all_errors(self) -> None:
        for field in self.errors:
            self._clear_error(field)

    def visible_errors(self) -> dict[str, str]:
        return {field: label.text() for field, label in self.errors.items() if not label.isHidden()}
