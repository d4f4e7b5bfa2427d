"""Revoking a certificate in effect: the reason, typed, is kept with it and travels to
its station; the revocation cannot be undone, which the dialog says before its
button does it. A problem with the reason is said beside the field and the dialog
stays open with what was typed."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.certificates.issued import IssuedCertificate
from app.errors import NcmsError, ValidationError
from app.review.register import REASON_LIMIT, CertificateRegister
from app.security.actor import Actor
from ui.widgets.dialog_buttons import action_buttons
from ui.widgets.errors import error_label


class RevokeDialog(QDialog):
    def __init__(
        self,
        register: CertificateRegister,
        actor: Actor,
        certificate: IssuedCertificate,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.register, self.actor, self.certificate = register, actor, certificate
        self.revoked: IssuedCertificate | None = None
        self.setWindowTitle(self.tr("Revoke certificate {0}").format(certificate.number))
        about = QLabel(
            self.tr(
                "Certificate {0} of {1} ({2}) ends today. Its number stays taken; the "
                "revocation goes to station {3} with its next package, and the station can "
                "no longer print it. This cannot be undone."
            ).format(
                certificate.number, certificate.name, certificate.masked_id, certificate.station
            )
        )
        about.setWordWrap(True)
        self.reason = QLineEdit()
        self.reason.setObjectName("revoke_reason")
        self.reason.setMaxLength(REASON_LIMIT)
        self.reason.setPlaceholderText(self.tr("why: e.g. the applicant died on 2026-11-20"))
        reason_label = QLabel(self.tr("&Reason:"))
        reason_label.setBuddy(self.reason)
        # Its line is kept from the start: shown later, it squeezed the explanation.
        self.error = error_label("revoke_error")
        # Not a bare "Revoke": in Chinese 撤销 beside 取消 (Cancel) reads alike.
        buttons, self.revoke_button = action_buttons(self.tr("Revoke the certificate"))
        self.revoke_button.setObjectName("revoke_confirm")
        buttons.accepted.connect(self.on_revoke)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addWidget(reason_label)
        layout.addWidget(self.reason)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.error.setMinimumHeight(2 * self.error.fontMetrics().lineSpacing())  # wrapped
        self.resize(520, self.sizeHint().height())

    def on_revoke(self) -> None:
        try:
            self.revoked = self.register.revoke(
                self.actor, self.certificate.number, self.reason.text()
            )
        except ValidationError as err:
            self.error.setText(err.problems[0].message)
            self.reason.setFocus()
            return
        except NcmsError as err:
            self.error.setText(str(err))
            return
        self.accept()
