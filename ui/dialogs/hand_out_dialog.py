"""Handing out a printed certificate: who collects it (the applicant, or an agent), the
ID number on their card — typed, or read by a card reader that types it — checked
against the one on file as it is typed, and a reason asked for only when it is not
that one. Each problem is said beside its field; the dialog stays open with what was
typed until the hand-out is recorded.

Keyboard: Alt+A the applicant, Alt+G an agent, Enter records.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.certificates.handout import (
    REASON_LIMIT,
    RELATION_LIMIT,
    Collector,
    HandedOut,
    HandOutRequest,
    HandOutService,
    OnFile,
)
from app.domain.identity import mask_id_number
from app.errors import NcmsError, Problem, ValidationError
from app.security.actor import Actor
from ui.widgets.dates import date_edit, day_of
from ui.widgets.dialog_buttons import action_buttons
from ui.widgets.errors import error_label

FIELDS = ("name", "relation", "id_number", "reason", "on")


class HandOutDialog(QDialog):
    def __init__(
        self,
        service: HandOutService,
        actor: Actor,
        on_file: OnFile,
        today: Callable[[], date] = date.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.service, self.actor, self.on_file = service, actor, on_file
        self.done_: HandedOut | None = None
        self.setWindowTitle(self.tr("Hand out certificate {0}").format(on_file.number))
        about = QLabel(
            # The number on file masked: the clerk checks the card, not the screen.
            self.tr("Certificate {0} of {1}, ID number on file {2}.").format(
                on_file.number, on_file.name, mask_id_number(on_file.id_number)
            )
        )
        about.setWordWrap(True)
        self.applicant = QRadioButton(self.tr("The &applicant"))
        self.applicant.setObjectName("collector_applicant")
        self.agent = QRadioButton(self.tr("An a&gent"))
        self.agent.setObjectName("collector_agent")
        group = QButtonGroup(self)
        group.addButton(self.applicant)
        group.addButton(self.agent)
        self.name = QLineEdit(on_file.agent_name)
        self.name.setObjectName("collector_name")
        self.relation = QLineEdit(on_file.agent_relation)
        self.relation.setObjectName("collector_relation")
        self.relation.setMaxLength(RELATION_LIMIT)
        self.id_number = QLineEdit()
        self.id_number.setObjectName("collector_id_number")
        self.id_number.setMaxLength(18)
        self.id_number.setPlaceholderText(self.tr("from the ID card they show"))
        self.reason = QLineEdit()
        self.reason.setObjectName("handout_reason")
        self.reason.setMaxLength(REASON_LIMIT)
        self.on = date_edit("handout_on", today())
        # Each error line keeps its room (two lines where a message may wrap), so the
        # fields and the button stay where they are as problems come and go.
        self.errors = {f: error_label(f"handout_error_{f}") for f in FIELDS}
        for field, label in self.errors.items():
            lines = 2 if field in ("id_number", "reason") else 1
            label.setMinimumHeight(lines * label.fontMetrics().lineSpacing() + 2)
        form = QFormLayout()
        form.addRow(self.tr("Collected by:"), self.applicant)
        form.addRow("", self.agent)
        self.name_label = QLabel(self.tr("Agent's &name:"))
        self.name_label.setBuddy(self.name)
        self.relation_label = QLabel(self.tr("&Relation:"))
        self.relation_label.setBuddy(self.relation)
        id_label = QLabel(self.tr("&ID number:"))
        id_label.setBuddy(self.id_number)
        reason_label = QLabel(self.tr("Rea&son:"))
        reason_label.setBuddy(self.reason)
        on_label = QLabel(self.tr("&Date:"))
        on_label.setBuddy(self.on)
        for label, widget, name in (
            (self.name_label, self.name, "name"),
            (self.relation_label, self.relation, "relation"),
            (id_label, self.id_number, "id_number"),
            (reason_label, self.reason, "reason"),
            (on_label, self.on, "on"),
        ):
            form.addRow(label, widget)
            form.addRow("", self.errors[name])
        self.buttons, self.record_button = action_buttons(self.tr("Record the hand-out"))
        self.record_button.setObjectName("handout_record")
        self.buttons.accepted.connect(self.on_record)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.applicant.toggled.connect(self._on_collector)
        for edit in (self.name, self.relation, self.id_number, self.reason):
            edit.textEdited.connect(lambda _text: self.check())
        self.on.dateChanged.connect(lambda _day: self.check())
        # The agent the application names is who comes, when it names one.
        (self.agent if on_file.agent_name else self.applicant).setChecked(True)
        self._on_collector()
        self.id_number.setFocus()
        self.resize(520, self.sizeHint().height())

    def collector(self) -> Collector:
        return Collector.AGENT if self.agent.isChecked() else Collector.APPLICANT

    def request(self) -> HandOutRequest:
        return HandOutRequest(
            self.on_file.number,
            self.collector(),
            self.id_number.text(),
            self.name.text(),
            self.relation.text(),
            self.reason.text(),
            day_of(self.on),
        )

    def _on_collector(self) -> None:
        agent = self.collector() == Collector.AGENT
        for widget in (self.name_label, self.name, self.relation_label, self.relation):
            widget.setVisible(agent)
        for field in ("name", "relation"):
            self.errors[field].setVisible(agent)
        hint = (
            self.tr("when the application does not name this agent, or the ID number differs")
            if agent
            else self.tr("only when the ID number is not the one on file")
        )
        self.reason.setPlaceholderText(hint)
        self.check()

    def check(self) -> None:
        """What the hand-out would be refused for, said as it is typed: an ID number
        only once it is whole, the reason only once the ID number is not on file."""
        shown = self._typed_fields()
        self._show([p for p in self.service.check(self.request()) if p.field in shown])

    def _typed_fields(self) -> set[str]:
        shown = {"reason", "on", "relation"}
        if len(self.id_number.text().strip()) == 18:
            shown.add("id_number")
        if self.name.isModified():
            shown.add("name")
        return shown

    def _show(self, problems: list[Problem]) -> None:
        said: dict[str, str] = {}
        for problem in problems:
            said.setdefault(problem.field, problem.message)
        for field, label in self.errors.items():
            label.setText(said.get(field, ""))

    def on_record(self) -> None:
        try:
            self.done_ = self.service.hand_out(self.actor, self.request())
        except ValidationError as err:
            self._show(list(err.problems))
            widgets: dict[str, QWidget] = {
                "name": self.name,
                "relation": self.relation,
                "reason": self.reason,
                "id_number": self.id_number,
                "on": self.on,
            }
            first = next((p.field for p in err.problems if p.field in widgets), "id_number")
            widgets[first].setFocus()
            return
        except NcmsError as err:
            self.errors["id_number"].setText(str(err))
            return
        self.accept()
