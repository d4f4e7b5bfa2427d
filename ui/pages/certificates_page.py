"""Certificates: the ones the county issued, printed from a preview (counted, and a
reprint only with a reason), the issue-and-sign register and the public list, and a
box a USB QR scanner types into to check any certificate offline."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.certificates.annual_review import AnnualReviewService
from app.certificates.events import CANCEL, REPORT_LOST
from app.certificates.handout import Collector, HandOutRequest, HandOutService, OnFile
from app.certificates.issued import IssuedCertificate
from app.certificates.printing import CertificateService, describe
from app.certificates.renewals import RENEWAL_DAYS, RenewalService
from app.certificates.reported import ReportService
from app.certificates.seal import Verdict
from app.errors import NcmsError
from app.intake.catalogue import CatalogueService
from app.paths import DataPaths
from app.printing.pdf_base import chinese_date
from app.printing.printouts import PrintoutService
from app.security.actor import Actor
from app.settings import LocalSettings
from ui.catalogue_names import disease_names
from ui.changes import Change, Changes
from ui.dialogs.annual_review_dialog import AnnualReviewDialog
from ui.dialogs.confirm import confirm
from ui.dialogs.hand_out_dialog import HandOutDialog
from ui.dialogs.print_preview import PDF_FILE, PrintPreviewDialog, print_file, printer_names
from ui.dialogs.report_dialog import ReportDialog
from ui.models.certificates_model import CertificatesModel
from ui.operations import Operation, show_failure
from ui.widgets.tables import table_view

OK_STYLE = "color: #1b5e20; font-weight: bold; font-size: 12pt;"
BAD_STYLE = "color: #b00020; font-weight: bold; font-size: 12pt;"


class CertificatesPage(QWidget):
    # A renewal draft made from a certificate (its application id): the window opens
    # it in the intake form.
    renewal_started = Signal(object)

    def __init__(
        self,
        service: CertificateService,
        printouts: PrintoutService,
        catalogue: CatalogueService,
        paths: DataPaths,
        actor: Actor,
        changes: Changes | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.service, self.printouts = service, printouts
        self.paths, self.actor = paths, actor
        self.changes = changes or Changes(self)
        self.model = CertificatesModel(disease_names(catalogue), self)
        # Who collected each certificate, and its annual reviews: on the certificate
        # service's database, with its clock.
        self.handouts = HandOutService(service.db, service.today)
        self.reviews = AnnualReviewService(service.db, service.today)
        self.reports = ReportService(service.db, service.today)
        self.renewals = RenewalService(service.db, service.today)
        self.preview: PrintPreviewDialog | None = None
        self.operation: Operation | None = None
        self._build()
        self.changes.changed.connect(self.on_changed)
        self.refresh()

    def _build(self) -> None:
        self.layout_ = QVBoxLayout(self)
        check = QGroupBox(self.tr("Check a certificate"))
        check_layout = QVBoxLayout(check)
        self.verify_input = QLineEdit()
        self.verify_input.setObjectName("verify_input")
        self.verify_input.setPlaceholderText(
            self.tr("Scan the certificate's QR code here (or paste its text) and press Enter")
        )
        self.verify_input.returnPressed.connect(self.on_verify)
        self.verify_result = QLabel()
        self.verify_result.setObjectName("verify_result")
        self.verify_result.setWordWrap(True)
        check_layout.addWidget(self.verify_input)
        check_layout.addWidget(self.verify_result)
        self.layout_.addWidget(check)

        options = QHBoxLayout()
        self.paper = QComboBox()
        self.paper.setObjectName("paper")
        self.paper.addItem(self.tr("A5, one per page"), "A5")
        self.paper.addItem(self.tr("A4, two per page"), "A4")
        self.data_only = QCheckBox(self.tr("Pre-printed booklet (values only)"))
        self.data_only.setObjectName("data_only")
        self.printer = QComboBox()
        self.printer.setObjectName("certificate_printer")
        for name in printer_names():
            self.printer.addItem(name, name)
        self.printer.addItem(self.tr("PDF file"), PDF_FILE)
        options.addWidget(QLabel(self.tr("Paper")))
        options.addWidget(self.paper)
        options.addWidget(self.data_only)
        options.addWidget(QLabel(self.tr("Printer")))
        options.addWidget(self.printer, 1)
        self.layout_.addLayout(options)

        buttons = QHBoxLayout()
        self.print_selected = QPushButton(self.tr("Print selected…"))
        self.print_selected.setObjectName("print_selected")
        self.print_new = QPushButton(self.tr("Print all not yet printed…"))
        self.print_new.setObjectName("print_new")
        self.register_button = QPushButton(self.tr("Issue-and-sign register…"))
        self.register_button.setObjectName("print_register")
        self.public_button = QPushButton(self.tr("Public-notice list…"))
        self.public_button.setObjectName("print_public")
        self.renewals_button = QPushButton(self.tr("Renewal notices…"))
        self.renewals_button.setObjectName("print_renewals")
        self.renewals_button.setToolTip(
            self.tr(
                "A notice for each holder whose certificate ends within {0} days, by village"
            ).format(RENEWAL_DAYS)
        )
        self.review_button = QPushButton(self.tr("Annual review…"))
        self.review_button.setObjectName("annual_review")
        self.review_button.setToolTip(
            self.tr("Record this year's review of the chosen certificate (Alt+Y)")
        )
        self.hand_out_button = QPushButton(self.tr("Hand out…"))
        self.hand_out_button.setObjectName("hand_out")
        self.hand_out_button.setToolTip(
            self.tr("Record who collects the chosen certificate, with their ID number (Alt+H)")
        )
        self.lost_button = QPushButton(self.tr("Report lost…"))
        self.lost_button.setObjectName("report_lost")
        self.lost_button.setToolTip(
            self.tr("The chosen certificate is lost or damaged: the county replaces it (Alt+L)")
        )
        self.cancel_button = QPushButton(self.tr("Cancel certificate…"))
        self.cancel_button.setObjectName("cancel_certificate")
        self.cancel_button.setToolTip(
            self.tr("The holder died, moved away or left the insurance: the county ends it (Alt+E)")
        )
        self.renew_button = QPushButton(self.tr("Renew…"))
        self.renew_button.setObjectName("renew")
        self.renew_button.setToolTip(
            self.tr(
                "Start the renewal of the chosen certificate, prefilled from its "
                "application, in the intake form (Alt+R)"
            )
        )
        # Two rows: what happens to one certificate, then the printing (one row of
        # eight does not fit a 1024-pixel screen).
        for button in (
            self.hand_out_button,
            self.review_button,
            self.renew_button,
            self.lost_button,
            self.cancel_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        printing = QHBoxLayout()
        for button in (
            self.print_selected,
            self.print_new,
            self.register_button,
            self.public_button,
            self.renewals_button,
        ):
            printing.addWidget(button)
        printing.addStretch(1)
        self.print_selected.clicked.connect(lambda: self.print_certificates(self.selected_ids()))
        self.print_new.clicked.connect(lambda: self.print_certificates(self.service.unprinted()))
        self.register_button.clicked.connect(lambda: self.print_list("register"))
        self.public_button.clicked.connect(lambda: self.print_list("public"))
        self.renewals_button.clicked.connect(self.print_renewal_notices)
        self.hand_out_button.clicked.connect(self.on_hand_out)
        self.review_button.clicked.connect(self.on_annual_review)
        self.renew_button.clicked.connect(self.on_renew)
        self.lost_button.clicked.connect(lambda: self.on_report(REPORT_LOST))
        self.cancel_button.clicked.connect(lambda: self.on_report(CANCEL))
        for keys, slot in (
            ("Alt+H", self.on_hand_out),
            ("Alt+Y", self.on_annual_review),
            ("Alt+R", self.on_renew),
            ("Alt+L", lambda: self.on_report(REPORT_LOST)),
            ("Alt+E", lambda: self.on_report(CANCEL)),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self.layout_.addLayout(buttons)
        self.layout_.addLayout(printing)
        self.message = QLabel()
        self.message.setObjectName("certificates_message")
        self.message.setWordWrap(True)
        # Its two lines' room kept: a message coming and going moved every row under
        # the pointer, and a click meant for one holder landed on the next.
        self.message.setMinimumHeight(2 * self.message.fontMetrics().lineSpacing() + 4)
        self.layout_.addWidget(self.message)
        self.table = table_view(self.model, "certificates")
        self.layout_.addWidget(self.table, 1)

    @property
    def rows(self) -> list[IssuedCertificate]:
        return self.model.rows

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not event.spontaneous():
            self.refresh()

    def on_changed(self, what: frozenset[Change]) -> None:
        if Change.CERTIFICATE in what:
            self.refresh()

    def refresh(self) -> None:
        self.model.set_rows(self.service.newest())
        self.print_new.setEnabled(any(r.print_count == 0 for r in self.rows))

    def selected_ids(self) -> list[uuid.UUID]:
        return [self.rows[row].id for row in self._selected_rows()]

    # -- handing out -----------------------------------------------------------------

    def on_hand_out(self) -> None:
        rows = self._selected_rows()
        if len(rows) != 1:
            self.message.setText(self.tr("Choose the one certificate being collected first."))
            return
        chosen = self.rows[rows[0]]
        try:
            on_file = self.handouts.on_file(chosen.number)
            refused = self.handouts.check(HandOutRequest(chosen.number, Collector.APPLICANT, ""))
        except NcmsError as err:
            self.message.setText(str(err))
            return
        # Said before the dialog: nothing typed there could make it possible.
        blocking = [p for p in refused if p.field == "number"]
        if on_file.handed_out_on is not None:
            self.message.setText(
                self.tr("Certificate {0} was handed out on {1}.").format(
                    chosen.number, f"{on_file.handed_out_on:%Y-%m-%d}"
                )
            )
            return
        if blocking:
            self.message.setText(blocking[0].message)
            return
        dialog = self.hand_out_dialog(on_file)
        if dialog.exec() and dialog.done_ is not None:
            done = dialog.done_
            self.changes.announce(Change.CERTIFICATE)
            self.message.setText(
                self.tr("Certificate {0} handed out to {1} on {2}.").format(
                    done.number, done.name, f"{done.on:%Y-%m-%d}"
                )
            )

    def on_annual_review(self) -> None:
        rows = self._selected_rows()
        if len(rows) != 1:
            self.message.setText(self.tr("Choose the one certificate being reviewed first."))
            return
        chosen = self.rows[rows[0]]
        if chosen.revoked_on is not None:
            self.message.setText(
                self.tr("Certificate {0} is revoked: it is reviewed no more.").format(chosen.number)
            )
            return
        dialog = AnnualReviewDialog(self.reviews, self.actor, chosen, self.handouts.today, self)
        if not (dialog.exec() and dialog.recorded is not None):
            return
        review = dialog.recorded
        self.changes.announce(Change.CERTIFICATE)
        self.message.setText(
            self.tr("The {0} review of certificate {1} is recorded (box {2}).").format(
                review.year, chosen.number, review.box + 1
            )
        )
        question = self.tr(
            "Print the {0} review into box {1} of the certificate now? Put the certificate "
            "in the printer as for a booklet."
        ).format(review.year, review.box + 1)
        if confirm(self, self.tr("Print the review"), question):
            self.print_review(chosen.id, review.year)

    def on_renew(self) -> None:
        """The renewal application of the one certificate chosen, opened in intake."""
        rows = self._selected_rows()
        if len(rows) != 1:
            self.message.setText(self.tr("Choose the one certificate first."))
            return
        chosen = self.rows[rows[0]]
        left = (chosen.valid_until - self.service.today()).days if chosen.valid_until else None
        if (
            left is not None
            and left > RENEWAL_DAYS
            and not confirm(
                self,
                self.tr("Renew the certificate"),
                self.tr(
                    "Certificate {0} of {1} runs until {2}, {3} days yet. Start its renewal "
                    "now? The new one starts the day after it ends."
                ).format(chosen.number, chosen.name, f"{chosen.valid_until:%Y-%m-%d}", left),
            )
        ):
            return
        try:
            started = self.renewals.start(self.actor, chosen.number)
        except NcmsError as err:
            self.message.setText(str(err))
            return
        self.changes.announce(Change.APPLICATION)
        self.renewal_started.emit(started.id)

    def on_report(self, kind: str) -> None:
        """A loss or a cancellation of the one certificate chosen, for the county."""
        rows = self._selected_rows()
        if len(rows) != 1:
            self.message.setText(self.tr("Choose the one certificate first."))
            return
        chosen = self.rows[rows[0]]
        if chosen.revoked_on is not None:
            self.message.setText(
                self.tr("Certificate {0} is already revoked.").format(chosen.number)
            )
            return
        dialog = ReportDialog(self.reports, self.actor, chosen, kind, self.handouts.today, self)
        accepted = dialog.exec()
        reported = dialog.reported
        dialog.deleteLater()
        if not (accepted and reported is not None):
            return
        self.changes.announce(Change.CERTIFICATE)
        text = (
            self.tr(
                "Cancellation of certificate {0} from {1} recorded: the county ends it once "
                "the next package reaches it."
            )
            if kind == CANCEL
            else self.tr(
                "Certificate {0} reported lost on {1}: the county issues its replacement once "
                "the next package reaches it."
            )
        )
        self.message.setText(text.format(chosen.number, f"{reported.on:%Y-%m-%d}"))

    def print_review(self, certificate_id: uuid.UUID, year: int) -> None:
        """That year's stamp text alone, at the booklet offsets of the printer chosen."""
        from dataclasses import replace

        printer = str(self.printer.currentData())
        x, y = LocalSettings.load(self.paths.root).offsets_for(printer)
        layout = replace(
            self._layout(printer), data_only=True, offset_x_mm=x, offset_y_mm=y, review_year=year
        )
        views = self.service.views([certificate_id])
        target = print_file(self.paths.work, "annual-review.pdf")

        def work(_progress: Any) -> Path:
            from app.printing.certificate_pdf import render_certificates

            render_certificates(views, target, layout)
            return target

        self._render_then_preview(work, self.tr("Annual review"), printer, lambda _pages: None)

    def hand_out_dialog(self, on_file: OnFile) -> HandOutDialog:
        return HandOutDialog(self.handouts, self.actor, on_file, self.handouts.today, self)

    # -- checking a scanned code ---------------------------------------------------

    def on_verify(self) -> None:
        text = self.verify_input.text()
        if not text.strip():
            return
        typed = self.service.numbered(text.strip())
        if typed is not None:
            # A number typed, not a code scanned: what the register says, and that only
            # the code proves the card genuine (not "tampered", which frightened).
            until = f"{typed.valid_until:%Y-%m-%d}" if typed.valid_until else self.tr("permanent")
            standing = (
                self.tr("revoked on {0}").format(f"{typed.revoked_on:%Y-%m-%d}")
                if typed.revoked_on
                else self.tr("valid until {0}").format(until)
            )
            self.verify_result.setText(
                self.tr(
                    "{0} is a certificate number: held here for {1}, {2}. Scan the card's QR "
                    "code to check that the card itself is genuine."
                ).format(typed.number, typed.name, standing)
            )
            self.verify_result.setStyleSheet("")
            self.verify_input.clear()
            self.verify_input.setFocus()
            return
        checked = self.service.verify(text)
        self.verify_result.setText(describe(checked))
        good = checked.verdict == Verdict.VALID
        self.verify_result.setStyleSheet(OK_STYLE if good else BAD_STYLE)
        # Ready for the next scan: the scanner types into the same box again.
        self.verify_input.clear()
        self.verify_input.setFocus()

    # -- printing --------------------------------------------------------------------

    def ask_reason(self, numbers: str) -> str:
        reason, ok = QInputDialog.getText(
            self,
            self.tr("Print again"),
            self.tr("Already printed: {0}\nWhy print again? (kept in the audit log)").format(
                numbers
            ),
        )
        return reason.strip() if ok else ""

    def print_certificates(self, ids: list[uuid.UUID]) -> None:
        if not ids:
            self.message.setText(self.tr("Choose the certificates to print first."))
            return
        views = self.service.views(ids)
        again = [v.number for v in views if v.print_count > 0]
        reason = self.ask_reason(", ".join(again)) if again else ""
        if again and not reason:
            self.message.setText(self.tr("Not printed: printing again needs a reason."))
            return
        printer = str(self.printer.currentData())
        layout = self._layout(printer)
        target = print_file(self.paths.work, "certificates.pdf")

        def work(_progress: Any) -> Path:
            from app.printing.certificate_pdf import render_certificates

            render_certificates(views, target, layout)
            return target

        def printed(_pages: int) -> None:
            self.service.record_prints(self.actor, views, reason)
            self.message.setText(self.tr("{0} certificate(s) printed.").format(len(views)))
            self.changes.announce(Change.CERTIFICATE)

        self._render_then_preview(work, self.tr("Certificates"), printer, printed)

    def _layout(self, printer: str) -> Any:
        from app.printing.certificate_pdf import CertificateLayout

        x, y = LocalSettings.load(self.paths.root).offsets_for(printer)
        data_only = self.data_only.isChecked()
        return CertificateLayout(
            paper=str(self.paper.currentData()),
            data_only=data_only,
            offset_x_mm=x if data_only else 0.0,
            offset_y_mm=y if data_only else 0.0,
        )

    def print_list(self, which: str) -> None:
        numbers = {self.rows[row].number for row in self._selected_rows()}
        listed = [line for line in self.service.listed() if not numbers or line.number in numbers]
        if not listed:
            self.message.setText(self.tr("There is no certificate to list."))
            return
        here = self.printouts.office()
        target = print_file(self.paths.work, f"{which}.pdf")

        def work(_progress: Any) -> Path:
            from app.printing import rosters

            if which == "register":
                rosters.issue_register(listed, target, here)
            else:
                rosters.public_list(listed, target, here, "")
            return target

        title = (
            self.tr("Issue-and-sign register")
            if which == "register"
            else self.tr("Public-notice list")
        )
        self._render_then_preview(work, title, None, lambda _pages: None)

    def print_renewal_notices(self) -> None:
        """The notices the holders of certificates ending soon are sent, one page each."""
        due = self.renewals.due(RENEWAL_DAYS)
        if not due:
            self.message.setText(
                self.tr("No certificate ends within {0} days.").format(RENEWAL_DAYS)
            )
            return
        here = self.printouts.office().name
        target = print_file(self.paths.work, "renewals.pdf")
        day = chinese_date(self.service.today())

        def work(_progress: Any) -> Path:
            from app.printing.renewal_notice import renewal_notices

            renewal_notices(due, here, target, day)
            return target

        self._render_then_preview(work, self.tr("Renewal notices"), None, lambda _pages: None)

    def _selected_rows(self) -> list[int]:
        return sorted({index.row() for index in self.table.selectedIndexes()})

    def _render_then_preview(
        self,
        work: Callable[[Any], Path],
        title: str,
        printer: str | None,
        printed: Callable[[int], None],
    ) -> None:
        self.message.setText(self.tr("Preparing the pages…"))
        self.setCursor(Qt.CursorShape.BusyCursor)

        def ready(path: Path) -> None:
            self.unsetCursor()
            self.message.clear()
            self.preview = PrintPreviewDialog(path, title, printer, self)
            self.preview.printed.connect(printed)
            self.preview.open()

        def failed(error: Exception) -> None:
            self.unsetCursor()
            if isinstance(error, NcmsError):
                self.message.setText(str(error))
                return
            self.message.setText(self.tr("Unexpected error: {0}").format(type(error).__name__))
            show_failure(self, error)  # logged for the IT person, with the log's path

        self.operation = Operation(work, self).success(ready).failure(failed)
        self.operation.run()
