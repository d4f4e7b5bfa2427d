"""One station's file as the county reads it: the applicant, the declared diseases and
where they were diagnosed, what the station's preliminary examination found, the
file's history and the documents the station sent. The case dialog shows one, the
duplicates comparison two side by side."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QVBoxLayout,
    QWidget,
)

from app.domain.quarters import quarter_label
from app.domain.workflow import state_term
from app.i18n import bracketed, join_list
from app.intake.application_view import ApplicationView
from app.intake.applications import ApplicationService
from app.intake.catalogue import CatalogueService
from app.intake.documents import DocumentService
from app.intake.listing import ApplicationList
from ui.catalogue_names import disease_names, material_names
from ui.models.checklist_model import ChecklistMarksModel
from ui.models.history_model import HistoryModel
from ui.widgets.documents_panel import DocumentList

LIST_HEIGHT = 110  # a few lines of the checklist or the history, then it scrolls
DIFFERENT = "color: #b00020; font-weight: bold;"


@dataclass(frozen=True)
class CaseNames:
    """Codes as a reviewer reads them, looked up once per dialog."""

    diseases: dict[str, str]
    materials: dict[str, str]
    hospitals: dict[str, str]
    stations: dict[str, str]

    @classmethod
    def load(cls, catalogue: CatalogueService, listing: ApplicationList) -> CaseNames:
        return cls(
            disease_names(catalogue),
            material_names(catalogue),
            {h.code: h.name for h in catalogue.hospitals()},
            dict(listing.stations()),
        )

    def station(self, code: str) -> str:
        return self.stations.get(code, code)


def _value() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    return label


class CaseFile(QWidget):
    """`wide`: the facts beside the lists (a dialog of its own); else one column (one
    half of the side-by-side comparison)."""

    def __init__(
        self,
        applications: ApplicationService,
        documents: DocumentService,
        names: CaseNames,
        wide: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.applications = applications
        self.names = names
        self.view: ApplicationView | None = None
        self.heading = QLabel()
        self.heading.setObjectName("case_heading")
        self.heading.setWordWrap(True)
        self.fields: dict[str, QLabel] = {}
        self.facts = self._form(
            ("name", self.tr("Name")),
            ("id_number", self.tr("ID number")),
            ("born", self.tr("Sex / birth date")),
            ("village", self.tr("Village")),
            ("phone", self.tr("Phone")),
            ("agent", self.tr("Agent")),
            ("state", self.tr("State")),
            ("diseases", self.tr("Declared diseases")),
            ("hospital", self.tr("Diagnosing hospital")),
            ("diagnosed", self.tr("Diagnosed")),
            ("doctor", self.tr("Doctor")),
            ("quarter", self.tr("Quarter")),
            ("received", self.tr("Received")),
        )
        self.checklist_model = ChecklistMarksModel(names.materials, self)
        self.checklist = self._list("case_checklist", self.checklist_model)
        self.notes = _value()
        self.notes.setObjectName("case_notes")
        self.history_model = HistoryModel(self)
        self.history = self._list("case_history", self.history_model)
        self.documents = DocumentList(documents)
        self.documents.setObjectName("case_documents")
        self.documents.empty_text = self.tr(
            "The station sent no scanned documents with this file; the station's examination "
            "says which materials it received on paper."
        )
        examination = QVBoxLayout()
        examination.addWidget(self.checklist)
        examination.addWidget(self.notes)
        facts = self._box(self.tr("Applicant and application"), self.facts)
        checked = self._box(self.tr("Station's examination"), examination)
        history = self._box(self.tr("History"), self._single(self.history))
        sent = self._box(self.tr("Documents"), self._single(self.documents))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        if wide:
            # The facts beside what the station found, the documents across the bottom
            # with the room that is left (a 768-pixel screen has little).
            for view in (self.checklist, self.history):
                view.setMaximumHeight(LIST_HEIGHT + 30)
            columns = QHBoxLayout()
            lists = QVBoxLayout()
            lists.addWidget(checked)
            lists.addWidget(history)
            columns.addWidget(facts, 1)
            columns.addLayout(lists, 1)
            layout.addLayout(columns)
            layout.addWidget(sent, 1)
        else:
            # Half of a comparison: the facts and the documents first, the two files'
            # rows level with each other; the rest below, to scroll to.
            for box in (facts, sent, checked, history):
                layout.addWidget(box)
            layout.addStretch(1)

    def _form(self, *rows: tuple[str, str]) -> QFormLayout:
        form = QFormLayout()
        for key, label in rows:
            self.fields[key] = _value()
            self.fields[key].setObjectName(f"case_{key}")
            form.addRow(label, self.fields[key])
        return form

    @staticmethod
    def _list(name: str, model: ChecklistMarksModel | HistoryModel) -> QListView:
        view = QListView()
        view.setObjectName(name)
        view.setModel(model)
        view.setWordWrap(True)
        view.setMinimumHeight(LIST_HEIGHT)
        return view

    @staticmethod
    def _single(widget: QWidget) -> QVBoxLayout:
        layout = QVBoxLayout()
        layout.addWidget(widget)
        return layout

    @staticmethod
    def _box(title: str, inner: QFormLayout | QVBoxLayout) -> QGroupBox:
        box = QGroupBox(title)
        box.setLayout(inner)
        return box

    def show_case(self, application_id: uuid.UUID) -> ApplicationView:
        """Read the file again (after a decision its state and history have moved)."""
        app = self.applications.get(application_id)
        self.view = app
        names = self.names
        person = app.applicant
        state = str(state_term(app.state))
        self.heading.setText(f"<b>{app.number}</b>　{names.station(app.station_code)}")
        sex = self.tr("M") if person.gender == "M" else self.tr("F")
        agent = bracketed(app.agent_name, app.agent_relation) if app.agent_name else ""
        received = f"{app.received_at.astimezone():%Y-%m-%d}" if app.received_at else ""
        values = {
            "name": person.name,
            "id_number": person.id_number,
            "born": f"{sex}  {person.birth_date:%Y-%m-%d}",
            "village": f"{person.village} {person.village_group}".strip(),
            "phone": person.phone or app.agent_phone,
            "agent": agent,
            "state": state,
            "diseases": join_list(
                names.diseases.get(d.disease_code, d.disease_code) for d in app.diseases
            ),
            "hospital": names.hospitals.get(app.hospital_code or "", app.hospital_code or ""),
            "diagnosed": f"{app.diagnosis_date:%Y-%m-%d}" if app.diagnosis_date else "",
            "doctor": bracketed(app.doctor_name, app.doctor_code)
            if app.doctor_code
            else app.doctor_name,
            "quarter": quarter_label(app.quarter) if app.quarter else "",
            "received": received,
        }
        for key, text in values.items():
            self.fields[key].setText(text)
        self.facts.setRowVisible(self.fields["agent"], bool(agent))
        self.checklist_model.set_rows(list(app.checklist))
        self.notes.setText(
            self.tr("Station's notes: {0}").format(app.notes)
            if app.notes
            else self.tr("No notes from the station")
        )
        self.history_model.set_rows(self.applications.history(application_id))
        self.documents.show_documents(application_id)
        return app

    def mark_differences(self, other: CaseFile) -> list[str]:
        """Show in red what this file says otherwise than `other` (the comparison's
        point: a typing slip in the ID number, another hospital); the keys that differ."""
        differ = [k for k, label in self.fields.items() if label.text() != other.fields[k].text()]
        for key, label in self.fields.items():
            label.setStyleSheet(DIFFERENT if key in differ else "")
        return differ
