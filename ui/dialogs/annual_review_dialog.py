"""Recording a certificate's annual review (年审): the year it is for, its result and
the day. A problem is said beside its field and the dialog stays open with what was
typed; once recorded, the page offers to print the stamp text into its box.

Keyboard: Enter records.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.certificates.annual_review import RESULT_LIMIT, AnnualReviewService, Review
from app.certificates.issued import IssuedCertificate
from app.errors import NcmsError
from app.security.actor import Actor
from ui.widgets.dates import date_edit, day_of
from ui.widgets.dialog_buttons import action_buttons
from ui.widgets.errors import add_rows, error_label, hide_all, show_problems

FIELDS = ("result", "year", "on", "number")


class AnnualReviewDialog(QDialog):
    def __init__(
        self,
        service: AnnualReviewService,
        actor: Actor,
        certificate: IssuedCertificate,
        today: Callable[[], date] = date.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.service, self.actor, self.certificate = service, actor, certificate
        self.recorded: Review | None = None
        self.setWindowTitle(self.tr("Annual review of certificate {0}").format(certificate.number))
        done = "、".join(str(r.year) for r in certificate.reviews) or self.tr("none yet")
        about = QLabel(
            self.tr("{0}, certificate {1}. Reviews recorded: {2}.").format(
                certificate.name, certificate.number, done
            )
        )
        about.setWordWrap(True)
        day = today()
        self.year = QSpinBox()
        self.year.setObjectName("review_year")
        self.year.setRange(2000, 2100)
        self.year.setValue(max(day.year, certificate.valid_from.year))
        self.outcome = QComboBox()
        self.outcome.setObjectName("review_result")
        self.outcome.setEditable(True)
        # Printed on the card, a Chinese paper, whatever the window's language.
        self.outcome.addItems(["合格", "不合格"])
        edit = self.outcome.lineEdit()
        if edit is not None:  # editable: it has one
            edit.setMaxLength(RESULT_LIMIT)
        self.on = date_edit("review_on", day)
        self.errors = {f: error_label(f"review_error_{f}", hidden=True) for f in FIELDS}
        form = QFormLayout()
        add_rows(
            form,
            (
                (self.tr("&Year:"), self.year, "year"),
                (self.tr("&Result:"), self.outcome, "result"),
                (self.tr("&Date:"), self.on, "on"),
            ),
            self.errors,
        )
        buttons, self.record_button = action_buttons(self.tr("Record the review"))
        self.record_button.setObjectName("review_record")
        buttons.accepted.connect(self.on_record)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addLayout(form)
        layout.addWidget(self.errors["number"])
        layout.addWidget(buttons)
        self.outcome.setFocus()
        self.resize(460, self.sizeHint().height())

    def on_record(self) -> None:
        hide_all(self.errors)
        try:
            self.recorded = self.service.record(
                self.actor,
                self.certificate.number,
                self.outcome.currentText(),
                self.year.value(),
                day_of(self.on),
            )
        except NcmsError as err:
            show_problems(self.errors, err, "number")
            return
        self.accept()
