"""A case opened from the county's Cases list: the station's file as the county holds
it (see ui/county/case_file.py) and, for a file in a flagged pair, the way to the
side-by-side comparison where the reviewer decides."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.intake.applications import ApplicationService
from app.intake.catalogue import CatalogueService
from app.intake.documents import DocumentService
from app.intake.listing import ApplicationList
from app.review.duplicates import DuplicatePair, DuplicateService
from app.security.actor import Actor
from ui.changes import Change, Changes
from ui.county.case_file import CaseFile, CaseNames
from ui.county.duplicate_dialog import DuplicateDialog
from ui.screen_fit import resize_to_fit, scrolled


@dataclass(frozen=True)
class CaseDesk:
    """What opening a case needs, and who is at the desk."""

    applications: ApplicationService
    documents: DocumentService
    duplicates: DuplicateService
    catalogue: CatalogueService
    listing: ApplicationList
    actor: Actor


class CaseDialog(QDialog):
    def __init__(
        self,
        desk: CaseDesk,
        application_id: uuid.UUID,
        changes: Changes | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.desk = desk
        self.application_id = application_id
        self.changes = changes or Changes(self)
        self.names = CaseNames.load(desk.catalogue, desk.listing)
        self.comparison: DuplicateDialog | None = None
        resize_to_fit(self, 1100, 700)
        self.file = CaseFile(desk.applications, desk.documents, self.names)
        view = self.file.show_case(application_id)
        self.setWindowTitle(self.tr("Case {0}").format(view.number))
        self.duplicate_note = QLabel()
        self.duplicate_note.setObjectName("duplicate_flag")
        self.duplicate_note.setWordWrap(True)
        self.duplicate_note.setStyleSheet("color: #b00020; font-weight: bold;")
        self.compare_button = QPushButton(self.tr("&Compare side by side…"))
        self.compare_button.setObjectName("compare")
        self.close_button = QPushButton(self.tr("Close"))
        flag = QHBoxLayout()
        flag.addWidget(self.duplicate_note, 1)
        flag.addWidget(self.compare_button)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(flag)
        layout.addWidget(scrolled(self.file), 1)
        layout.addLayout(buttons)
        self._connect_signals()
        self.show_pair()

    def _connect_signals(self) -> None:
        self.compare_button.clicked.connect(self.on_compare_clicked)
        self.close_button.clicked.connect(self.reject)

    def show_pair(self) -> DuplicatePair | None:
        """The flag, if the file is in a pair still to decide; the button to compare."""
        pair = self.desk.duplicates.pair(self.application_id)
        self.pair = pair
        self.duplicate_note.setVisible(pair is not None)
        self.compare_button.setVisible(pair is not None)
        if pair is not None:
            partner = pair.other if pair.flagged == self.application_id else pair.flagged
            theirs = self.desk.applications.get(partner)
            self.duplicate_note.setText(
                self.tr(
                    "Possible duplicate: the same person and disease is open as {0} at {1}"
                ).format(theirs.number, self.names.station(theirs.station_code))
            )
            self.compare_button.setFocus()
        else:
            self.close_button.setFocus()
        return pair

    def on_compare_clicked(self) -> DuplicateDialog | None:
        if self.pair is None:
            return None
        desk = self.desk
        self.comparison = DuplicateDialog(
            desk.duplicates,
            desk.applications,
            desk.documents,
            self.names,
            self.pair,
            desk.actor,
            self,
        )
        self.comparison.decided.connect(self.on_decided)
        self.comparison.open()
        return self.comparison

    def on_decided(self) -> None:
        self.file.show_case(self.application_id)
        self.show_pair()
        self.changes.announce(Change.APPLICATION)
