"""Stations: every station the county trusts (or revoked), its last package and sync,
the audit head it last reported, its packages received and refused with the reason,
its sync token (issue, replace, revoke), and the reconciliation of what it says it
sent, batch by batch and disease by disease, with what the county holds.

Keyboard: the stations table has the focus; arrows choose a station, Alt+T issues
or replaces its token, Alt+V revokes it, F5 reads everything again, and the tabs
below open with Alt+N, Alt+P, Alt+F.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.errors import NcmsError
from app.security.actor import Actor
from app.sync.stations import StationDetail, StationOverview, StationService, TokenState, may_manage
from ui.changes import Change, Changes
from ui.dialogs.confirm import confirm
from ui.dialogs.token_dialog import TokenDialog
from ui.models.rows_model import RowRole
from ui.models.stations_model import (
    ReceivedPackagesModel,
    ReconciliationModel,
    RefusalsModel,
    StationsModel,
)
from ui.widgets.tables import table_view

HEAD_SHOWN = 16  # hex digits of an audit head: enough to compare by eye with the station's


class StationsPage(QWidget):
    def __init__(
        self,
        stations: StationService,
        actor: Actor,
        changes: Changes | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.stations = stations
        self.actor = actor
        self.changes = changes or Changes(self)
        self.model = StationsModel(self)
        self.reconciliation = ReconciliationModel(self)
        self.received = ReceivedPackagesModel(self)
        self.refused = RefusalsModel(self)
        self.unknown = RefusalsModel(self)
        self.detail: StationDetail | None = None
        self.token_dialog: TokenDialog | None = None
        self._build()
        self._connect_signals()
        self.refresh()

    def _build(self) -> None:
        self.count = QLabel()
        self.count.setObjectName("station_count")
        self.token_button = QPushButton(self.tr("Issue token…"))
        self.token_button.setObjectName("issue_token")
        self.revoke_button = QPushButton(self.tr("Revoke station…"))
        self.revoke_button.setObjectName("revoke_station")
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.setToolTip(self.tr("Read every station's packages again (F5)"))
        self.token_button.setToolTip(self.tr("Issue the chosen station a new sync token (Alt+T)"))
        self.revoke_button.setToolTip(self.tr("Stop trusting the chosen station (Alt+V)"))
        if not may_manage(self.actor):
            tip = self.tr("Only a county administrator issues tokens and revokes stations")
            for button in (self.token_button, self.revoke_button):
                button.setEnabled(False)
                button.setToolTip(tip)
        top = QHBoxLayout()
        top.addWidget(self.count, 1)
        top.addWidget(self.token_button)
        top.addWidget(self.revoke_button)
        top.addWidget(self.refresh_button)
        self.table = table_view(self.model, "stations_table")
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # Room for the tabs below on a 768-pixel screen: a county has tens of stations.
        self.table.setMinimumHeight(140)
        self.message = QLabel()
        self.message.setObjectName("stations_message")
        self.message.setWordWrap(True)
        self.audit = QLabel()
        self.audit.setObjectName("station_audit")
        self.audit.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("station_tabs")
        self.batch_list = QListView()
        self.batch_list.setObjectName("reconciliation_list")
        self.batch_list.setModel(self.reconciliation)
        self.batch_list.setWordWrap(True)
        self.batch_list.setAlternatingRowColors(True)
        self.batch_list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.received_table = table_view(self.received, "received_table")
        self.refused_table = table_view(self.refused, "refused_table")
        self.unknown_table = table_view(self.unknown, "unknown_refused_table")
        self.tabs.addTab(self.batch_list, self.tr("Reco&nciliation"))
        self.tabs.addTab(self.received_table, self.tr("&Packages received"))
        self.tabs.addTab(self.refused_table, self.tr("Re&fused"))
        self.tabs.addTab(self.unknown_table, self.tr("Refused, sender unknown"))
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 2)
        layout.addWidget(self.message)
        layout.addWidget(self.audit)
        layout.addWidget(self.tabs, 3)

    def _connect_signals(self) -> None:
        self.table.selectionModel().selectionChanged.connect(self.on_selection_changed)
        self.token_button.clicked.connect(self.on_token_clicked)
        self.revoke_button.clicked.connect(self.on_revoke_clicked)
        self.refresh_button.clicked.connect(self.refresh)
        # Explicit keys, not mnemonics (which some platforms leave off); a disabled
        # button's key does nothing, as its click does nothing.
        for keys, button in (
            ("Alt+T", self.token_button),
            ("Alt+V", self.revoke_button),
            ("F5", self.refresh_button),
        ):
            QShortcut(QKeySequence(keys), self).activated.connect(button.click)
        self.changes.changed.connect(self.on_changed)

    def showEvent(self, event: QShowEvent) -> None:
        # Another desk or the sync service may have received packages meanwhile.
        super().showEvent(event)
        self.refresh()
        self.table.setFocus()

    def on_changed(self, what: frozenset[Change]) -> None:
        # Shown, it reads its lists again on another desk's change; hidden, when shown.
        elsewhere = Change.ELSEWHERE in what and self.isVisible()
        if what & {Change.SYNC, Change.APPLICATION} or elsewhere:
            self.refresh()

    # -- reading ---------------------------------------------------------------------

    def current(self) -> StationOverview | None:
        index = self.table.currentIndex()
        return index.siblingAtColumn(0).data(RowRole) if index.isValid() else None

    def choose(self, code: str) -> None:
        """Make the station `code` the chosen one (from the dashboard), if it is listed."""
        for row, station in enumerate(self.model.rows):
            if station.code == code:
                self.table.setCurrentIndex(self.model.index(row, 0))
                return

    def refresh(self) -> None:
        chosen = self.current()
        rows = self.stations.overview()
        self.model.set_rows(rows)
        self.unknown.set_rows(self.stations.refused_unknown())
        self.count.setText(self.tr("Stations: {0}").format(len(rows)))
        codes = [r.code for r in rows]
        row = codes.index(chosen.code) if chosen is not None and chosen.code in codes else 0
        if rows:
            self.table.setCurrentIndex(self.model.index(row, 0))
        self.show_detail()

    def on_selection_changed(self, selected: QItemSelection, deselected: QItemSelection) -> None:
        self.show_detail()

    def show_detail(self) -> None:
        station = self.current()
        self.detail = None if station is None else self.stations.detail(station.code)
        detail = self.detail
        self.reconciliation.set_rows(detail.batches if detail else [])
        self.received.set_rows(detail.packages if detail else [])
        self.refused.set_rows(detail.refused if detail else [])
        self.tabs.setTabText(
            0,
            self.tr("Reco&nciliation ({0} to check)").format(detail.differences)
            if detail and detail.differences
            else self.tr("Reco&nciliation"),
        )
        self.tabs.setTabText(
            2,
            self.tr("Re&fused ({0})").format(len(detail.refused))
            if detail and detail.refused
            else self.tr("Re&fused"),
        )
        self.tabs.setTabText(
            3,
            self.tr("Refused, sender unknown ({0})").format(self.unknown.rowCount())
            if self.unknown.rowCount()
            else self.tr("Refused, sender unknown"),
        )
        self._show_audit(station)
        self._update_buttons(station)

    def _show_audit(self, station: StationOverview | None) -> None:
        if station is None or not station.audit_head:
            self.audit.setText(self.tr("Audit head as last reported: none yet"))
            return
        self.audit.setText(
            self.tr("Audit head as last reported: {0}… (entry {1}), in package No. {2}").format(
                station.audit_head[:HEAD_SHOWN],
                station.audit_count,
                station.last_package.sequence if station.last_package else "",
            )
        )
        self.audit.setToolTip(station.audit_head)

    def _update_buttons(self, station: StationOverview | None) -> None:
        issued = station is not None and station.token == TokenState.ISSUED
        self.token_button.setText(self.tr("Replace token…") if issued else self.tr("Issue token…"))
        if not may_manage(self.actor):
            return
        trusted = station is not None and station.token != TokenState.REVOKED
        self.token_button.setEnabled(trusted)
        self.revoke_button.setEnabled(trusted)

    # -- tokens and trust ------------------------------------------------------------

    def on_token_clicked(self) -> None:
        station = self.current()
        if station is None:
            return
        if station.token == TokenState.ISSUED and not confirm(
            self,
            self.tr("Replace token"),
            self.tr(
                "Issue a new token for {0} {1}? The token the station has now stops "
                "working at once: it syncs again only once it enters the new one."
            ).format(station.code, station.name),
        ):
            return
        try:
            token = self.stations.issue_token(self.actor, station.code)
        except NcmsError as err:
            self.message.setText(str(err))
            return
        self.message.setText(self.tr("A new token was issued for {0}.").format(station.code))
        self.refresh()
        self.token_dialog = TokenDialog(station.code, token, self)
        self.token_dialog.open()

    def on_revoke_clicked(self) -> None:
        station = self.current()
        if station is None:
            return
        if not confirm(
            self,
            self.tr("Revoke station"),
            self.tr(
                "Stop trusting {0} {1}? Its packages will be refused and its token stops "
                "working. Trusting it again needs its identity file (ncms peers add)."
            ).format(station.code, station.name),
        ):
            return
        try:
            self.stations.revoke(self.actor, station.code)
        except NcmsError as err:
            self.message.setText(str(err))
            return
        self.message.setText(self.tr("{0} is no longer trusted.").format(station.code))
        self.changes.announce(Change.SYNC)  # this page reads everything again too
