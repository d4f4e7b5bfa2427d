"""Reporting a certificate lost or damaged (挂失), or cancelled (注销: the holder died,
moved away, or their insurance ended), for the county to act on with the next
package. A problem is said beside its field and the dialog stays open with what
was typed. A cancellation cannot be taken back here, so it is asked once more.

Keyboard: Alt+C the cause, Alt+N the note, Alt+D the day; Enter records.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.certificates.events import CANCEL
from app.certificates.issued import IssuedCertificate
from app.certificates.reported import NOTE_LIMIT, Reported, ReportService
from app.errors import NcmsError
from app.security.actor import Actor
from ui.dialogs.confirm import confirm
from ui.widgets.dates import date_edit, day_of
from ui.widgets.dialog_buttons import action_buttons
from ui.widgets.errors import add_rows, error_label, hide_all, show_problems

FIELDS = ("cause", "note", "on", "number")


class ReportDialog(QDialog):
    def __init__(
        self,
        service: ReportService,
        actor: Actor,
        certificate: IssuedCertificate,
        kind: str,
        today: Callable[[], date] = date.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.service, self.actor, self.certificate, self.kind = service, actor, certificate, kind
        self.reported: Reported | None = None
        cancelling = kind == CANCEL
        title = (
            self.tr("Cancel certificate {0}")
            if cancelling
            else self.tr("Report certificate {0} lost")
        )
        self.setWindowTitle(title.format(certificate.number))
        about = QLabel(
            self.tr(
                "{0}, certificate {1}. The county ends the certificate from the day given "
                "once the next package reaches it."
            ).format(certificate.name, certificate.number)
            if cancelling
            else self.tr(
                "{0}, certificate {1}. The county issues a replacement under a new number once "
                "the next package reaches it; the old one is revoked and its code reads as "
                "revoked wherever it is checked."
            ).format(certificate.name, certificate.number)
        )
        about.setWordWrap(True)
        self.cause = QComboBox()
        self.cause.setObjectName("report_cause")
        causes = (
            (
                ("death", self.tr("The holder died")),
                ("moved", self.tr("Moved away")),
                ("insurance_ended", self.tr("Insurance ended")),
            )
            if cancelling
            else (("lost", self.tr("Lost")), ("damaged", self.tr("Damaged")))
        )
        for value, text in causes:
            self.cause.addItem(text, value)
        self.note = QLineEdit()
        self.note.setObjectName("report_note")
        self.note.setMaxLength(NOTE_LIMIT)
        self.on = date_edit("report_on", today())
        self.errors = {f: error_label(f"report_error_{f}", hidden=True) for f in FIELDS}
        form = QFormLayout()
        add_rows(
            form,
            (
                (self.tr("&Cause:"), self.cause, "cause"),
                (self.tr("&Note:"), self.note, "note"),
                (self.tr("&Date:") if not cancelling else self.tr("&From:"), self.on, "on"),
            ),
            self.errors,
        )
        buttons, self.record_button = action_buttons(
            self.tr("Record the cancellation") if cancelling else self.tr("Record the loss")
        )
        self.record_button.setObjectName("report_record")
        buttons.accepted.connect(self.on_record)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addLayout(form)
        layout.addWidget(self.errors["number"])
        layout.addWidget(buttons)
        self.cause.setFocus()
        self.resize(480, self.sizeHint().height())

    def on_record(self) -> None:
        hide_all(self.errors)
        if self.kind == CANCEL and not confirm(
            self,
            self.tr("Cancel the certificate"),
            self.tr(
                "Cancel certificate {0} of {1} from {2}? This cannot be taken back at the station."
            ).format(self.certificate.number, self.certificate.name, f"{day_of(self.on):%Y-%m-%d}"),
        ):
            return
        record = self.service.cancel if self.kind == CANCEL else self.service.report_lost
        try:
            self.reported = record(
                self.actor,
                self.certificate.number,
                str(self.cause.currentData()),
                self.note.text(),
                day_of(self.on),
            )
        except NcmsError as err:
            show_problems(self.errors, err, "number")
            return
        self.accept()
