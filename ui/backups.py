"""The window's side of the automatic backups (app/admin/auto_backup.py): once a day
in the background while the program runs, and when it closes behind a progress
dialog that can skip it; the line the dashboards show; the Settings section."""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QProgressDialog,
    QPushButton,
    QWidget,
)

from app.admin.auto_backup import (
    MARKER,
    BackupCancelled,
    BackupRun,
    BackupService,
    BackupState,
    backup_running,
)
from app.errors import NcmsError
from app.settings import LocalSettings
from ui.folders import start_folder
from ui.operations import Operation

log = logging.getLogger(__name__)
CHECK_EVERY_MS = 30 * 60 * 1000  # whether today's backup is made yet
FIRST_CHECK_MS = 60 * 1000  # after the clerk has logged in and begun
RED = "color: #b00020;"


def failed_text(run: BackupRun) -> str:
    return "\n".join(
        QCoreApplication.translate("Backups", "Not backed up to {0}: {1}").format(str(place), why)
        for place, why in run.failed
    )


class BackupScheduler(QObject):
    """The daily backup while the window runs, and the one on closing."""

    finished = Signal()  # a backup was made (the dashboards' line changes)

    def __init__(self, service: BackupService, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.running = False
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_EVERY_MS)
        self.timer.timeout.connect(self.check)

    def start(self) -> None:
        if not self.service.enabled():
            return
        self.timer.start()
        QTimer.singleShot(FIRST_CHECK_MS, self.check)

    def check(self) -> None:
        """Today's backup, in the background, when it is owed."""
        if self.running or not self.service.due():
            return
        self.running = True
        Operation(lambda progress: self.service.run(progress), None).success(self._made).failure(
            self._failed
        ).run()

    def _made(self, run: object) -> None:
        self.running = False
        if isinstance(run, BackupRun) and run.failed:
            log.warning("daily backup: %s", failed_text(run))
        self.finished.emit()

    def _failed(self, error: Exception) -> None:
        self.running = False
        log.warning("daily backup failed: %s", error)  # the dashboard's line says it red

    def at_exit(self) -> None:
        """The backup on closing: a progress dialog with Skip; a failure is said."""
        self.timer.stop()
        if not self.service.enabled():
            return
        dialog = QProgressDialog(
            QCoreApplication.translate("Backups", "Backing up before closing…"),
            QCoreApplication.translate("Backups", "Skip this time"),
            0,
            0,
        )
        dialog.setWindowTitle(QCoreApplication.translate("Backups", "Backup"))
        dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        dialog.setMinimumDuration(0)
        dialog.setMinimumWidth(420)
        dialog.show()
        QApplication.processEvents()
        if self.running or backup_running(self.service.paths):
            # One is under way (the daily one, "back up now", a scheduled task): it
            # is the closing backup; wait for it under the dialog, not race it.
            while self.running or backup_running(self.service.paths):
                QApplication.processEvents()
                QThread.msleep(50)
            dialog.close()
            return

        def progress(done: int, total: int) -> None:
            dialog.setMaximum(total)
            dialog.setValue(done)
            QApplication.processEvents()
            if dialog.wasCanceled():
                raise BackupCancelled

        try:
            run = self.service.run(progress)
        except BackupCancelled:
            return
        except (NcmsError, OSError) as err:
            dialog.close()
            QMessageBox.warning(
                None,
                QCoreApplication.translate("Backups", "Backup"),
                QCoreApplication.translate("Backups", "Not backed up: {0}").format(str(err)),
            )
            return
        finally:
            dialog.close()
        if run.failed:
            QMessageBox.warning(
                None, QCoreApplication.translate("Backups", "Backup"), failed_text(run)
            )


def backup_line_text(state: BackupState, now: datetime) -> tuple[str, bool]:
    """The dashboard's line, and whether it is a warning (red)."""
    age = state.age_days(now)
    if age is None or state.last_at is None:
        return QCoreApplication.translate(
            "Backups", "Never backed up yet: the program backs up daily and on closing"
        ), True
    when = f"{state.last_at:%Y-%m-%d %H:%M}"
    if age == 0:
        text = QCoreApplication.translate("Backups", "Last backup: today at {0}").format(
            f"{state.last_at:%H:%M}"
        )
        if state.places:
            text += QCoreApplication.translate("Backups", " (to {0})").format(
                "、".join(state.places)
            )
    elif age == 1:
        text = QCoreApplication.translate("Backups", "Last backup: yesterday ({0})").format(when)
    else:
        text = QCoreApplication.translate("Backups", "Last backup: {0} days ago ({1})").format(
            age, when
        )
    if state.error:
        text += " — " + QCoreApplication.translate(
            "Backups", "the last attempt failed: {0}"
        ).format(state.error)
    elif state.overdue(now):
        text += " — " + QCoreApplication.translate(
            "Backups", "back up now under Settings → Backups"
        )
    return text, state.overdue(now) or bool(state.error)


