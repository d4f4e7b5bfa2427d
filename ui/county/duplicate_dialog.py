"""Two files of the same person and disease side by side, each with its documents,
and the reviewer's verdict: a duplicate (the chosen file is withdrawn at its station
with the reason) or not a duplicate (the flag is cleared for good). The service
(app/review/duplicates.py) checks and records both; this dialog only asks."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.workflow import COUNTY_ROLES, TRANSITIONS, State, state_term
from app.errors import NcmsError, ValidationError
from app.i18n import join_list
from app.intake.application_view import ApplicationView
from app.intake.applications import ApplicationService
from app.intake.documents import DocumentService
from app.review.duplicates import DuplicatePair, DuplicateService
from app.security.actor import Actor
from ui.county.case_file import CaseFile, CaseNames
from ui.dialogs.confirm import confirm
from ui.screen_fit import resize_to_fit, scrolled


class DuplicateDialog(QDialog):
    """Signals: decided() once a verdict is recorded (the lists show it)."""

    decided = Signal()

    def __init__(
        self,
        duplicates: DuplicateService,
        applications: ApplicationService,
        documents: DocumentService,
        names: CaseNames,
        pair: DuplicatePair,
        actor: Actor,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.duplicates = duplicates
        self.pair = pair
        self.actor = actor
        self.names = names
        resize_to_fit(self, 1300, 760)
        self.files = {
            app_id: CaseFile(applications, documents, names, wide=False)
            for app_id in (pair.flagged, pair.other)
        }
        views = {app_id: view.show_case(app_id) for app_id, view in self.files.items()}
        flagged, other = views[pair.flagged], views[pair.other]
        self.setWindowTitle(
            self.tr("Possible duplicate: {0} and {1}").format(flagged.number, other.number)
        )
        shared = join_list(names.diseases.get(c, c) for c in pair.shared_diseases)
        intro = QLabel(
            self.tr(
                "Both files are open for {0} with the ID number {1}. Compare them; then "
                "withdraw one as a duplicate, or keep both."
            ).format(shared, flagged.applicant.id_number)
        )
        intro.setWordWrap(True)
        side_by_side = QWidget()
        columns = QHBoxLayout(side_by_side)
        columns.setContentsMargins(0, 0, 0, 0)
        for title, app_id in (
            (self.tr("Flagged at import"), pair.flagged),
            (self.tr("Already open"), pair.other),
        ):
            box = QGroupBox(title)
            QVBoxLayout(box).addWidget(self.files[app_id])
            columns.addWidget(box, 1)

        self.choice = QButtonGroup(self)
        self.withdraw_options: dict[uuid.UUID, QRadioButton] = {}
        choices = QHBoxLayout()
        for view in (flagged, other):
            option = QRadioButton(
                self.tr("Withdraw {0} ({1})").format(view.number, names.station(view.station_code))
            )
            option.setObjectName(f"withdraw_{'flagged' if view is flagged else 'other'}")
            self.choice.addButton(option)
            self.withdraw_options[view.id] = option
            choices.addWidget(option)
        choices.addStretch(1)
        self.reason = QLineEdit()
        self.reason.setObjectName("duplicate_reason")
        self.reason.setMaxLength(200)
        self.reason.setPlaceholderText(
            self.tr("Reason: required for a withdrawal, which the station reads")
        )
        self.duplicate_button = QPushButton(self.tr("&Duplicate: withdraw the chosen file…"))
        self.duplicate_button.setObjectName("mark_duplicate")
        self.not_duplicate_button = QPushButton(self.tr("&Not a duplicate"))
        self.not_duplicate_button.setObjectName("mark_not_duplicate")
        self.close_button = QPushButton(self.tr("Close"))
        for button in (self.duplicate_button, self.not_duplicate_button, self.close_button):
            # Enter in the reason must not record a verdict (nor close the dialog).
            button.setAutoDefault(False)
        self.note = QLabel()
        self.note.setObjectName("duplicate_note")
        self.note.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.duplicate_button)
        buttons.addWidget(self.not_duplicate_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        verdict = QGroupBox(self.tr("Verdict"))
        inner = QVBoxLayout(verdict)
        inner.addLayout(choices)
        inner.addWidget(self.reason)
        inner.addLayout(buttons)
        inner.addWidget(self.note)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(scrolled(side_by_side), 1)
        layout.addWidget(verdict)
        self._connect_signals()
        self._enable(views.values())
        self.mark_differences()

    def mark_differences(self) -> list[str]:
        """Both files' facts that disagree, in red on each side; their keys."""
        flagged, other = self.files[self.pair.flagged], self.files[self.pair.other]
        other.mark_differences(flagged)
        return flagged.mark_differences(other)

    def _connect_signals(self) -> None:
        self.duplicate_button.clicked.connect(self.on_duplicate_clicked)
        self.not_duplicate_button.clicked.connect(self.on_not_duplicate_clicked)
        self.close_button.clicked.connect(self.reject)

    def _enable(self, views: Iterable[ApplicationView]) -> None:
        """Each file may be withdrawn while the committee has not decided it; only a
        county reviewer or the county's administrator gives a verdict."""
        allowed = self.actor.role in COUNTY_ROLES
        first = None
        states = {view.id: State(view.state) for view in views}
        for app_id, option in self.withdraw_options.items():
            state = states[app_id]
            withdrawable = self.actor.role in TRANSITIONS.get((state, State.WITHDRAWN), frozenset())
            option.setEnabled(allowed and withdrawable)
            if not withdrawable:
                option.setToolTip(
                    self.tr("A file that is {0} is not withdrawn here").format(state_term(state))
                )
            if option.isEnabled() and first is None:
                first = option
        if first is not None:
            first.setChecked(True)  # the flagged file, the later one, when it can go
        for widget in (self.reason, self.not_duplicate_button):
            widget.setEnabled(allowed)
        self.duplicate_button.setEnabled(first is not None)
        if not allowed:
            self._say(self.tr("Only the county's reviewers decide duplicates"), error=False)
        (first or self.close_button).setFocus()

    def _say(self, text: str, error: bool) -> None:
        self.note.setStyleSheet("color: #b00020;" if error else "")
        self.note.setText(text)

    def chosen(self) -> uuid.UUID | None:
        return next((i for i, o in self.withdraw_options.items() if o.isChecked()), None)

    def on_duplicate_clicked(self) -> None:
        withdrawn = self.chosen()
        reason = self.reason.text().strip()
        if withdrawn is None:
            return
        if not reason:
            self._say(self.tr("Give the reason for the withdrawal: the station reads it"), True)
            self.reason.setFocus()
            return
        view = self.files[withdrawn].view
        assert view is not None
        station = self.names.station(view.station_code)
        if not confirm(
            self,
            self.tr("Withdraw as a duplicate"),
            self.tr(
                "Withdraw {0} of {1}? It cannot be undone: the station's file becomes "
                "withdrawn, with this reason, when it takes the county's next package."
            ).format(view.number, station),
        ):
            return
        try:
            self.duplicates.mark_duplicate(
                self.actor, self.pair.flagged, self.pair.other, view.id, reason
            )
        except NcmsError as err:
            self._refused(err)
            return
        self._done(
            self.tr("{0} is withdrawn; {1} learns it with the county's next package").format(
                view.number, station
            )
        )

    def on_not_duplicate_clicked(self) -> None:
        try:
            self.duplicates.mark_not_duplicate(
                self.actor, self.pair.flagged, self.pair.other, self.reason.text()
            )
        except NcmsError as err:
            self._refused(err)
            return
        self._done(self.tr("Not a duplicate: both files stay, and the pair is not flagged again"))

    def _refused(self, err: NcmsError) -> None:
        text = (
            "; ".join(p.message for p in err.problems)
            if isinstance(err, ValidationError)
            else str(err)
        )
        self._say(text, error=True)

    def _done(self, text: str) -> None:
        for app_id, view in self.files.items():
            view.show_case(app_id)
        self.mark_differences()
        for widget in (
            self.reason,
            self.duplicate_button,
            self.not_duplicate_button,
            *self.withdraw_options.values(),
        ):
            widget.setEnabled(False)
        self._say(text, error=False)
        self.close_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self.decided.emit()
