"""Recording a rejected applicant's appeal (申请复核): which rejected diseases, the
applicant's reasons (one per line), the day it was lodged, and any new materials.
It goes to the county with the next package, for the committee's next meeting.
A problem is said beside its field and the dialog stays open with what was typed;
an application is appealed once, so recording is asked once more.

Keyboard: Alt+R the reasons, Alt+D the day, Alt+A adds files, Alt+M or Delete
removes the chosen file; Ctrl+Enter (or Enter outside the reasons) records.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.appeals.lodging import Appealable, AppealService, AppealView, NewMaterial
from app.blobs.intake import check_not_too_large
from app.errors import DocumentRefused, NcmsError, ValidationError
from app.security.actor import Actor
from ui.dialogs.confirm import confirm
from ui.folders import start_folder
from ui.widgets.dates import date_edit, day_of
from ui.widgets.dialog_buttons import action_buttons
from ui.widgets.documents_panel import FILE_PATTERNS, kind_names
from ui.widgets.errors import add_rows, error_label, hide_all, show_problems

FIELDS = ("diseases", "reasons", "lodged_on", "materials", "application")


class AppealDialog(QDialog):
    def __init__(
        self,
        service: AppealService,
        actor: Actor,
        appealable: Appealable,
        today: Callable[[], date] = date.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.service, self.actor, self.appealable = service, actor, appealable
        self.lodged: AppealView | None = None
        self.files: list[tuple[str, Path]] = []  # (kind, path), read when recorded
        self.setWindowTitle(self.tr("Appeal of application {0}").format(appealable.number))
        left = (appealable.deadline - today()).days
        about = QLabel(
            self.tr(
                "{0}, application {1}: rejected by the committee on {2}. An appeal may be "
                "lodged until {3} ({4} days left); the county puts it before the committee's "
                "next meeting once the next package reaches it."
            ).format(
                appealable.name,
                appealable.number,
                f"{appealable.rejected_on:%Y-%m-%d}",
                f"{appealable.deadline:%Y-%m-%d}",
                max(left, 0),
            )
        )
        about.setWordWrap(True)
        self.diseases = QListWidget()
        self.diseases.setObjectName("appeal_diseases")
        for disease in appealable.diseases:
            why = "；".join(disease.reasons)
            item = QListWidgetItem(f"{disease.name}：{why}" if why else disease.name)
            item.setData(Qt.ItemDataRole.UserRole, disease.code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.diseases.addItem(item)
        self.diseases.setMaximumHeight(24 * max(2, len(appealable.diseases)) + 8)
        self.reasons = QPlainTextEdit()
        self.reasons.setObjectName("appeal_reasons")
        self.reasons.setPlaceholderText(self.tr("The applicant's reasons, one per line"))
        self.reasons.setTabChangesFocus(True)
        self.reasons.setMaximumHeight(90)
        self.on = date_edit("appeal_on", today())
        self.errors = {f: error_label(f"appeal_error_{f}", hidden=True) for f in FIELDS}
        form = QFormLayout()
        add_rows(
            form,
            (
                (self.tr("Diseases:"), self.diseases, "diseases"),
                (self.tr("&Reasons:"), self.reasons, "reasons"),
                (self.tr("&Date:"), self.on, "lodged_on"),
                (self.tr("New materials:"), self._materials_box(), "materials"),
            ),
            self.errors,
        )
        buttons, self.record_button = action_buttons(self.tr("Record the appeal"))
        self.record_button.setObjectName("appeal_record")
        buttons.accepted.connect(self.on_record)
        buttons.rejected.connect(self.reject)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self).activated.connect(self.on_record)
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addLayout(form)
        layout.addWidget(self.errors["application"])
        layout.addWidget(buttons)
        if left < 0:  # said at once, not after everything was typed
            self.errors["lodged_on"].setText(
                self.tr("The time to appeal ended on {0}: it can no longer be recorded.").format(
                    f"{appealable.deadline:%Y-%m-%d}"
                )
            )
            self.errors["lodged_on"].show()
        # An error goes once its field changes.
        self.reasons.textChanged.connect(self.errors["reasons"].hide)
        self.on.dateChanged.connect(lambda _day: self.errors["lodged_on"].hide())
        self.reasons.setFocus()
        self.resize(560, self.sizeHint().height())

    def _materials_box(self) -> QWidget:
        box = QWidget()
        self.kind = QComboBox()
        self.kind.setObjectName("appeal_kind")
        for value, text in kind_names().items():
            if value != "photo":
                self.kind.addItem(text, value)
        # What an appeal usually brings: a fuller medical record.
        self.kind.setCurrentIndex(self.kind.findData("medical_record"))
        self.material_list = QListWidget()
        self.material_list.setObjectName("appeal_materials")
        self.material_list.setMaximumHeight(72)
        remove = QShortcut(QKeySequence(Qt.Key.Key_Delete), self.material_list)
        remove.setContext(Qt.ShortcutContext.WidgetShortcut)
        remove.activated.connect(self.remove_material)
        add = QPushButton(self.tr("&Add files…"))
        add.setObjectName("appeal_add_files")
        add.clicked.connect(self.on_add_clicked)
        take_off = QPushButton(self.tr("Re&move"))
        take_off.setObjectName("appeal_remove_file")
        take_off.setToolTip(self.tr("Take the chosen file off the list (Delete)"))
        take_off.clicked.connect(self.remove_material)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.kind, 1)
        row.addWidget(add)
        row.addWidget(take_off)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(row)
        column.addWidget(self.material_list)
        return box

    def on_add_clicked(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Choose the new materials"),
            start_folder(),
            self.tr("Pictures and PDFs ({0})").format(FILE_PATTERNS),
        )
        self.add_materials([Path(n) for n in names])

    def add_materials(self, paths: list[Path]) -> None:
        """Listed under the kind chosen; a file over the size limit is said at once."""
        self.errors["materials"].hide()
        kind = str(self.kind.currentData())
        for path in paths:
            try:
                check_not_too_large(path.name, path.stat().st_size)
            except (DocumentRefused, OSError) as err:
                text = str(err) if isinstance(err, DocumentRefused) else f"{path.name}: {err}"
                self.errors["materials"].setText(text)
                self.errors["materials"].show()
                continue
            self.files.append((kind, path))
            self.material_list.addItem(f"{self.kind.currentText()}：{path.name}")

    def remove_material(self) -> None:
        row = self.material_list.currentRow()
        if row >= 0:
            self.material_list.takeItem(row)
            del self.files[row]

    def chosen_diseases(self) -> list[str]:
        return [
            str(item.data(Qt.ItemDataRole.UserRole))
            for item in (self.diseases.item(i) for i in range(self.diseases.count()))
            if item.checkState() == Qt.CheckState.Checked
        ]

    def on_record(self) -> None:
        hide_all(self.errors)
        reasons = [line for line in self.reasons.toPlainText().splitlines() if line.strip()]
        try:
            materials = [NewMaterial(kind, p.name, p.read_bytes()) for kind, p in self.files]
        except OSError as err:
            self.errors["materials"].setText(str(err))
            self.errors["materials"].show()
            return
        diseases = self.chosen_diseases()
        if not diseases:  # said here: an empty choice would mean "every one" below
            self.errors["diseases"].setText(self.tr("Tick the disease the appeal is about."))
            self.errors["diseases"].show()
            return
        problems = self.service.problems(
            self.appealable.application_id, reasons, diseases, day_of(self.on), materials
        )
        if problems:  # said before the question, which is only about a right appeal
            show_problems(self.errors, ValidationError(problems), "application")
            return
        if not confirm(
            self,
            self.tr("Record the appeal"),
            self.tr(
                "Record the appeal of {0} ({1})? An application is appealed once; the "
                "committee's answer to the appeal is final here."
            ).format(self.appealable.name, self.appealable.number),
        ):
            return
        try:
            self.lodged = self.service.lodge(
                self.actor,
                self.appealable.application_id,
                reasons,
                diseases,
                day_of(self.on),
                materials,
            )
        except DocumentRefused as err:
            show_problems(self.errors, err, "materials")
            return
        except NcmsError as err:
            show_problems(self.errors, err, "application")
            return
        self.accept()
