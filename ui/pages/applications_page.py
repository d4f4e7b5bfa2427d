"""Applications: find any application by name, pinyin initials, ID digits or number (the
short number too), narrow by state, disease, village and quarter, and open it. A
list opened from a dashboard figure says so in a chip whose × clears it."""

from __future__ import annotations

import uuid

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.appeals.lodging import AppealService
from app.domain.quarters import quarter_label
from app.domain.workflow import State, state_term
from app.intake.applications import ApplicationService
from app.intake.catalogue import CatalogueService
from app.intake.listing import ApplicationFilter, ApplicationList
from app.paths import DataPaths
from app.printing.printouts import PrintoutService
from app.security.actor import Actor
from app.sync.exchange import PackageExchange
from ui.catalogue_names import disease_names
from ui.changes import Change, Changes
from ui.models.applications_model import (
    COL_DISEASES,
    COL_STATE,
    COUNT_LIMIT,
    ApplicationIdRole,
    ApplicationsModel,
)
from ui.pages.application_detail import ApplicationDetailDialog
from ui.screen_fit import narrow_combo
from ui.widgets.tables import cell_margins, two_line_width

SEARCH_DELAY_MS = 250
# The diseases column is never narrower than this many characters (about one English
# disease name, "Hypertension (stage II/III)"): where the other columns leave less, the
# rows are two lines tall and the state wraps onto its second line.
DISEASES_LEAST_CHARS = 20


