"""Sync with the county over the network, from the Batches & sync page.

The sync runs in the background: the counter keeps working while a package crawls
up a slow line. The box shows what is happening (bytes sent, speed, time left),
can be cancelled, and can sync by itself whenever the county's service answers.
When a sync cannot finish it says why in plain words, and where the package is
kept for the USB route.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.workflow import Role
from app.errors import NcmsError
from app.paths import DataPaths
from app.security.actor import Actor
from app.settings import LocalSettings
from app.sync.exchange import PackageExchange
from app.sync.online.client import SyncOutcome
from app.sync.online.tus import LinkPolicy, Transfer
from ui.changes import Change, Changes
from ui.operations import Operation
from ui.sizes import size_text

ERROR_STYLE = "color: #b00020;"


class _Relay(QObject):
    """Carries the worker's reports to the GUI thread (a queued signal)."""

    reported = Signal(str, object)


def valid_url(text: str) -> bool:
    parts = urlparse(text.strip())
    return parts.scheme in ("http", "https") and bool(parts.hostname)


class OnlineSyncBox(QGroupBox):
    """Signals: synced() after a sync that applied the county's answer."""

    synced = Signal()
    AUTO_CHECK_MS = 5 * 60 * 1000  # how often to look whether the county answers
    AUTO_EVERY_SECONDS = 3600  # an automatic sync at most this often when all is sent

    def __init__(
        self,
        exchange: PackageExchange,
        paths: DataPaths,
        actor: Actor,
        changes: Changes | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Sync with the county over the network"))
        self.exchange, self.paths, self.actor = exchange, paths, actor
        self.changes = changes or Changes(self)
        self.settings = LocalSettings.load(paths.root)
        self.cancelled = threading.Event()
        self.operation: Operation | None = None
        self.running = False
        self.last_success: float | None = None
        self.policy = LinkPolicy()
        # Unattended, a sync gives up sooner: the next look at the county retries it.
        self.auto_policy = LinkPolicy(give_up_after=300.0)
        self.relay = _Relay()
        self.relay.reported.connect(self._on_report)
        self._build()
        self.timer = QTimer(self)
        self.timer.setInterval(self.AUTO_CHECK_MS)
        self.timer.timeout.connect(self.on_auto_tick)
        self.timer.start()

    def _build(self) -> None:
        self.url = QLineEdit(self.settings.sync_url)
        self.url.setObjectName("sync_url")
        self.url.setPlaceholderText("https://county.example.cn:8470")
        self.url_error = QLabel()
        self.url_error.setObjectName("sync_url_error")
        self.url_error.setStyleSheet(ERROR_STYLE)
        self.url_error.hide()
        self.token_button = QPushButton(self.tr("Enter sync token…"))
        self.token_button.setObjectName("sync_token")
        self.token_button.setEnabled(self.actor.role == Role.ADMIN)
        self.token_button.setToolTip(self.tr("Administrator: the token the county issued"))
        self.token_button.clicked.connect(self.on_token_clicked)
        address = QHBoxLayout()
        address.addWidget(QLabel(self.tr("County address")))
        address.addWidget(self.url, 1)
        address.addWidget(self.token_button)

        self.sync_button = QPushButton(self.tr("Sync now (F9)"))
        self.sync_button.setObjectName("sync_now")
        self.sync_button.clicked.connect(self.on_sync_clicked)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setObjectName("sync_cancel")
        self.cancel_button.hide()
        self.cancel_button.clicked.connect(self.on_cancel_clicked)
        self.auto = QCheckBox(self.tr("Sync automatically when the county can be reached"))
        self.auto.setObjectName("auto_sync")
        self.auto.setChecked(self.settings.auto_sync)
        self.auto.toggled.connect(self.on_auto_toggled)
        # A sync sends the station's files: the head's (or the administrator's), as the
        # service says; for a clerk the box says so instead of failing on F9.
        self.may_sync = self.actor.role in (Role.STATION_HEAD, Role.ADMIN)
        if not self.may_sync:
            head_only = self.tr("Only the station head syncs with the county")
            for widget in (self.sync_button, self.auto):
                widget.setEnabled(False)
                widget.setToolTip(head_only)
        actions = QHBoxLayout()
        actions.addWidget(self.sync_button)
        actions.addWidget(self.cancel_button)
        actions.addWidget(self.auto)
        actions.addStretch(1)

        self.progress = QProgressBar()
        self.progress.setObjectName("online_progress")
        self.progress.hide()
        self.transfer = QLabel()
        self.transfer.setObjectName("online_transfer")
        self.message = QLabel()
        self.message.setObjectName("online_message")
        self.message.setWordWrap(True)
        # The package's path can be selected and copied for the USB route.
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addLayout(address)
        layout.addWidget(self.url_error)
        layout.addLayout(actions)
        layout.addWidget(self.progress)
        layout.addWidget(self.transfer)
        layout.addWidget(self.message)

    # -- settings ------------------------------------------------------------------

    def _checked_url(self) -> str | None:
        text = self.url.text().strip()
        if not valid_url(text):
            self.url_error.setText(
                self.tr(
                    "Enter the county's address first (the IT person has it), "
                    "e.g. https://county.example.cn:8470, then sync again (F9)"
                )
            )
            self.url_error.show()
            self.url.setFocus()
            return None
        self.url_error.hide()
        if text != self.settings.sync_url:
            self.settings = LocalSettings.load(self.paths.root)
            self.settings.sync_url = text
            self.settings.save(self.paths.root)
        return text

    def _ca_file(self) -> Path | None:
        """The county's own certificate authority, when it uses one (set on this PC)."""
        return Path(self.settings.sync_ca_file) if self.settings.sync_ca_file else None

    def on_auto_toggled(self, on: bool) -> None:
        self.settings = LocalSettings.load(self.paths.root)
        self.settings.auto_sync = on
        self.settings.save(self.paths.root)

    def on_token_clicked(self, typed: str | None = None) -> None:
        if typed is None:
            typed, ok = QInputDialog.getText(
                self,
                self.tr("Sync token"),
                self.tr("The token the county issued for this station (32 letters and digits):"),
                QLineEdit.EchoMode.Password,
            )
            if not ok:
                return
        try:
            self.exchange.store_token(self.actor, typed)
        except NcmsError as err:
            self.message.setStyleSheet(ERROR_STYLE)
            self.message.setText(str(err))
            return
        self.message.setStyleSheet("")
        self.message.setText(self.tr("Sync token saved."))

    # -- syncing -------------------------------------------------------------------

    def on_sync_clicked(self, automatic: bool = False) -> None:
        if self.running:
            return
        url = self._checked_url()
        if url is None:
            return
        policy = self.auto_policy if automatic else self.policy
        try:
            sync = self.exchange.online(url, policy, self._ca_file(), self.cancelled)
        except NcmsError as err:
            self._show_error(err)
            return
        self.cancelled.clear()
        self._busy(True)
        self.message.setStyleSheet("")
        self.message.setText(self.tr("Starting…"))
        report = self.relay.reported.emit

        def work(_progress: Any) -> SyncOutcome:
            return sync.run(self.actor, report)

        self.operation = Operation(work, self).success(self._on_synced).failure(self._on_failed)
        self.operation.run()

    def on_cancel_clicked(self) -> None:
        self.cancelled.set()
        self.message.setText(self.tr("Cancelling… (what has been sent is kept)"))

    def _busy(self, busy: bool) -> None:
        self.running = busy
        self.sync_button.setEnabled(self.may_sync and not busy)
        self.cancel_button.setVisible(busy)
        self.progress.setVisible(busy)
        self.transfer.setVisible(busy)
        if busy:
            self.progress.setRange(0, 0)
            self.transfer.clear()

    def _on_report(self, stage: str, transfer: Transfer | None) -> None:
        stages = {
            "export": self.tr("Making the package…"),
            "upload": self.tr("Sending to the county…"),
            "county": self.tr("The county is checking and importing the package…"),
            "download": self.tr("Fetching the county's decisions…"),
            "import": self.tr("Applying the county's decisions…"),
        }
        self.message.setText(stages.get(stage, stage))
        if transfer is None or transfer.total <= 0:
            self.progress.setRange(0, 0)
            self.transfer.clear()
            return
        self.progress.setRange(0, 1000)
        self.progress.setValue(int(1000 * transfer.done / transfer.total))
        if stage not in ("upload", "download"):
            self.transfer.clear()
            return
        text = (
            self.tr("%1 of %2")
            .replace("%1", size_text(transfer.done))
            .replace("%2", size_text(transfer.total))
        )
        if transfer.rate > 0:
            text += " · " + self.tr("%1/s").replace("%1", size_text(transfer.rate))
        left = transfer.remaining_seconds
        if left is not None:
            text += " · " + self.tr("about %1 min %2 s left").replace(
                "%1", str(int(left // 60))
            ).replace("%2", str(int(left % 60)))
        if transfer.retries:
            text += " · " + self.tr("%n reconnection(s)", "", transfer.retries)
        self.transfer.setText(text)

    def _on_synced(self, outcome: SyncOutcome) -> None:
        self._busy(False)
        self.last_success = time.monotonic()
        sent = sum(d.size for d in outcome.delivered)
        decisions = sum(
            r.changes.get("decision", 0) + r.changes.get("certificate", 0)
            for r in outcome.decisions
        )
        self.message.setStyleSheet("")
        self.message.setText(
            self.tr("Synced at %1: %2 sent; %3 decision(s) and certificate(s) received.")
            .replace("%1", time.strftime("%H:%M"))
            .replace("%2", size_text(sent))
            .replace("%3", str(decisions))
        )
        self._synced()

    def _synced(self) -> None:
        self.synced.emit()
        # The county's decisions move applications and bring certificates.
        self.changes.announce(Change.SYNC, Change.APPLICATION, Change.CERTIFICATE)

    def _on_failed(self, error: Exception) -> None:
        self._busy(False)
        if isinstance(error, NcmsError):
            self._show_error(error)
        else:
            self._show_error(
                self.tr(
                    "The sync stopped on an unexpected error (%1). Packages already made "
                    "are kept in %2 for a later sync or the USB route."
                )
                .replace("%1", type(error).__name__)
                .replace("%2", str(self.paths.outbox))
            )
        self._synced()  # packages may have been made or delivered before the stop

    def _show_error(self, error: NcmsError | str) -> None:
        self.message.setStyleSheet(ERROR_STYLE)
        text = str(error)
        if self.auto.isChecked():
            text += " " + self.tr("(Automatic sync will try again.)")
        self.message.setText(text)

    # -- automatic -----------------------------------------------------------------

    def _due(self) -> bool:
        if self.exchange.outbox.entries() or self.last_success is None:
            return True
        return time.monotonic() - self.last_success >= self.AUTO_EVERY_SECONDS

    def on_auto_tick(self) -> None:
        """Every few minutes: when automatic sync is on and there is something to do,
        look (in the background) whether the county answers, and if so, sync."""
        if not self.may_sync or not self.auto.isChecked() or self.running or not self._due():
            return
        url = self.url.text().strip()
        if not valid_url(url):
            return
        ca_file = self._ca_file()

        def look(_progress: Any) -> bool:
            return self.exchange.county_answers(url, ca_file)

        def answered(reachable: bool) -> None:
            if reachable and not self.running:
                self.on_sync_clicked(automatic=True)

        # A county that cannot be looked at is looked at again at the next tick.
        Operation(look, self).success(answered).failure(lambda _error: None).run()
