"""Meeting: the expert committee holds its meeting in the window.

With no meeting open, the reviewer opens one on a date with the members present;
its agenda is every case waiting then (app/review/meeting.py). Case by case the page
shows the file (CaseFile: applicant, diseases, the station's examination and
documents) with the disease's access standard, and the conclusion below it.
Ctrl+Enter saves and moves on; Page Up / Page Down go back and forth; Ctrl+D defers.
Closing the meeting, after a Yes, records it all and opens the minutes.

Another desk may have concluded the same case meanwhile: saving over it is refused,
the page shows what is stored now and keeps what this desk typed beside it.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PySide6.QtCore import QCoreApplication, QDate, QSize, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
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
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.domain.vocabulary import Outcome
from app.domain.workflow import State, state_term
from app.errors import NcmsError, ValidationError
from app.printing.printouts import Office
from app.review.meeting import (
    COMMON_REASONS,
    AgendaItem,
    Conclusion,
    MeetingChanged,
    MeetingInfo,
    MeetingService,
)
from app.review.notice import NoticePeriod
from ui.changes import Change, Changes
from ui.county.case_dialog import CaseDesk
from ui.county.case_file import CaseFile, CaseNames
from ui.dialogs.confirm import confirm
from ui.dialogs.print_preview import PrintPreviewDialog, print_file
from ui.folders import documents_folder
from ui.screen_fit import long_list_combo, scrolled
from ui.widgets.dates import date_edit, day_of
from ui.widgets.errors import ERROR_STYLE, error_label

_SEPARATORS = ("、", "，", ",", ";", "；")


def split_members(text: str) -> list[str]:
    """张医生、李医生 王主任 → three names, whichever separator was typed. A space
    separates Chinese names, and others only where no mark does: "Dr Zhang, Dr Li"
    is two names."""
    marked = any(separator in text for separator in _SEPARATORS)
    for separator in _SEPARATORS:
        text = text.replace(separator, "\n")
    names = []
    for part in text.split("\n") if marked else [text]:
        if not marked or any(c >= "\u2e80" for c in part):  # CJK: no spaces in a name
            names += part.split()
        elif part.strip():
            names.append(" ".join(part.split()))
    return names


def outcome_names() -> dict[str, str]:
    translate = QCoreApplication.translate
    return {
        Outcome.APPROVED: translate("MeetingPage", "Approved"),
        Outcome.REJECTED: translate("MeetingPage", "Rejected"),
        Outcome.EXAM_REQUIRED: translate("MeetingPage", "Physical examination required"),
        Outcome.SUPPLEMENT_REQUESTED: translate("MeetingPage", "Supplement requested"),
    }


class MeetingPage(QWidget):
    def __init__(
        self,
        meetings: MeetingService,
        desk: CaseDesk,
        signer: Callable[[], Ed25519PrivateKey],
        office: Callable[[], Office],
        work: Path,
        changes: Changes | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.meetings, self.desk = meetings, desk
        self.signer, self.office, self.work = signer, office, work
        self.changes = changes or Changes(self)
        self.names = CaseNames.load(desk.catalogue, desk.listing)
        self.diseases = {d.code: d for d in desk.catalogue.diseases()}
        self.meeting: MeetingInfo | None = None
        self.items: list[AgendaItem] = []
        self.preview: PrintPreviewDialog | None = None
        self._notice_for: uuid.UUID | bool | None = False  # False: no period set yet
        self._shown: Conclusion | None = None
        self._last_experts: tuple[str, ...] = ()  # of the last conclusion saved here
        self._closed_note = ""  # said once the meeting closed here, until the next opens
        self._build()
        self._connect_signals()
        self.changes.changed.connect(self._on_changes)
        self.reload()

    # -- building ----------------------------------------------------------------------

    def _build(self) -> None:
        self.status = QLabel()
        self.status.setObjectName("meeting_status")
        self.status.setWordWrap(True)
        self.close_button = QPushButton(self.tr("Close the meeting…"))
        self.close_button.setObjectName("close_meeting")
        top = QHBoxLayout()
        top.addWidget(self.status, 1)
        top.addWidget(self.close_button)
        self.notice_row = self._notice_row()

        self.opening = QGroupBox(self.tr("Open a meeting"))
        self.held_on = date_edit("held_on")
        self.members = QLineEdit()
        self.members.setObjectName("members")
        self.members.setPlaceholderText(self.tr("Members present, e.g. 张医生、李医生、王主任"))
        self.members_error = error_label("members_error")
        self.open_button = QPushButton(self.tr("&Open the meeting"))
        self.open_button.setObjectName("open_meeting")
        form = QFormLayout(self.opening)
        form.addRow(self.tr("Date"), self.held_on)
        form.addRow(self.tr("Members"), self.members)
        form.addRow("", self.members_error)
        form.addRow("", self.open_button)

        self.agenda = QListWidget()
        self.agenda.setObjectName("agenda")
        self.agenda.setWordWrap(True)  # the number and name, then the disease, unelided
        self.agenda.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.file = CaseFile(self.desk.applications, self.desk.documents, self.names, wide=False)
        self.standard = QLabel()
        self.standard.setObjectName("access_standard")
        self.standard.setWordWrap(True)
        # Room for three lines whatever the case: a longer or shorter standard does not
        # move the conclusion's fields from one case to the next.
        self.standard.setMinimumHeight(3 * self.standard.fontMetrics().lineSpacing())
        self.standard.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.changed = QLabel()
        self.changed.setObjectName("changed_banner")
        self.changed.setWordWrap(True)
        self.changed.setStyleSheet("background: #fff3cd; padding: 4px;")
        self.changed.hide()
        right = QWidget()
        column = QVBoxLayout(right)
        column.addWidget(self.changed)
        column.addWidget(self._standard_box())
        column.addWidget(self._conclusion_box())
        column.addWidget(self.file)
        self.splitter = QSplitter()
        self.splitter.addWidget(self.agenda)
        self.splitter.addWidget(scrolled(right))
        self.splitter.setStretchFactor(1, 3)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.notice_row)
        # No meeting open: the opening and the paper route at the top, the rest empty.
        idle = QWidget()
        column = QVBoxLayout(idle)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.opening)
        column.addWidget(self._paper_box())
        column.addWidget(self._past_box(), 1)
        self.idle = idle
        layout.addWidget(idle, 1)
        layout.addWidget(self.splitter, 1)

    def _past_box(self) -> QGroupBox:
        """The meetings held, the latest first, each with its minutes to print again."""
        box = QGroupBox(self.tr("Meetings held"))
        self.past = QListWidget()
        self.past.setObjectName("past_meetings")
        self.past.itemActivated.connect(lambda _item: self.on_minutes_clicked())
        self.minutes_button = QPushButton(self.tr("&Minutes…"))
        self.minutes_button.setObjectName("past_minutes")
        self.minutes_button.clicked.connect(self.on_minutes_clicked)
        row = QHBoxLayout(box)
        row.addWidget(self.past, 1)
        row.addWidget(self.minutes_button, 0, Qt.AlignmentFlag.AlignTop)
        return box

    def _show_past(self) -> None:
        self.past.clear()
        for meeting in self.meetings.meetings():
            if meeting.status != "closed":
                continue
            entry = QListWidgetItem(
                self.tr("{0} · {1} · {2} cases, {3} concluded, {4} deferred").format(
                    meeting.held_on.isoformat(),
                    "、".join(meeting.members),
                    meeting.cases,
                    meeting.concluded,
                    meeting.deferred,
                )
            )
            entry.setData(Qt.ItemDataRole.UserRole, meeting)
            self.past.addItem(entry)
        if self.past.count():
            self.past.setCurrentRow(0)
        self.minutes_button.setEnabled(self.past.count() > 0)

    def on_minutes_clicked(self) -> None:
        entry = self.past.currentItem()
        if entry is not None:
            self.show_minutes(entry.data(Qt.ItemDataRole.UserRole))

    def _paper_box(self) -> QGroupBox:
        """The committee that prefers paper: the agenda as a sheet, filled in by hand
        and recorded with the same checks as a meeting on screen."""
        self.paper = QGroupBox(self.tr("Or on paper: the committee's sheet"))
        self.save_sheet_button = QPushButton(self.tr("&Save the agenda as a sheet…"))
        self.save_sheet_button.setObjectName("save_agenda_sheet")
        self.record_sheet_button = QPushButton(self.tr("&Record a filled sheet…"))
        self.record_sheet_button.setObjectName("record_sheet")
        self.record_sheet_button.setToolTip(
            self.tr(
                "Every row is checked first; with any problem nothing is recorded. The "
                "public notice above applies."
            )
        )
        self.sheet_message = QLabel()
        self.sheet_message.setObjectName("sheet_message")
        self.sheet_message.setWordWrap(True)
        self.sheet_message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        line = QHBoxLayout()
        line.addWidget(self.save_sheet_button)
        line.addWidget(self.record_sheet_button)
        line.addStretch(1)
        column = QVBoxLayout(self.paper)
        column.addLayout(line)
        column.addWidget(self.sheet_message)
        return self.paper

    def _notice_row(self) -> QWidget:
        """The public notice the close opens: on by default, five working days."""
        row = QWidget()
        self.notice = QCheckBox(self.tr("Hold the certificates for a public &notice"))
        self.notice.setObjectName("notice")
        self.notice.setChecked(True)
        self.notice_from, self.notice_to = date_edit("notice_from"), date_edit("notice_to")
        self.notice.toggled.connect(self.notice_from.setEnabled)
        self.notice.toggled.connect(self.notice_to.setEnabled)
        hint = QLabel(self.tr("five working days; move the end past any public holiday"))
        hint.setStyleSheet("color: #555;")
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.notice)
        line.addWidget(self.notice_from)
        line.addWidget(QLabel(self.tr("to")))
        line.addWidget(self.notice_to)
        line.addWidget(hint, 1)
        return row

    def _default_notice(self) -> None:
        today = self.meetings.today()
        held_on = self.meeting.held_on if self.meeting else today
        period = NoticePeriod.after(max(held_on, today))
        self.notice_from.setDate(QDate(period.starts_on))
        self.notice_to.setDate(QDate(period.ends_on))

    def _held_for(self, notice: NoticePeriod | None) -> str:
        """What a closing question adds about the notice the certificates wait for."""
        if notice is None:
            return ""
        return " " + self.tr(
            "The certificates stay at the county during the public notice, {0} to {1}, "
            "and go to the stations once it closes."
        ).format(notice.starts_on.isoformat(), notice.ends_on.isoformat())

    def notice_period(self) -> NoticePeriod | None:
        if not self.notice.isChecked():
            return None
        return NoticePeriod(day_of(self.notice_from), day_of(self.notice_to))

    def _standard_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Access standard"))
        QVBoxLayout(box).addWidget(self.standard)
        return box

    def _conclusion_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Conclusion"))
        self.outcome = QComboBox()
        self.outcome.setObjectName("outcome")
        # Nothing chosen until someone chooses: a preselected approval let Ctrl+Enter
        # approve case after case unread.
        self.outcome.addItem(self.tr("(choose)"), "")
        for code, name in outcome_names().items():
            self.outcome.addItem(name, code)
        self.category = QComboBox()
        self.category.setObjectName("category")
        self.category.addItem(self.tr("As the catalogue"), "")
        for category in sorted({d.category for d in self.diseases.values() if d.category}):
            self.category.addItem(category, category)
        self.reasons = QComboBox()
        self.reasons.setObjectName("reasons")
        self.reasons.setEditable(True)
        self.exam_hospital = QComboBox()
        self.exam_hospital.setObjectName("exam_hospital")
        self.exam_hospital.addItem("", "")
        for hospital in self.desk.catalogue.hospitals():
            if hospital.designated:  # only these may hold the examination
                self.exam_hospital.addItem(hospital.name, hospital.code)
        long_list_combo(self.exam_hospital)  # a popup of 12 rows, not to the screen's foot
        self.exam_by = date_edit("exam_by", date.today() + timedelta(days=30))
        self.experts = (QComboBox(), QComboBox())
        for n, combo in enumerate(self.experts, 1):
            combo.setObjectName(f"expert{n}")
        self.errors = {
            name: error_label(f"{name}_error")
            for name in ("outcome", "category", "reasons", "exam_hospital", "exam_by", "experts")
        }
        self.save_button = QPushButton(self.tr("Save and next (Ctrl+Enter)"))
        self.save_button.setObjectName("save_conclusion")
        self.defer_button = QPushButton(self.tr("Defer (Ctrl+D)"))
        self.defer_button.setObjectName("defer")
        experts = QHBoxLayout()
        for combo in self.experts:
            experts.addWidget(combo, 1)
        form = QFormLayout(box)
        for label, widget, error in (
            (self.tr("Outcome"), self.outcome, "outcome"),
            (self.tr("Category"), self.category, "category"),
            (self.tr("Reasons"), self.reasons, "reasons"),
            (self.tr("Examination at"), self.exam_hospital, "exam_hospital"),
            (self.tr("Examination by"), self.exam_by, "exam_by"),
        ):
            form.addRow(label, widget)
            form.addRow("", self.errors[error])
        form.addRow(self.tr("Two experts"), experts)
        form.addRow("", self.errors["experts"])
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.defer_button)
        buttons.addStretch(1)
        form.addRow(buttons)
        return box

    def _connect_signals(self) -> None:
        self.open_button.clicked.connect(self.on_open_clicked)
        self.save_sheet_button.clicked.connect(lambda: self.on_save_sheet())
        self.record_sheet_button.clicked.connect(lambda: self.on_record_sheet())
        self.members.returnPressed.connect(self.on_open_clicked)
        self.close_button.clicked.connect(self.on_close_clicked)
        self.agenda.currentRowChanged.connect(self.show_item)
        self.outcome.currentIndexChanged.connect(self._enable_details)
        # A problem's line goes as soon as its field is changed.
        for signal, name in (
            (self.outcome.currentIndexChanged, "outcome"),
            (self.category.currentIndexChanged, "category"),
            (self.reasons.currentTextChanged, "reasons"),
            (self.exam_hospital.currentIndexChanged, "exam_hospital"),
            (self.exam_by.dateChanged, "exam_by"),
            *((combo.currentIndexChanged, "experts") for combo in self.experts),
        ):
            signal.connect(self.errors[name].clear)
        self.save_button.clicked.connect(self.on_save)
        self.defer_button.clicked.connect(self.on_defer)
        for keys, slot in (
            ("Ctrl+Return", self.on_save),
            ("Ctrl+Enter", self.on_save),
            ("Ctrl+D", self.on_defer),
            ("PgDown", lambda: self.step(1)),
            ("PgUp", lambda: self.step(-1)),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    # -- the meeting -------------------------------------------------------------------

    def reload(self) -> None:
        self.meeting = self.meetings.current()
        held = self.meeting is not None
        self.opening.setVisible(not held)
        self.paper.setVisible(not held)  # one agenda at a time: the screen's or the sheet's
        self.idle.setVisible(not held)
        self.splitter.setVisible(held)
        self.close_button.setVisible(held)
        # A new meeting gets the default period; dates typed for this one stay.
        if self._notice_for != (self.meeting.id if self.meeting else None):
            self._notice_for = self.meeting.id if self.meeting else None
            self._default_notice()
        if self.meeting is None:
            self.status.setText(self._closed_note or self.tr("No meeting is open."))
            self.items = []
            self._show_past()
            return
        self._closed_note = ""
        for combo in self.experts:
            combo.clear()
            combo.addItem("", "")
            for member in self.meeting.members:
                combo.addItem(member, member)
        row = max(self.agenda.currentRow(), 0)
        self.items = self.meetings.items(self.meeting.id)
        self.agenda.blockSignals(True)
        self.agenda.clear()
        for item in self.items:
            entry = QListWidgetItem()
            self._show_on_agenda(entry, item)
            self.agenda.addItem(entry)
        self.agenda.blockSignals(False)
        if self.items:
            self.agenda.setCurrentRow(min(row, len(self.items) - 1))
            self.show_item(self.agenda.currentRow())

    def _on_changes(self, what: frozenset[Change]) -> None:
        # Another desk, or another page here (a duplicate withdrawn on Cases).
        if what & {Change.ELSEWHERE, Change.APPLICATION}:
            self.follow_other_desks()

    def typing(self) -> bool:
        """The reviewer has changed the form since the case was shown."""
        return (
            self._shown is not None and self.current() is not None and (self.typed() != self._shown)
        )

    def follow_other_desks(self) -> None:
        """Another desk concluded or deferred cases, or opened or closed the meeting:
        the agenda shows it. What this desk is typing is never replaced: its item keeps
        the version it was shown, so a save is told who changed it meanwhile."""
        current = self.meetings.current()
        same = current is not None and self.meeting is not None and current.id == self.meeting.id
        if not same:
            if not self.typing():
                self.reload()
            return
        self.meeting = current
        assert current is not None
        fresh = self.meetings.items(current.id)
        if [i.id for i in fresh] != [i.id for i in self.items]:
            if not self.typing():
                self.reload()
            return
        row = self.agenda.currentRow()
        typing = self.typing()
        for index, item in enumerate(fresh):
            if index == row and typing:
                continue
            self._show_on_agenda(self.agenda.item(index), item)
            old = self.items[index]
            changed = item.version != old.version or item.case != old.case
            self.items[index] = item
            if index == row and changed:
                self.show_item(row)  # untouched: the other desk's conclusion shown
        if 0 <= row < len(self.items):
            self._update_status(self.items[row].position)

    def _show_on_agenda(self, entry: QListWidgetItem, item: AgendaItem) -> None:
        text = self._agenda_text(item)
        entry.setText(text)
        entry.setToolTip(text)
        # As tall as its lines: the list's own guess elides the last in some fonts.
        lines = text.count("\n") + 1
        entry.setSizeHint(QSize(0, lines * self.agenda.fontMetrics().lineSpacing() + 8))

    def _agenda_text(self, item: AgendaItem) -> str:
        if item.deferred:
            mark = self.tr("deferred")
        elif item.conclusion is not None:
            mark = outcome_names().get(item.conclusion.outcome, item.conclusion.outcome)
        elif not item.case.pending:
            # Withdrawn since the agenda was made: nothing to conclude, only to defer.
            mark = "⚠ " + str(state_term(item.case.state))
        elif item.case.state == State.EXAM_REQUIRED:
            # Back from a physical examination asked at an earlier meeting: not new.
            mark = self.tr("○ after a physical examination")
        elif item.case.appeal is not None:
            # Rejected at an earlier meeting: the applicant asks the committee again.
            mark = self.tr("○ appeal of a rejection")
        else:
            mark = "○"
        if item.case.duplicate and item.conclusion is None:
            # Its pair may be far down the agenda (another station): said here, before
            # an approval is refused for it.
            # On a line of its own: the agenda is narrow at 1024 pixels.
            mark = f"{mark}\n⚠ " + self.tr("suspected duplicate")
        disease = self.names.diseases.get(item.case.disease_code, item.case.disease_code)
        return (
            f"{item.position}. {item.case.application_number} {item.case.name}\n{disease} · {mark}"
        )

    def _update_status(self, position: int) -> None:
        meeting = self.meeting
        if meeting is None:
            return
        self.status.setText(
            self.tr("Meeting of {0} · {1}\nCase {2} of {3} · concluded {4} · deferred {5}").format(
                meeting.held_on.isoformat(),
                "、".join(meeting.members),
                position,
                meeting.cases,
                meeting.concluded,
                meeting.deferred,
            )
        )

    def on_open_clicked(self) -> None:
        self.members_error.clear()
        held_on = day_of(self.held_on)
        try:
            self.meetings.open(self.desk.actor, held_on, split_members(self.members.text()))
        except NcmsError as err:
            self.members_error.setText(str(err))
            return
        self.reload()
        self.agenda.setFocus()

    # -- one case ----------------------------------------------------------------------

    def current(self) -> AgendaItem | None:
        row = self.agenda.currentRow()
        return self.items[row] if 0 <= row < len(self.items) else None

    def show_item(self, row: int) -> None:
        if not 0 <= row < len(self.items):
            return
        item = self.items[row]
        self.changed.hide()
        self._clear_errors()
        self.file.show_case(item.case.application_id)
        disease = self.diseases.get(item.case.disease_code)
        name = self.names.diseases.get(item.case.disease_code, item.case.disease_code)
        standard = f"{name}: {disease.access_standard if disease else ''}"
        appeal = item.case.appeal
        if appeal is not None and item.case.pending:
            standard += "\n" + self.tr("Appeal lodged on {0}: {1}").format(
                appeal.lodged_on.isoformat(), "；".join(appeal.reasons)
            )
        self.standard.setText(standard)
        self._fill(item.conclusion)
        self._shown = self.typed()  # what the form said before anyone typed
        self._update_status(item.position)

    def _fill(self, conclusion: Conclusion | None) -> None:
        # A case not concluded yet starts with the two experts of the last one saved
        # here: the same pair usually reviews a run of cases.
        found = conclusion or Conclusion("", experts=self._last_experts)
        self.outcome.setCurrentIndex(max(self.outcome.findData(found.outcome), 0))
        self.category.setCurrentIndex(max(self.category.findData(found.category), 0))
        self.reasons.setCurrentText(found.reasons)
        self.exam_hospital.setCurrentIndex(max(self.exam_hospital.findData(found.exam_hospital), 0))
        if found.exam_by:
            self.exam_by.setDate(QDate(found.exam_by))
        experts = (*found.experts, "", "")
        for combo, name in zip(self.experts, experts, strict=False):
            combo.setCurrentIndex(max(combo.findData(name), 0))
        self._enable_details()

    def _enable_details(self) -> None:
        outcome = self.outcome.currentData()
        self.category.setEnabled(outcome == Outcome.APPROVED)
        self.reasons.setEnabled(outcome not in (Outcome.APPROVED, ""))
        self._offer_reasons(str(outcome))
        for widget in (self.exam_hospital, self.exam_by):
            widget.setEnabled(outcome == Outcome.EXAM_REQUIRED)

    def _offer_reasons(self, outcome: str) -> None:
        """The common reasons of this conclusion (a supplement asks for materials,
        not why a case is rejected); what is typed in the box stays."""
        offered = ["", *COMMON_REASONS.get(outcome, ())]
        if [self.reasons.itemText(i) for i in range(self.reasons.count())] == offered:
            return
        typed = self.reasons.currentText()
        blocked = self.reasons.blockSignals(True)
        self.reasons.clear()
        self.reasons.addItems(offered)
        self.reasons.setCurrentText(typed)
        self.reasons.blockSignals(blocked)

    def typed(self) -> Conclusion:
        outcome = str(self.outcome.currentData())
        exam = outcome == Outcome.EXAM_REQUIRED
        exam_by = day_of(self.exam_by) if exam else None
        return Conclusion(
            outcome=outcome,
            reasons=self.reasons.currentText() if outcome != Outcome.APPROVED else "",
            experts=tuple(str(c.currentData() or "") for c in self.experts),
            category=str(self.category.currentData() or "") if outcome == Outcome.APPROVED else "",
            exam_hospital=str(self.exam_hospital.currentData() or "") if exam else "",
            exam_by=exam_by if isinstance(exam_by, date) else None,
        )

    def _field(self, name: str) -> QWidget:
        """The widget a problem is about: focus goes there after a refused save, not
        to the outcome, where the next arrow key would change the verdict."""
        if name == "experts":
            first, second = self.experts
            return second if first.currentData() else first
        fields: dict[str, QWidget] = {
            "category": self.category,
            "reasons": self.reasons,
            "exam_hospital": self.exam_hospital,
            "exam_by": self.exam_by,
        }
        return fields.get(name, self.outcome)

    def _clear_errors(self) -> None:
        for label in self.errors.values():
            label.clear()

    def on_save(self) -> None:
        item = self.current()
        if item is None:
            return
        self._clear_errors()
        typed = self.typed()
        try:
            self.meetings.conclude(self.desk.actor, item.id, typed, item.version)
        except MeetingChanged as changed:
            self._show_changed(changed, typed)
            return
        except ValidationError as err:
            for problem in err.problems:
                self.errors.get(problem.field, self.errors["outcome"]).setText(problem.message)
            self._field(err.problems[0].field).setFocus()
            return
        except NcmsError as err:
            self.errors["outcome"].setText(str(err))
            return
        self._last_experts = typed.experts
        self.changes.announce(Change.APPLICATION)
        self._after_change(move=True)
        self.outcome.setFocus()  # the next case's first field, for the keyboard

    def _show_changed(self, changed: MeetingChanged, typed: Conclusion) -> None:
        """What the other desk saved is shown in the form; what this desk typed is
        kept in the banner, so nothing typed is lost."""
        self.reload()
        names = outcome_names()
        mine = "；".join(
            part
            for part in (
                names.get(typed.outcome, typed.outcome),
                typed.reasons,
                "、".join(typed.experts),
            )
            if part.strip("、")
        )
        self.changed.setText(f"{changed}\n" + self.tr("You typed: {0}").format(mine))
        self.changed.show()

    def on_defer(self) -> None:
        item = self.current()
        if item is None:
            return
        try:
            self.meetings.defer(self.desk.actor, item.id, not item.deferred, item.version)
        except MeetingChanged as changed:
            self._show_changed(changed, self.typed())
            return
        except NcmsError as err:
            self.errors["outcome"].setText(str(err))
            return
        self._after_change(move=True)

    def _after_change(self, move: bool) -> None:
        row = self.agenda.currentRow()
        self.reload()
        if move and row + 1 < len(self.items):
            self.agenda.setCurrentRow(row + 1)

    def step(self, by: int) -> None:
        row = self.agenda.currentRow() + by
        if 0 <= row < len(self.items):
            self.agenda.setCurrentRow(row)

    # -- closing -----------------------------------------------------------------------

    def on_close_clicked(self) -> None:
        meeting = self.meeting
        if meeting is None:
            return
        notice = self.notice_period()
        problems = notice.problems(self.meetings.today()) if notice else []
        if problems:
            self.status.setText(problems[0].message)
            self.status.setStyleSheet(ERROR_STYLE)
            self.notice_to.setFocus()
            return
        question = self.tr(
            "Close the meeting of {0}? Its {1} conclusions become the committee's decisions "
            "and the certificates are numbered; this cannot be undone."
        ).format(meeting.held_on.isoformat(), meeting.concluded)
        # Said before the question, not refused after it: the cases left go to the
        # next meeting's agenda, with the close, in one go.
        rest = [i for i in self.meetings.items(meeting.id) if not i.deferred and not i.conclusion]
        if rest:
            question += "\n\n" + self.tr(
                "{0} case(s) have no conclusion yet (the first: No. {1}, {2}); "
                "they are deferred to the next meeting."
            ).format(len(rest), rest[0].position, rest[0].case.application_number)
        question += self._held_for(notice)
        if not confirm(self, self.tr("Close the meeting"), question):
            return
        try:
            closed = self.meetings.close(
                self.desk.actor, meeting.id, self.signer(), notice, defer_rest=bool(rest)
            )
        except ValidationError as err:
            # Every item at fault at once, not one per try.
            self.status.setText("\n".join(p.message for p in err.problems))
            self.status.setStyleSheet(ERROR_STYLE)
            return
        except NcmsError as err:
            self.status.setText(str(err))
            self.status.setStyleSheet(ERROR_STYLE)
            return
        self.status.setStyleSheet("")
        numbers = closed.recorded.certificates
        self._closed_note = self.tr(
            "The meeting of {0} is closed: {1} decisions recorded, {2} certificates numbered{3}. "
            "Its minutes can be printed again from the meetings held below."
        ).format(
            meeting.held_on.isoformat(),
            closed.recorded.decisions,
            len(numbers),
            f" ({numbers[0]}–{numbers[-1]})" if numbers else "",
        )
        self.changes.announce(Change.APPLICATION, Change.CERTIFICATE, Change.NOTICE)
        self.show_minutes(meeting)
        self.reload()

    # -- the paper route ---------------------------------------------------------------

    def _say_sheet(self, text: str, error: bool = False) -> None:
        self.sheet_message.setText(text)
        self.sheet_message.setStyleSheet(ERROR_STYLE if error else "")

    def on_save_sheet(self, chosen: str | None = None) -> None:
        """The cases waiting now, as the sheet `ncms review agenda` writes."""
        from app.review.sheet import write_agenda  # openpyxl loads when asked

        cases = self.meetings.review.agenda()
        if not cases:
            self._say_sheet(self.tr("No case is waiting for the committee."), True)
            return
        if chosen is None:
            chosen, _ = QFileDialog.getSaveFileName(
                self,
                self.tr("Save the agenda as a sheet"),
                str(documents_folder() / f"评审议程_{self.meetings.today().isoformat()}.xlsx"),
                self.tr("Workbooks (*.xlsx)"),
            )
        if not chosen:
            return
        title = f"{self.office().name} 慢性病认定专家评审议程"
        try:
            write_agenda(cases, Path(chosen), title)
        except OSError as err:
            self._say_sheet(
                self.tr("The sheet could not be written: {0}").format(err.strerror), True
            )
            return
        self._say_sheet(self.tr("Agenda of {0} case(s) saved as {1}").format(len(cases), chosen))

    def on_record_sheet(self, chosen: str | None = None) -> None:
        """Record the committee's filled sheet: every row checked as a meeting's
        conclusions are; any problem and nothing is recorded."""
        from app.review.sheet import read_decisions

        if self.meetings.current() is not None:
            self._say_sheet(self.tr("A meeting is open: conclude its cases on screen."), True)
            return
        if chosen is None:
            chosen, _ = QFileDialog.getOpenFileName(
                self,
                self.tr("Choose the filled sheet"),
                str(documents_folder()),
                self.tr("Workbooks (*.xlsx)"),
            )
        if not chosen:
            return
        notice = self.notice_period()
        problems = notice.problems(self.meetings.today()) if notice else []
        if problems:
            self._say_sheet(problems[0].message, True)
            self.notice_to.setFocus()
            return
        try:
            rows = read_decisions(Path(chosen))
            found = self.meetings.review.check(rows)
        except ValidationError as err:
            self._show_sheet_problems(err)
            return
        except NcmsError as err:
            self._say_sheet(str(err), True)
            return
        if found:
            self._show_sheet_problems(ValidationError(found))
            return
        if not rows:
            self._say_sheet(self.tr("The sheet has no conclusion filled in."), True)
            return
        question = self.tr(
            "Record the {0} conclusion(s) of {1} as the committee's decisions? Certificates "
            "are numbered; this cannot be undone."
        ).format(len(rows), Path(chosen).name)
        question += self._held_for(notice)
        if not confirm(self, self.tr("Record the sheet"), question):
            return
        try:
            result = self.meetings.review.record(self.desk.actor, rows, self.signer(), notice)
        except ValidationError as err:
            self._show_sheet_problems(err)
            return
        except NcmsError as err:
            self._say_sheet(str(err), True)
            return
        self.changes.announce(Change.APPLICATION, Change.CERTIFICATE, Change.NOTICE)
        self._say_sheet(
            self.tr(
                "Recorded {0} decision(s) on {1} application(s); {2} certificate(s) numbered."
            ).format(result.decisions, result.applications, len(result.certificates))
        )

    def _show_sheet_problems(self, err: ValidationError) -> None:
        """Every problem, each with its row, as one list: the sheet is mended at once."""
        lines = []
        for problem in err.problems:
            where = problem.field
            if where.startswith("row "):
                where = self.tr("Row {0}").format(where.removeprefix("row "))
            lines.append(f"{where}: {problem.message}")
        self._say_sheet(
            self.tr("Nothing was recorded. Mend the sheet and record it again:")
            + "\n"
            + "\n".join(lines),
            True,
        )

    def show_minutes(self, meeting: MeetingInfo) -> PrintPreviewDialog:
        from app.review.minutes import write_minutes  # reportlab loads on first print

        out = print_file(self.work, f"评审会议纪要_{meeting.held_on.isoformat()}.pdf")
        write_minutes(self.meetings.minutes(meeting.id), self.office(), out)
        self.preview = PrintPreviewDialog(out, self.tr("Minutes of the meeting"), None, self)
        self.preview.open()
        return self.preview
