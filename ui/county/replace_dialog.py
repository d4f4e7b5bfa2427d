"""Issuing the replacement of a lost or damaged certificate (补办): a new number, the
same diseases and validity; the old one is revoked, which the dialog says before
its button does it. Without the station's loss report a reason is needed, said
beside the field; the dialog stays open with what was typed."""

from __future__ import annotations

from collections.abc import Callable

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.certificates.events import REPORT_LOST
from app.certificates.issued import IssuedCertificate
from app.errors import NcmsError, ValidationError
from app.review.register import REASON_LIMIT
from app.review.replacement import Replaced, ReplacementService
from app.security.actor import Actor
from ui.widgets.dialog_buttons import action_buttons
from ui.widgets.errors import error_label


class ReplaceDialog(QDialog):
    def __init__(
        self,
        service: ReplacementService,
        actor: Actor,
        certificate: IssuedCertificate,
        signer: Callable[[], Ed25519PrivateKey],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.service, self.actor, self.certificate, self.signer = (
            service,
            actor,
            certificate,
            signer,
        )
        self.replaced: Replaced | None = None
        self.setWindowTitle(self.tr("Replace certificate {0}").format(certificate.number))
        reported = certificate.reported == REPORT_LOST
        said = (
            self.tr("Station {0} reported it lost or damaged.")
            if reported
            else self.tr(
                "Station {0} has not reported it lost: say why it is replaced (a damaged "
                "card brought to the county's counter, say)."
            )
        ).format(certificate.station)
        about = QLabel(
            self.tr(
                "Certificate {0} of {1} ({2}). {3} The replacement gets a new number with the "
                "same diseases and validity, and goes to the station with its next package; "
                "the old certificate is revoked today and its code reads as revoked. This "
                "cannot be undone."
            ).format(certificate.number, certificate.name, certificate.masked_id, said)
        )
        about.setWordWrap(True)
        self.reason = QLineEdit()
        self.reason.setObjectName("replace_reason")
        self.reason.setMaxLength(REASON_LIMIT)
        reason_label = QLabel(self.tr("&Reason:") if not reported else self.tr("&Note:"))
        reason_label.setBuddy(self.reason)
        self.error = error_label("replace_error")
        buttons, self.replace_button = action_buttons(self.tr("Issue the replacement"))
        self.replace_button.setObjectName("replace_confirm")
        buttons.accepted.connect(self.on_replace)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addWidget(reason_label)
        layout.addWidget(self.reason)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.error.setMinimumHeight(2 * self.error.fontMetrics().lineSpacing())
        self.resize(520, self.sizeHint().height())

    def on_replace(self) -> None:
        try:
            self.replaced = self.service.replace(
                self.actor, self.certificate.number, self.signer(), self.reason.text()
            )
        except ValidationError as err:
            self.error.setText(err.problems[0].message)
            self.reason.setFocus()
            return
        except NcmsError as err:
            self.error.setText(str(err))
            return
        self.accept()
