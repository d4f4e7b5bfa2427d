"""Withdrawing an application (the applicant no longer wants it): a reason, then a
question with No as the default, since a withdrawal cannot be undone."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from app.domain.workflow import TRANSITIONS, Role, State, state_term
from app.errors import NcmsError, ValidationError
from app.i18n import t
from app.intake.applications import ApplicationService
from app.security.actor import Actor
from ui.dialogs.confirm import confirm


class WithdrawBox(QGroupBox):
    """Signals: withdrawn() once the application is withdrawn."""

    withdrawn = Signal()

    def __init__(
        self,
        applications: ApplicationService,
        actor: Actor,
        application_id: uuid.UUID,
        number: str,
        state: State,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(self.tr("Withdraw"), parent)
        self.applications, self.actor = applications, actor
        self.application_id, self.number = application_id, number
        self.reason = QLineEdit()
        self.reason.setObjectName("withdraw_reason")
        self.reason.setPlaceholderText(self.tr("Why the applicant withdraws"))
        self.reason.setMaxLength(200)
        self.button = QPushButton(self.tr("Withdraw…"))
        self.button.setObjectName("withdraw")
        self.button.clicked.connect(self.on_withdraw_clicked)
        self.note = QLabel()  # why it cannot be withdrawn, or what went wrong
        self.note.setObjectName("withdraw_note")
        self.note.setWordWrap(True)
        row = QHBoxLayout(self)
        row.addWidget(QLabel(self.tr("Reason")))
        row.addWidget(self.reason, 2)
        row.addWidget(self.button)
        row.addWidget(self.note, 3)
        self.show_state(state)

    def refusal(self, state: State) -> str:
        """Why this user cannot withdraw it now; empty when they can."""
        roles = TRANSITIONS.get((state, State.WITHDRAWN), frozenset())
        if self.actor.role in roles:
            return ""
        if state == State.WITHDRAWN:
            return self.tr("Already withdrawn")
        if Role.STATION_HEAD in roles:
            return self.tr("Only the station head withdraws an application that is {0}").format(
                state_term(state)
            )
        return self.tr("An application that is {0} cannot be withdrawn").format(state_term(state))

    def show_state(self, state: State) -> None:
        why = self.refusal(state)
        for widget in (self.reason, self.button):
            widget.setEnabled(not why)
        self.button.setToolTip(why)
        self._note(why, error=False)

    def _note(self, text: str, error: bool) -> None:
        self.note.setStyleSheet("color: #b00020;" if error else "color: #555;")
        self.note.setText(text)

    def on_withdraw_clicked(self) -> None:
        reason = self.reason.text().strip()
        if not reason:
            self._note(t("withdraw.reason_required"), error=True)
            self.reason.setFocus()
            return
        if not confirm(
            self,
            self.tr("Withdraw application"),
            self.tr("Withdraw {0}? It cannot be undone: the applicant has to apply again.").format(
                self.number
            ),
        ):
            return
        try:
            self.applications.withdraw(self.actor, self.application_id, reason)
        except ValidationError as err:
            self._note("; ".join(p.message for p in err.problems), error=True)
            return
        except NcmsError as err:
            self._note(str(err), error=True)
            return
        self.show_state(State.WITHDRAWN)
        self._note(self.tr("{0} is withdrawn").format(self.number), error=False)
        self.withdrawn.emit()
