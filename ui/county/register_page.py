"""Certificates: the county's register of every certificate by number, where each
stands (on public notice, in effect, set aside, expired), and the renewal list —
those in effect that end within 60 days, by station — saved as a workbook for the
stations to call their applicants in.

Keyboard: Alt+S types in the search box (number, name or station), Alt+R shows the
renewal list only, Alt+V revokes the chosen certificate (after its reason), Alt+P
issues the replacement of a lost one, F5 reads the register again.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.review.register import RENEWAL_DAYS, CertificateRegister, RegisterEntry, Standing
from app.review.replacement import ReplacementService
from app.security.actor import Actor
from ui.changes import Change, Changes
from ui.county.replace_dialog import ReplaceDialog
from ui.county.revoke_dialog import RevokeDialog
from ui.folders import documents_folder
from ui.models.register_model import RegisterModel, standing_text
from ui.widgets.errors import ERROR_STYLE
from ui.widgets.tables import table_view


class RegisterPage(QWidget):
    def __init__(
        self,
        register: CertificateRegister,
        actor: Actor,
        signer: Callable[[], Ed25519PrivateKey],
        changes: Changes | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.register, self.actor, self.signer = register, actor, signer
        self.replacements = ReplacementService(register.db, register.today)
        self.changes = changes or Changes(self)
        self.model = RegisterModel(self)
        self.entries: list[RegisterEntry] = []
        self.search = QLineEdit()
        self.search.setObjectName("register_search")
        self.search.setPlaceholderText(self.tr("Certificate number, name or station (Alt+S)"))
        self.search.setClearButtonEnabled(True)
        self.renewal = QCheckBox(
            self.tr("Ending within {0} days (renewal list)").format(RENEWAL_DAYS)
        )
        self.renewal.setObjectName("renewal_only")
        self.renewal.setToolTip(self.tr("In effect and ending soon, by station (Alt+R)"))
        self.save_button = QPushButton(self.tr("Save as workbook…"))
        self.revoke_button = QPushButton(self.tr("Revoke…"))
        self.revoke_button.setObjectName("revoke")
        self.revoke_button.setToolTip(
            self.tr("End the chosen certificate in effect, with its reason (Alt+V)")
        )
        self.replace_button = QPushButton(self.tr("Replace…"))
        self.replace_button.setObjectName("replace")
        self.replace_button.setToolTip(
            self.tr("A new number for the chosen certificate, lost or damaged (Alt+P)")
        )
        self.count = QLabel()
        self.count.setObjectName("register_count")
        self.message = QLabel()
        self.message.setObjectName("register_message")
        self.message.setWordWrap(True)
        self.message.hide()  # until there is something to say
        top = QHBoxLayout()
        top.addWidget(self.search, 2)
        top.addWidget(self.renewal)
        top.addWidget(self.save_button)
        top.addWidget(self.revoke_button)
        top.addWidget(self.replace_button)
        top.addWidget(self.count, 1)
        self.table = table_view(self.model, "register_table")
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        self.search.textChanged.connect(self.show_rows)
        self.renewal.toggled.connect(self.refresh)
        self.save_button.clicked.connect(self.on_save_clicked)
        self.revoke_button.clicked.connect(self.on_revoke_clicked)
        self.replace_button.clicked.connect(self.on_replace_clicked)
        for keys, slot in (
            ("Alt+S", self.search.setFocus),
            ("Alt+R", self.renewal.toggle),
            ("Alt+V", self.on_revoke_clicked),
            ("Alt+P", self.on_replace_clicked),
            ("F5", self.refresh),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self.changes.changed.connect(self._on_changes)
        self.refresh()

    def _on_changes(self, what: frozenset[Change]) -> None:
        if what & {Change.NOTICE, Change.CERTIFICATE, Change.ELSEWHERE}:
            self.refresh()

    def refresh(self) -> None:
        self.entries = self.register.entries(RENEWAL_DAYS if self.renewal.isChecked() else None)
        self.show_rows()

    def show_rows(self) -> None:
        typed = self.search.text()
        shown = [e for e in self.entries if e.matches(typed)]
        self.model.set_rows(shown)
        self.count.setText(self.tr("{0} of {1} certificates").format(len(shown), len(self.entries)))

    def chosen(self) -> RegisterEntry | None:
        index = self.table.currentIndex()
        return self.model.rows[index.row()] if index.isValid() else None

    def on_revoke_clicked(self) -> None:
        entry = self.chosen()
        if entry is None:
            self._say(self.tr("Choose the certificate to revoke in the table first"), True)
            return
        if entry.standing in (Standing.REVOKED, Standing.SET_ASIDE, Standing.ON_NOTICE):
            # Said before any reason is typed, as the register would refuse it after.
            self._say(
                self.tr(
                    "Certificate {0} is not in effect ({1}): there is nothing to revoke"
                ).format(entry.certificate.number, standing_text(entry)),
                True,
            )
            return
        dialog = RevokeDialog(self.register, self.actor, entry.certificate, self)
        if dialog.exec() and dialog.revoked is not None:
            self.changes.announce(Change.CERTIFICATE)
            self._say(
                self.tr(
                    "Certificate {0} revoked; it goes to its station with the next package"
                ).format(dialog.revoked.number)
            )

    def on_replace_clicked(self) -> None:
        entry = self.chosen()
        if entry is None:
            self._say(self.tr("Choose the certificate to replace in the table first"), True)
            return
        if entry.standing != Standing.IN_EFFECT:
            self._say(
                self.tr("Certificate {0} is not in effect ({1}): it is not replaced").format(
                    entry.certificate.number, standing_text(entry)
                ),
                True,
            )
            return
        dialog = ReplaceDialog(self.replacements, self.actor, entry.certificate, self.signer, self)
        accepted = dialog.exec()
        replaced = dialog.replaced
        dialog.deleteLater()
        if accepted and replaced is not None:
            self.changes.announce(Change.CERTIFICATE)
            self._say(
                self.tr(
                    "Certificate {0} replaces {1}, which is revoked; both go to the station "
                    "with its next package"
                ).format(replaced.new_number, replaced.old_number)
            )

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(ERROR_STYLE if error else "")
        self.message.show()

    def on_save_clicked(self) -> None:
        documents = documents_folder()
        name = "到期换证名单.xlsx" if self.renewal.isChecked() else "慢性病证登记簿.xlsx"
        chosen, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Save the list"),
            str(documents / name),
            self.tr("Workbooks (*.xlsx)"),
        )
        if chosen:
            self.save(Path(chosen))

    def save(self, out: Path) -> None:
        from app.printing.summary_workbook import write_certificate_list

        title = "到期换证名单" if self.renewal.isChecked() else "慢性病证登记簿"
        rows = [(e.certificate, standing_text(e)) for e in self.model.rows]
        try:
            write_certificate_list(rows, out, title)
        except OSError as err:
            self._say(self.tr("The workbook could not be written: {0}").format(err.strerror), True)
            return
        self._say(self.tr("Saved {0}").format(out))
