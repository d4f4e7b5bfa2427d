"""Cases: every application the stations sent, in one list the county narrows by
station, quarter, disease, state, diagnosing hospital and the duplicate flag, and
searches as a station does (name, pinyin initials, ID digits, the short number).
Enter or a double-click opens the case (ui/county/case_dialog.py)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.county.overview import COMMITTEE
from app.domain.quarters import quarter_label
from app.domain.workflow import State, state_term
from app.intake.catalogue import CatalogueService
from app.intake.listing import ApplicationFilter, ApplicationList
from ui.catalogue_names import disease_names
from ui.changes import Change, Changes
from ui.county.case_dialog import CaseDesk, CaseDialog
from ui.models.applications_model import COUNT_LIMIT, ApplicationIdRole
from ui.models.cases_model import CasesModel
from ui.screen_fit import narrow_combo
from ui.widgets.tables import fit_columns, table_view

SEARCH_DELAY_MS = 250
# What reaches a county: a station's drafts and its own examination never do.
COUNTY_STATES = (
    State.COUNTY_RECEIVED,
    State.UNDER_REVIEW,
    State.EXAM_REQUIRED,
    State.AWAITING_MATERIALS,  # the committee asked for a supplement
    State.APPROVED,
    State.PARTLY_APPROVED,
    State.REJECTED,
    State.APPEALED,  # the applicant asked the committee again
    State.CERTIFICATE_ISSUED,
    State.EXPIRED,
    State.WITHDRAWN,
)


class CasesPage(QWidget):
    def __init__(
        self,
        listing: ApplicationList,
        catalogue: CatalogueService,
        desk: CaseDesk,
        changes: Changes | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.listing = listing
        self.desk = desk
        self.dialog: CaseDialog | None = None
        self.changes = changes or Changes(self)
        stations = dict(listing.stations())
        hospitals = dict(listing.hospitals())
        self.model = CasesModel(listing, disease_names(catalogue), stations, hospitals)
        self._build(stations, hospitals)
        self._connect_signals()
        self.model.reload()
        self._update_count()
        fit_columns(self.table)

    def _build(self, stations: dict[str, str], hospitals: dict[str, str]) -> None:
        self.search = QLineEdit()
        self.search.setObjectName("case_search")
        self.search.setPlaceholderText(
            self.tr("Name, pinyin initials, last ID digits or application number")
        )
        self.search.setClearButtonEnabled(True)
        self.station = self._combo("case_station", self.tr("All stations"), stations.items())
        self.quarter = self._combo(
            "case_quarter",
            self.tr("All quarters"),
            ((q, quarter_label(q)) for q in self.listing.quarters()),
        )
        self.disease = self._combo(
            "case_disease",
            self.tr("All diseases"),
            sorted(self.model.disease_names.items(), key=lambda kv: kv[1]),
        )
        # Each item's data is the states it lists: one, or the committee's several.
        self.state = self._combo(
            "case_state",
            self.tr("All states"),
            [
                (COMMITTEE, self.tr("Waiting for the committee")),
                *(((s.value,), str(state_term(s))) for s in COUNTY_STATES),
            ],
        )
        self.hospital = self._combo(
            "case_hospital", self.tr("All diagnosing hospitals"), hospitals.items()
        )
        self.duplicates = QCheckBox(self.tr("Only possible duplicates"))
        self.duplicates.setObjectName("case_duplicates")
        self.duplicates.setToolTip(
            self.tr(
                "Files of a person who has another open application for the same disease, "
                "at this or another station"
            )
        )
        self.count = QLabel()
        self.count.setObjectName("case_count")
        # Two rows of filters: the whole row fits a 1024-pixel screen in English too.
        filters = QGridLayout()
        filters.addWidget(self.search, 0, 0, 1, 2)
        filters.addWidget(self.station, 0, 2)
        filters.addWidget(self.quarter, 0, 3)
        filters.addWidget(self.disease, 1, 0)
        filters.addWidget(self.state, 1, 1)
        filters.addWidget(self.hospital, 1, 2)
        filters.addWidget(self.duplicates, 1, 3)
        for column in range(4):
            filters.setColumnStretch(column, 1)
        self.table = table_view(self.model, "cases_table")
        self.table.setSortingEnabled(True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.count)
        layout.addWidget(self.table, 1)
        self.debounce = QTimer(self)
        self.debounce.setSingleShot(True)
        self.debounce.setInterval(SEARCH_DELAY_MS)

    def _combo(self, name: str, everything: str, items: Iterable[tuple[object, str]]) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        combo.addItem(everything, None)
        for value, text in items:
            combo.addItem(text, value)
        narrow_combo(combo)
        return combo

    def _combos(self) -> tuple[QComboBox, ...]:
        return (self.station, self.quarter, self.disease, self.state, self.hospital)

    def _connect_signals(self) -> None:
        self.search.textChanged.connect(self.debounce.start)
        self.search.returnPressed.connect(self.on_filters_changed)
        self.debounce.timeout.connect(self.on_filters_changed)
        for combo in self._combos():
            combo.currentIndexChanged.connect(self.on_filters_changed)
        self.duplicates.toggled.connect(self.on_filters_changed)
        self.table.activated.connect(self.on_row_activated)
        self.model.modelReset.connect(self._update_count)
        self.changes.changed.connect(self.on_changed)

    def on_changed(self, what: frozenset[Change]) -> None:
        if what & {Change.APPLICATION, Change.SYNC, Change.ELSEWHERE}:
            self.reload_keeping_place()

    def reload_keeping_place(self) -> None:
        """Read the list again with the case the reviewer was on still chosen (when
        it is still listed): another desk's change must not lose their place."""
        index = self.table.currentIndex()
        chosen = index.data(ApplicationIdRole) if index.isValid() else None
        column = max(index.column(), 0)
        self.model.reload()
        if chosen is None:
            return
        for row in range(self.model.rowCount()):
            if self.model.index(row, 0).data(ApplicationIdRole) == chosen:
                self.table.setCurrentIndex(self.model.index(row, column))
                return

    def current_filter(self) -> ApplicationFilter:
        return ApplicationFilter(
            states=tuple(self.state.currentData() or ()),
            disease=self.disease.currentData(),
            quarter=self.quarter.currentData(),
            text=self.search.text(),
            station=self.station.currentData(),
            hospital=self.hospital.currentData(),
            duplicates=self.duplicates.isChecked(),
        )

    def show_filter(self, flt: ApplicationFilter) -> None:
        """List what `flt` lists (a dashboard's figure): its station, quarter, disease
        and states chosen, the other filters cleared; the list reads once."""
        chosen = (
            (self.station, flt.station, flt.station),
            (self.quarter, flt.quarter, quarter_label(flt.quarter) if flt.quarter else ""),
            (self.disease, flt.disease, self.model.disease_names.get(flt.disease or "", "")),
            (self.state, flt.states or None, " / ".join(str(state_term(s)) for s in flt.states)),
            (self.hospital, flt.hospital, flt.hospital),
        )
        for combo in self._combos():
            combo.blockSignals(True)
        self.duplicates.blockSignals(True)
        self.search.blockSignals(True)
        try:
            for combo, value, text in chosen:
                found = [i for i in range(combo.count()) if combo.itemData(i) == value]
                index = found[0] if found else -1
                if index < 0:  # arrived since the page was made (a new quarter, a station)
                    combo.addItem(text or str(value), value)
                    index = combo.count() - 1
                combo.setCurrentIndex(index)
            self.duplicates.setChecked(flt.duplicates)
            self.search.setText(flt.text)
        finally:
            for combo in self._combos():
                combo.blockSignals(False)
            self.duplicates.blockSignals(False)
            self.search.blockSignals(False)
        self.on_filters_changed()

    def on_filters_changed(self) -> None:
        self.debounce.stop()
        self.model.set_filter(self.current_filter())

    def on_row_activated(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self.open_case(self.model.data(index, ApplicationIdRole))

    def open_case(self, application_id: uuid.UUID) -> CaseDialog:
        self.dialog = CaseDialog(self.desk, application_id, self.changes, self)
        self.dialog.open()
        return self.dialog

    def _update_count(self) -> None:
        if self.model.more_than_counted:
            self.count.setText(self.tr("Cases: more than {0}").format(f"{COUNT_LIMIT:,}"))
        else:
            self.count.setText(self.tr("Cases: {0}").format(self.model.total))
