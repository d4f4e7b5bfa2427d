"""One application: who, what, the checklist, its history as a timeline, printing its
forms, recording the applicant's appeal of a rejection, and withdrawing it."""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.appeals.lodging import AppealService
from app.domain.quarters import quarter_label
from app.domain.vocabulary import Outcome
from app.domain.workflow import State, state_term
from app.errors import NcmsError
from app.i18n import bracketed, join_list
from app.intake.application_view import ApplicationView
from app.intake.applications import ApplicationService
from app.intake.catalogue import CatalogueService
from app.paths import DataPaths
from app.printing.printouts import PrintoutService
from app.security.actor import Actor
from app.sync.exchange import PackageExchange
from app.sync.history import ApplicationSync
from ui.catalogue_names import disease_names, material_names
from ui.changes import Change, Changes
from ui.dialogs.appeal_dialog import AppealDialog
from ui.dialogs.print_preview import PrintPreviewDialog, preview_form
from ui.models.checklist_model import ChecklistMarksModel
from ui.models.history_model import HistoryModel
from ui.screen_fit import resize_to_fit
from ui.widgets.withdraw_box import WithdrawBox


class ApplicationDetailDialog(QDialog):
    def _county_text(self, sync: ApplicationSync, diseases: dict[str, str]) -> str:
        """Where the application stands with the county: sent, acknowledged, decided."""
        if sync.sent_in is None and not sync.acknowledged:
            parts = [self.tr("not sent yet")]
        elif sync.sent_in is None:
            parts = [self.tr("held by the county")]
        else:
            sent = self.tr("sent in package %1 on %2").replace("%1", str(sync.sent_in))
            parts = [sent.replace("%2", f"{sync.sent_at:%Y-%m-%d}" if sync.sent_at else "")]
            parts.append(
                self.tr("acknowledged") if sync.acknowledged else self.tr("not yet acknowledged")
            )
        outcomes: dict[str, str] = {
            Outcome.APPROVED: self.tr("approved"),
            Outcome.REJECTED: self.tr("rejected"),
            Outcome.EXAM_REQUIRED: self.tr("physical examination required"),
            Outcome.SUPPLEMENT_REQUESTED: self.tr("supplement requested"),
        }
        for code, outcome, conflict, superseded in sync.decisions:
            text = f"{diseases.get(code, code)}: {outcomes.get(outcome, outcome)}"
            if conflict:
                text += " " + self.tr("(conflict: the application changed after it was sent)")
            elif superseded:
                text += " " + self.tr("(on an earlier version of the application)")
            parts.append(text)
        return "; ".join(parts)

    def __init__(
        self,
        applications: ApplicationService,
        catalogue: CatalogueService,
        exchange: PackageExchange,
        printouts: PrintoutService,
        appeals: AppealService,
        paths: DataPaths,
        application_id: uuid.UUID,
        actor: Actor,
        changes: Changes | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.printouts, self.paths, self.appeals, self.actor = printouts, paths, appeals, actor
        self.applications, self.changes = applications, changes or Changes(self)
        app = applications.get(application_id)
        history = applications.history(application_id)
        diseases = disease_names(catalogue)
        materials = material_names(catalogue)
        hospitals = {h.code: h.name for h in catalogue.hospitals()}
        person = app.applicant
        self.setWindowTitle(self.tr("Application {0}").format(app.number))
        resize_to_fit(self, 900, 600)  # smaller where the screen is

        who = QFormLayout()
        who.addRow(self.tr("Name"), QLabel(person.name))
        who.addRow(self.tr("ID number"), QLabel(person.id_number))
        sex = self.tr("M") if person.gender == "M" else self.tr("F")
        who.addRow(self.tr("Sex / birth date"), QLabel(f"{sex}  {person.birth_date:%Y-%m-%d}"))
        who.addRow(self.tr("Village"), QLabel(f"{person.village} {person.village_group}"))
        who.addRow(self.tr("Phone"), QLabel(person.phone or app.agent_phone))
        if app.agent_name:
            who.addRow(self.tr("Agent"), QLabel(bracketed(app.agent_name, app.agent_relation)))
        what = QFormLayout()
        self.state_label = QLabel(str(state_term(app.state)))
        self.state_label.setObjectName("state")
        what.addRow(self.tr("State"), self.state_label)
        what.addRow(
            self.tr("Diseases"),
            QLabel(join_list(diseases.get(d.disease_code, d.disease_code) for d in app.diseases)),
        )
        what.addRow(self.tr("Hospital"), QLabel(hospitals.get(app.hospital_code or "", "")))
        what.addRow(
            self.tr("Diagnosed"),
            QLabel(f"{app.diagnosis_date:%Y-%m-%d}" if app.diagnosis_date else ""),
        )
        what.addRow(self.tr("Quarter"), QLabel(quarter_label(app.quarter) if app.quarter else ""))
        self.documents_label = QLabel(str(app.document_count))
        self.documents_label.setObjectName("document_count")
        what.addRow(self.tr("Documents"), self.documents_label)
        self.county_label = QLabel(
            self._county_text(exchange.application(application_id), diseases)
        )
        self.county_label.setObjectName("county_status")
        self.county_label.setWordWrap(True)
        what.addRow(self.tr("County"), self.county_label)
        self.appeal_label = QLabel(self._appeal_text(app.id))
        self.appeal_label.setObjectName("appeal_status")
        self.appeal_label.setWordWrap(True)
        what.addRow(self.tr("Appeal"), self.appeal_label)
        top = QHBoxLayout()
        for title, form in ((self.tr("Applicant"), who), (self.tr("Application"), what)):
            box = QGroupBox(title)
            box.setLayout(form)
            top.addWidget(box, 1)

        self.checklist_model = ChecklistMarksModel(materials, self)
        self.checklist_model.set_rows(app.checklist)
        self.checklist = QListView()
        self.checklist.setObjectName("checklist")
        self.checklist.setModel(self.checklist_model)
        self.history_model = HistoryModel(self)
        self.history_model.set_rows(history)
        self.timeline = QListView()
        self.timeline.setObjectName("timeline")
        self.timeline.setModel(self.history_model)
        lists = QHBoxLayout()
        for title, widget in (
            (self.tr("Materials"), self.checklist),
            (self.tr("History"), self.timeline),
        ):
            box = QGroupBox(title)
            inner = QVBoxLayout(box)
            inner.addWidget(widget)
            lists.addWidget(box, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(lists, 1)
        layout.addLayout(self._print_buttons(app))
        self.withdraw_box = WithdrawBox(applications, actor, app.id, app.number, State(app.state))
        self.withdraw_box.withdrawn.connect(self.on_withdrawn)
        layout.addWidget(self.withdraw_box)
        layout.addWidget(buttons)

    def on_withdrawn(self) -> None:
        self.state_label.setText(str(state_term(State.WITHDRAWN)))
        self.history_model.set_rows(self.applications.history(self.application_id))
        self.changes.announce(Change.APPLICATION)

    # -- printing the forms of this application ------------------------------------

    def _print_buttons(self, app: ApplicationView) -> QHBoxLayout:
        self.application_id = app.id
        self.application_number = app.number
        self.preview: PrintPreviewDialog | None = None
        state = State(app.state)
        rejected = any(d.outcome == Outcome.REJECTED for d in app.diseases)
        self.copies = QSpinBox()
        self.copies.setObjectName("form_copies")
        self.copies.setRange(1, 3)
        self.copies.setValue(3)
        self.copies.setSuffix(self.tr(" copies"))
        self.paper = QComboBox()
        self.paper.setObjectName("form_paper")
        self.paper.addItem("A4", "A4")
        self.paper.addItem("A5", "A5")
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Print:")))
        self.print_buttons: dict[str, QPushButton] = {}
        for kind, label, enabled in (
            ("form", self.tr("Approval form"), state != State.DRAFT),
            ("receipt", self.tr("Receipt"), state != State.DRAFT),
            (
                "notice",
                self.tr("Missing-materials notice"),
                state in (State.AWAITING_MATERIALS, State.RETURNED),
            ),
            ("rejection", self.tr("Rejection notice"), rejected),
        ):
            button = QPushButton(label)
            button.setObjectName(f"print_{kind}")
            button.setEnabled(enabled)
            button.clicked.connect(lambda _=False, k=kind: self.print_form(k))
            self.print_buttons[kind] = button
            row.addWidget(button)
            if kind == "form":
                row.addWidget(self.copies)
        # Beside the rejection notice it answers: the applicant brings the notice back.
        self.appeal_button = QPushButton(self.tr("A&ppeal…"))
        self.appeal_button.setObjectName("appeal")
        # Once: the committee's answer to an appeal is final here.
        appealed = self.appeals.appeal_of(app.id) is not None
        # A partly approved file too: its rejected disease, its certificate standing.
        self.appeal_button.setEnabled(
            state in (State.REJECTED, State.CERTIFICATE_ISSUED) and rejected and not appealed
        )
        self.appeal_button.clicked.connect(self.on_appeal_clicked)
        row.addWidget(self.appeal_button)
        row.addStretch(1)
        row.addWidget(QLabel(self.tr("Paper")))
        row.addWidget(self.paper)
        return row

    # -- the applicant's appeal -------------------------------------------------------

    def _appeal_text(self, application_id: uuid.UUID) -> str:
        appeal = self.appeals.appeal_of(application_id)
        if appeal is None:
            return self.tr("none")
        return self.tr("lodged on {0} ({1}): {2}").format(
            f"{appeal.lodged_on:%Y-%m-%d}", join_list(appeal.diseases), "；".join(appeal.reasons)
        )

    def on_appeal_clicked(self) -> AppealDialog | None:
        """The appeal dialog, or why this application cannot be appealed beside the button."""
        try:
            appealable = self.appeals.appealable(self.application_id)
        except NcmsError as err:
            self.appeal_label.setText(str(err))
            return None
        dialog = AppealDialog(self.appeals, self.actor, appealable, self.appeals.today, self)
        dialog.accepted.connect(self.on_appealed)
        dialog.open()
        return dialog

    def on_appealed(self) -> None:
        app = self.applications.get(self.application_id)
        state = State(app.state)
        self.documents_label.setText(str(app.document_count))  # with the new materials
        self.state_label.setText(str(state_term(state)))
        self.appeal_label.setText(self._appeal_text(self.application_id))
        self.appeal_button.setEnabled(False)
        self.withdraw_box.show_state(state)
        self.history_model.set_rows(self.applications.history(self.application_id))
        self.changes.announce(Change.APPLICATION)

    def print_form(self, kind: str) -> None:
        """Make the form and show it in the print preview."""
        titles = {
            "form": self.tr("Approval form"),
            "receipt": self.tr("Receipt"),
            "notice": self.tr("Missing-materials notice"),
            "rejection": self.tr("Rejection notice"),
        }
        self.preview = preview_form(
            self,
            self.printouts,
            self.paths.work,
            self.application_id,
            kind,
            titles[kind],
            paper=str(self.paper.currentData()),
            copies=self.copies.value(),
        )