class ApplicationsPage(QWidget):
    def __init__(
        self,
        listing: ApplicationList,
        applications: ApplicationService,
        catalogue: CatalogueService,
        exchange: PackageExchange,
        printouts: PrintoutService,
        appeals: AppealService,
        paths: DataPaths,
        actor: Actor,
        changes: Changes | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.listing = listing
        self.applications = applications
        self.catalogue = catalogue
        # What the detail dialog of an application needs besides the two above.
        self.exchange, self.printouts, self.paths = exchange, printouts, paths
        self.appeals = appeals
        self.actor = actor  # who withdraws an application from its dialog
        self.changes = changes or Changes(self)
        self.model = ApplicationsModel(listing, disease_names(catalogue))
        self._build()
        self._connect_signals()
        self.model.reload()
        self._update_count()
        self.fit_columns()

    def _build(self) -> None:
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText(
            self.tr("Name, pinyin initials, last ID digits or application number")
        )
        self.search.setClearButtonEnabled(True)
        self.state = QComboBox()
        self.state.addItem(self.tr("All states"), None)
        for state in State:
            self.state.addItem(str(state_term(state)), state.value)
        self.disease = QComboBox()
        self.disease.addItem(self.tr("All diseases"), None)
        for code, name in sorted(self.model.disease_names.items(), key=lambda kv: kv[1]):
            self.disease.addItem(name, code)
        self.village = QComboBox()
        self.village.addItem(self.tr("All villages"), None)
        for village in self.listing.villages():
            self.village.addItem(village, village)
        self.quarter = QComboBox()
        self.quarter.addItem(self.tr("All quarters"), None)
        for quarter in self.listing.quarters():
            self.quarter.addItem(quarter_label(quarter), quarter)
        self.count = QLabel()
        self.count.setObjectName("count")
        # The search box has a row of its own, so its hint is read whole on a 1024 screen.
        search_row = QHBoxLayout()
        search_row.addWidget(self.search, 1)
        search_row.addWidget(self.count)
        filters = QHBoxLayout()
        for combo in (self.state, self.disease, self.village, self.quarter):
            narrow_combo(combo)  # the row fits a 1024-pixel screen in English too
            filters.addWidget(combo, 1)
        self.filter_chip = QFrame()
        self.filter_chip.setObjectName("filter_chip")
        self.filter_chip.setStyleSheet(
            "#filter_chip { background: #e8eaf6; border: 1px solid #9fa8da; border-radius: 10px; }"
        )
        self.filter_label = QLabel()
        self.filter_label.setObjectName("filter_label")
        self.clear_filter_button = QToolButton()
        self.clear_filter_button.setObjectName("clear_filter")
        self.clear_filter_button.setText("×")
        self.clear_filter_button.setAutoRaise(True)
        self.clear_filter_button.setToolTip(self.tr("Clear this filter: show all applications"))
        chip = QHBoxLayout(self.filter_chip)
        chip.setContentsMargins(8, 0, 2, 0)
        chip.addWidget(self.filter_label)
        chip.addWidget(self.clear_filter_button)
        self.filter_chip.hide()
        chip_row = QHBoxLayout()
        chip_row.addWidget(self.filter_chip)
        chip_row.addStretch(1)
        self.table = QTableView()
        self.table.setObjectName("applications_table")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # The diseases take the room the other columns leave, so the last column (the
        # date received) is in view without scrolling sideways; a long list of diseases
        # is shortened, and reads whole in its tooltip.
        header.setSectionResizeMode(COL_DISEASES, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        self.one_line_rows = self.table.verticalHeader().defaultSectionSize()
        self.two_lines = False
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.DescendingOrder)
        layout = QVBoxLayout(self)
        layout.addLayout(search_row)
        layout.addLayout(filters)
        layout.addLayout(chip_row)
        layout.addWidget(self.table, 1)
        self.debounce = QTimer(self)
        self.debounce.setSingleShot(True)
        self.debounce.setInterval(SEARCH_DELAY_MS)

    def _connect_signals(self) -> None:
        self.search.textChanged.connect(self.debounce.start)
        self.search.returnPressed.connect(self.on_filters_changed)
        self.debounce.timeout.connect(self.on_filters_changed)
        for combo in (self.state, self.disease, self.village, self.quarter):
            combo.currentIndexChanged.connect(self.on_filters_changed)
        self.table.activated.connect(self.on_row_activated)
        self.clear_filter_button.clicked.connect(self.on_clear_filter_clicked)
        self.model.modelReset.connect(self._update_count)
        self.model.modelReset.connect(self.fit_columns)
        self.table.installEventFilter(self)
        self.changes.changed.connect(self.on_changed)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table and event.type() == QEvent.Type.Resize:
            QTimer.singleShot(0, self, self.fit_columns)  # once the viewport is its new width
        return super().eventFilter(watched, event)

    def fit_columns(self) -> None:
        """Columns as wide as their contents; the diseases take the room left. Where
        that room is less than a disease name (English at 1024), the rows are two lines
        tall: the states listed wrap and give the diseases their room, and the diseases
        read on two lines too."""
        table, header = self.table, self.table.horizontalHeader()
        others = [c for c in range(header.count()) if c != COL_DISEASES]
        for column in others:
            table.resizeColumnToContents(column)
        metrics = table.fontMetrics()
        left = table.viewport().width() - sum(header.sectionSize(c) for c in others)
        self.two_lines = left < DISEASES_LEAST_CHARS * metrics.averageCharWidth()
        if self.two_lines:
            shown = {row.state for row in self.model.rows}
            wrapped = max(
                (two_line_width(table.font(), str(state_term(s))) for s in shown), default=0
            )
            header.resizeSection(
                COL_STATE, max(wrapped + cell_margins(table), header.sectionSizeHint(COL_STATE))
            )
        rows = 2 * metrics.lineSpacing() + 6 if self.two_lines else 0
        table.verticalHeader().setDefaultSectionSize(max(self.one_line_rows, rows))

    def on_changed(self, what: frozenset[Change]) -> None:
        if Change.APPLICATION in what:
            self.model.reload()

    def current_filter(self) -> ApplicationFilter:
        state = self.state.currentData()
        return ApplicationFilter(
            states=(state,) if state else (),
            disease=self.disease.currentData(),
            village=self.village.currentData(),
            quarter=self.quarter.currentData(),
            text=self.search.text(),
        )

    def on_filters_changed(self) -> None:
        self.debounce.stop()
        self.filter_chip.hide()  # the list is now what the boxes above say
        self.model.set_filter(self.current_filter())

    def on_clear_filter_clicked(self) -> None:
        self.show_filter(ApplicationFilter())
        self.search.setFocus()

    def show_filter(self, flt: ApplicationFilter) -> None:
        """Open the list already filtered (from a dashboard figure)."""
        for combo, value in (
            (self.state, flt.states[0] if flt.states else None),
            (self.disease, flt.disease),
            (self.village, flt.village),
            (self.quarter, flt.quarter),
        ):
            combo.blockSignals(True)
            combo.setCurrentIndex(max(0, combo.findData(value)))
            combo.blockSignals(False)
        self.search.blockSignals(True)
        self.search.setText(flt.text)
        self.search.blockSignals(False)
        described = self.describe(flt)
        self.filter_label.setText(self.tr("From the dashboard: {0}").format(described))
        self.filter_chip.setVisible(bool(described))
        self.model.set_filter(flt)

    def describe(self, flt: ApplicationFilter) -> str:
        """The filter in words, as the chip shows it ("" for none)."""
        parts = [str(state_term(s)) for s in flt.states]
        if flt.disease:
            parts.append(self.model.disease_names.get(flt.disease, flt.disease))
        if flt.village:
            parts.append(flt.village)
        if flt.quarter:
            parts.append(quarter_label(flt.quarter))
        if flt.certificate_expiring:
            first, last = flt.certificate_expiring
            parts.append(
                self.tr("certificate valid until {0} to {1}").format(
                    f"{first:%Y-%m-%d}", f"{last:%Y-%m-%d}"
                )
            )
        if flt.certificate_to_hand_out:
            parts.append(self.tr("certificate not handed out"))
        if flt.text.strip():
            parts.append(f"“{flt.text.strip()}”")
        return self.tr(", ").join(parts)

    def _update_count(self) -> None:
        if self.model.more_than_counted:
            text = self.tr("More than {0} applications").format(f"{COUNT_LIMIT:,}")
        else:
            text = self.tr("{0} applications").format(self.model.total)
        self.count.setText(text)

    def on_row_activated(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self.open_application(self.model.data(index, ApplicationIdRole))

    def open_application(self, application_id: uuid.UUID) -> ApplicationDetailDialog:
        dialog = ApplicationDetailDialog(
            self.applications,
            self.catalogue,
            self.exchange,
            self.printouts,
            self.appeals,
            self.paths,
            application_id,
            self.actor,
            self.changes,
            self,
        )
        dialog.open()
        return dialog
