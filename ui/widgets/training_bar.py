"""The training banner: says the data is practice, lets the training county answer a
package the station wrote to a stick, and starts the practice over. The training
county's window (`ncms gui --demo county`) shows it too, without the answer button.

The county's answer is written beside the package, where the Batches & sync page's
import finds it, so the clerk practises the same two steps a real county takes.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QWidget,
)

from app.training.county import CountyAnswer, TrainingCounty
from app.training.installation import TrainingFolder, request_start_over
from ui.operations import Operation, show_failure


class TrainingBar(QWidget):
    """`county`: the practice county that answers the station's packages; `folder`:
    the training folder "Start over" deletes; `at_county`:
    the banner of the training county's own window."""

    def __init__(
        self,
        county: TrainingCounty | None,
        folder: TrainingFolder | None = None,
        at_county: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.county = county
        self.folder = folder
        self.setObjectName("training_bar")
        # A plain QWidget paints a style sheet's background only when asked to.
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet("#training_bar { background: #ffd54f; }")
        self.label = QLabel(
            self.tr(
                "TRAINING MODE: a practice county with practice stations' files, "
                "nothing here is real"
            )
            if at_county
            else self.tr(
                "TRAINING MODE: practice data, nothing here is real; "
                "packages go to the training county only"
            )
        )
        self.label.setObjectName("training_banner")
        self.label.setWordWrap(True)
        self.label.setStyleSheet(
            "background: #ffd54f; color: #3e2723; font-weight: bold; padding: 6px; font-size: 11pt;"
        )
        self.answer_button = QPushButton(self.tr("Training county: decide a package…"))
        self.answer_button.setObjectName("training_answer")
        self.answer_button.setToolTip(
            self.tr(
                "Choose the package you exported: the training county imports it, its "
                "committee decides, and its answer is written beside it for you to import"
            )
        )
        self.start_over_button = QPushButton(self.tr("Start over…"))
        self.start_over_button.setObjectName("training_start_over")
        self.start_over_button.setToolTip(
            self.tr("Delete all practice data and begin a fresh quarter")
        )
        self.answer_button.setVisible(county is not None)
        self.start_over_button.setVisible(self.folder is not None)
        self.answer_button.clicked.connect(lambda: self.on_answer_clicked())
        self.start_over_button.clicked.connect(self.on_start_over_clicked)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 6, 0)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.answer_button)
        layout.addWidget(self.start_over_button)

    def text(self) -> str:
        return self.label.text()

    def on_answer_clicked(self, path: str | None = None) -> None:
        county = self.county
        if county is None:
            return
        if not path:
            start = QStandardPaths.writableLocation(
                QStandardPaths.StandardLocation.DocumentsLocation
            )
            path, _ = QFileDialog.getOpenFileName(
                self,
                self.tr("Choose the package the station exported"),
                start,
                self.tr("Sync packages (*.ncmspkg)"),
            )
        if not path:
            return
        chosen = Path(path)
        self.answer_button.setEnabled(False)
        (
            Operation(lambda _progress: county.answer_beside(chosen), self)
            .success(self._on_answered)
            .failure(self._on_failed)
            .run()
        )

    def _on_answered(self, answer: CountyAnswer) -> None:
        self.answer_button.setEnabled(True)
        QMessageBox.information(
            self,
            self.tr("Training county"),
            self.tr(
                "The training county decided %1 case(s) and issued %2 certificate(s). "
                "Its answer is %3: import it on the Batches & sync page."
            )
            .replace("%1", str(answer.decisions))
            .replace("%2", str(len(answer.certificates)))
            .replace("%3", str(answer.package)),
        )

    def _on_failed(self, error: Exception) -> None:
        self.answer_button.setEnabled(True)
        show_failure(self, error)

    def on_start_over_clicked(self) -> None:
        folder = self.folder
        if folder is None:
            return
        asked = QMessageBox.question(
            self,
            self.tr("Start over"),
            self.tr(
                "Delete everything practised so far and begin a fresh quarter? "
                "This cannot be undone. The training then starts again with fresh data."
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if asked != QMessageBox.StandardButton.Yes:
            return
        request_start_over(folder)
        window = self.window()
        window.close()
        QApplication.quit()
