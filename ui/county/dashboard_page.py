"""The county's dashboard, the window's first page: this quarter at a glance. Every
figure opens its list: a waiting count the Cases page filtered to it, a cell of the
quarter's table the Cases page on that station and disease, the notices running the
Public notice page, the certificates ending soon the Certificates page's renewal
list, a station (or the silent ones) the Stations page on it.

Keyboard: Tab reaches every card, Space opens its list; in a table the arrow keys
choose a cell and Enter opens it; F5 reads everything again.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.admin.auto_backup import BackupService
from app.county.overview import CountyOverview, CountyOverviewData
from app.domain.quarters import quarter_label
from app.intake.catalogue import CatalogueService
from ui.backups import BackupLine
from ui.catalogue_names import disease_names
from ui.changes import Change, Changes
from ui.models.county_overview_model import (
    FigureRole,
    QuarterTableModel,
    StationActivityModel,
    StationRole,
)
from ui.pages.dashboard_page import MIN_TILE_WIDTH, TILE_STYLE
from ui.widgets.tables import table_view

CARDS = ("quarter", "committee", "examination", "materials", "notices", "expiring", "silent")
CARDS_PER_ROW = (7, 4, 3, 2, 1)
TABLE_MIN_HEIGHT = 120
SECTION_STYLE = "font-size: 11pt; font-weight: bold; margin-top: 6px;"


class CountyDashboardPage(QWidget):
    """Signals: open_cases(ApplicationFilter), open_notices(), open_renewals(),
    open_station(str code): the window shows the page that lists it."""

    open_cases = Signal(object)
    open_notices = Signal()
    open_renewals = Signal()
    open_station = Signal(str)

    def __init__(
        self,
        overview: CountyOverview,
        catalogue: CatalogueService,
        changes: Changes | None = None,
        parent: QWidget | None = None,
        backups: BackupService | None = None,
    ) -> None:
        super().__init__(parent)
        self.overview = overview
        self.backup_line = BackupLine(backups) if backups is not None else None
        self.data: CountyOverviewData | None = None
        self.heading = QLabel()
        self.heading.setObjectName("dashboard_heading")
        self.heading.setStyleSheet("font-size: 15pt; font-weight: bold;")
        self.cards: dict[str, QPushButton] = {}
        self.card_grid = QGridLayout()
        self.cards_per_row = 0
        for key in CARDS:
            card = QPushButton()
            card.setObjectName(f"card_{key}")
            card.setStyleSheet(TILE_STYLE)
            card.setMinimumHeight(64)
            card.setMinimumWidth(MIN_TILE_WIDTH)
            card.clicked.connect(lambda _=False, k=key: self.on_card(k))
            self.cards[key] = card
        # Four a row until the page knows its width: seven cards' least width would
        # widen a 1024-pixel window's page past its screen meanwhile.
        self._arrange_cards(CARDS_PER_ROW[1])
        self.quarter_title = self._section()
        self.quarter_model = QuarterTableModel(disease_names(catalogue), self)
        self.quarter_table = table_view(self.quarter_model, "quarter_table")
        self.quarter_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.quarter_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.quarter_table.horizontalHeader().setStretchLastSection(False)
        self.quarter_table.setMinimumHeight(TABLE_MIN_HEIGHT)
        self.stations_title = self._section()
        self.stations_title.setText(self.tr("Packages received per station"))
        self.activity_model = StationActivityModel(self)
        self.activity_table = table_view(self.activity_model, "activity_table")
        self.activity_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.activity_table.horizontalHeader().setStretchLastSection(False)
        self.activity_table.setMinimumHeight(TABLE_MIN_HEIGHT)
        self.page_layout = QVBoxLayout(self)
        self.page_layout.addWidget(self.heading)
        if self.backup_line is not None:
            self.page_layout.addWidget(self.backup_line)
        self.page_layout.addLayout(self.card_grid)
        self.page_layout.addWidget(self.quarter_title)
        self.page_layout.addWidget(self.quarter_table, 1)
        self.page_layout.addWidget(self.stations_title)
        self.page_layout.addWidget(self.activity_table, 1)
        self.quarter_table.activated.connect(self.on_cell_activated)
        self.activity_table.activated.connect(self.on_station_activated)
        # The window's while the page shows (a hidden page's key does nothing), so it
        # works from the navigation too, as the Stations page's F5 does.
        QShortcut(QKeySequence("F5"), self).activated.connect(self.refresh)
        (changes or Changes(self)).changed.connect(self.on_changed)

    @staticmethod
    def _section() -> QLabel:
        label = QLabel()
        label.setStyleSheet(SECTION_STYLE)
        return label

    # -- showing ------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not event.spontaneous():  # shown by the window, not restored from minimised
            self.refresh()

    def on_changed(self, _what: frozenset[Change]) -> None:
        # Every kind of change moves some figure; a hidden page catches up when shown.
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        if self.backup_line is not None:
            self.backup_line.refresh()
        data = self.overview.load()
        self.data = data
        self.heading.setText(
            self.tr("Quarter {0}, as of {1}").format(
                quarter_label(data.quarter), f"{data.today:%Y-%m-%d}"
            )
        )
        running = data.notices_running
        notices = self.tr("public notices running")
        if running:
            ends = self.tr("the first ends {0}").format(f"{running[0].period.ends_on:%m-%d}")
            notices = f"{notices}\n{ends}"
        if data.notices_to_close:
            # "More": not the running one the lines above are about.
            ended = self.tr("{0} more ended, to be closed").format(len(data.notices_to_close))
            notices = f"{notices}\n{ended}"
        texts = {
            "quarter": (
                data.quarter_total.value,
                self.tr("files received this quarter, withdrawn ones too"),
            ),
            "committee": (data.waiting_committee.value, self.tr("waiting for the committee")),
            "examination": (
                data.waiting_examination.value,
                self.tr("waiting for a physical examination"),
            ),
            "materials": (data.waiting_materials.value, self.tr("waiting for materials")),
            "notices": (len(running), notices),
            "expiring": (
                data.expiring,
                self.tr("certificates expiring in {0} days").format(data.expiring_days),
            ),
            "silent": (
                len(data.silent),
                self.tr("stations silent for more than {0} days").format(data.silent_after_days),
            ),
        }
        for key, (value, caption) in texts.items():
            self.cards[key].setText(f"{value}\n{caption}")
        self._reflow_cards()
        self.quarter_title.setText(
            self.tr("Files received this quarter ({0}) by station and disease").format(
                quarter_label(data.quarter)
            )
        )
        self.quarter_model.set_data(data)
        self.activity_model.set_activity(data.stations, data.silent_after_days)

    # -- the cards' rows -----------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._reflow_cards()

    def _reflow_cards(self) -> None:
        """As many cards a row as show their whole text: 7, else 4 + 3, …"""
        margins = self.page_layout.contentsMargins()
        room = self.width() - margins.left() - margins.right()
        spacing = max(0, self.card_grid.horizontalSpacing())
        hints = [card.sizeHint().width() for card in self.cards.values()]

        def width_of(per_row: int) -> int:
            columns = [max(hints[c::per_row]) for c in range(per_row)]
            return sum(columns) + (per_row - 1) * spacing

        fitting = [n for n in CARDS_PER_ROW if width_of(n) <= room]
        self._arrange_cards(fitting[0] if fitting else CARDS_PER_ROW[-1])

    def _arrange_cards(self, per_row: int) -> None:
        if per_row == self.cards_per_row:
            return
        self.cards_per_row = per_row
        for card in self.cards.values():
            self.card_grid.removeWidget(card)
        for i, card in enumerate(self.cards.values()):
            self.card_grid.addWidget(card, i // per_row, i % per_row)

    # -- opening lists --------------------------------------------------------------------

    def on_card(self, key: str) -> None:
        data = self.data
        if data is None:
            return
        figures = {
            "quarter": data.quarter_total,
            "committee": data.waiting_committee,
            "examination": data.waiting_examination,
            "materials": data.waiting_materials,
        }
        if key in figures:
            self.open_cases.emit(figures[key].filter)
        elif key == "notices":
            self.open_notices.emit()
        elif key == "expiring":
            self.open_renewals.emit()
        elif key == "silent":
            silent = data.silent
            if silent:
                self.open_station.emit(silent[0].code)
            else:
                self.activity_table.setFocus()

    def on_cell_activated(self, index: QModelIndex) -> None:
        flt = index.data(FigureRole)
        if flt is not None:
            self.open_cases.emit(flt)

    def on_station_activated(self, index: QModelIndex) -> None:
        code = index.data(StationRole)
        if code:
            self.open_station.emit(code)