class BackupLine(QLabel):
    """ "Last backup: 3 days ago", red after a week or when the last attempt failed."""

    def __init__(self, service: BackupService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.setObjectName("backup_line")
        self.setWordWrap(True)

    def refresh(self) -> None:
        if not self.service.enabled():
            self.hide()
            return
        text, warning = backup_line_text(self.service.state(), self.service.now())
        self.setText(text)
        self.setStyleSheet(RED + " font-weight: bold;" if warning else "")
        self.show()


class BackupBox(QGroupBox):
    """Settings: where backups go, marking a USB stick, backing up now."""

    def __init__(self, service: BackupService, parent: QWidget | None = None) -> None:
        super().__init__(QCoreApplication.translate("Backups", "Backups"), parent)
        self.service = service
        self.folder = QLineEdit(str(service.folder()))
        self.folder.setObjectName("backup_folder")
        self.folder.setReadOnly(True)
        choose = QPushButton(QCoreApplication.translate("Backups", "Choose…"))
        choose.setObjectName("choose_backup_folder")
        choose.clicked.connect(self.on_choose)
        mark = QPushButton(QCoreApplication.translate("Backups", "Mark a USB stick…"))
        mark.setObjectName("mark_stick")
        mark.clicked.connect(self.on_mark)
        self.now_button = QPushButton(QCoreApplication.translate("Backups", "Back up now"))
        self.now_button.setObjectName("back_up_now")
        self.now_button.clicked.connect(self.on_back_up_now)
        self.bar = QProgressBar()
        self.bar.hide()
        self.message = QLabel()
        self.message.setObjectName("backup_message")
        self.message.setWordWrap(True)
        how = QLabel(
            QCoreApplication.translate(
                "Backups",
                "The program backs up by itself once a day and when it closes, encrypted. "
                "Another disk or a USB stick is safer than this PC's own disk: a stick "
                "marked here receives a copy whenever it is plugged in.",
            )
        )
        how.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(choose)
        buttons = QHBoxLayout()
        buttons.addWidget(mark)
        buttons.addWidget(self.now_button)
        buttons.addStretch(1)
        form = QFormLayout(self)
        form.addRow(how)
        form.addRow(QCoreApplication.translate("Backups", "Backup folder"), row)
        form.addRow("", buttons)
        form.addRow("", self.bar)
        form.addRow("", self.message)

    def _say(self, text: str, warning: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(RED if warning else "")

    def on_choose(self) -> None:
        chosen = QFileDialog.getExistingDirectory(
            self,
            QCoreApplication.translate("Backups", "Backup folder"),
            start_folder(self.folder.text()),
        )
        if chosen:
            self.set_folder(chosen)

    def set_folder(self, chosen: str) -> None:
        folder = Path(chosen)
        if not folder.is_dir():
            self._say(
                QCoreApplication.translate("Backups", "{0} is not a folder on this PC").format(
                    chosen
                ),
                True,
            )
            return
        settings = LocalSettings.load(self.service.paths.root)  # afresh: others saved
        settings.backup_folder = str(folder)
        try:
            settings.save(self.service.paths.root)
        except OSError as err:
            self._say(str(err), True)
            return
        self.folder.setText(str(folder))
        self._say(
            QCoreApplication.translate("Backups", "Backups now go to {0}").format(str(folder))
        )

    def on_mark(self) -> None:
        chosen = QFileDialog.getExistingDirectory(
            self, QCoreApplication.translate("Backups", "The USB stick to mark"), start_folder("")
        )
        if chosen:
            self.mark(Path(chosen))

    def mark(self, root: Path) -> None:
        try:
            self.service.mark_stick(root)
        except NcmsError as err:
            self._say(str(err), True)
            return
        self._say(
            QCoreApplication.translate(
                "Backups", "{0} is marked ({1}): it receives a backup whenever it is plugged in"
            ).format(str(root), MARKER)
        )

    def on_back_up_now(self) -> Operation:
        self.now_button.setEnabled(False)
        self.bar.setRange(0, 0)
        self.bar.show()
        self._say(QCoreApplication.translate("Backups", "Backing up…"))
        operation = (
            Operation(lambda progress: self.service.run(progress), self)
            .progress(self._progress)
            .success(self._made)
            .failure(self._failed)
        )
        operation.run()
        return operation

    def _progress(self, done: int, total: int) -> None:
        self.bar.setRange(0, total)
        self.bar.setValue(done)

    def _done(self) -> None:
        self.now_button.setEnabled(True)
        self.now_button.setFocus()  # where the clerk was, not the next box down
        self.bar.hide()

    def _made(self, run: object) -> None:
        self._done()
        assert isinstance(run, BackupRun)
        said = [
            QCoreApplication.translate("Backups", "Backed up to {0} ({1} documents)").format(
                str(p.parent), run.documents
            )
            for p in run.written
        ]
        if not run.sticks:
            said.append(
                QCoreApplication.translate(
                    "Backups", "No marked USB stick is plugged in: no copy on a stick this time."
                )
            )
        self._say("\n".join([*said, failed_text(run)]).strip(), bool(run.failed))

    def _failed(self, error: Exception) -> None:
        self._done()
        self._say(
            QCoreApplication.translate("Backups", "Not backed up: {0}").format(str(error)), True
        )
