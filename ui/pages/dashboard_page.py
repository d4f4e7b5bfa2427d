"""The review dashboard: the current quarter at a glance. Every figure and every
bar opens the applications behind it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QValueAxis,
)
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPainter, QShowEvent
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.domain.quarters import quarter_label
from app.domain.workflow import State, state_term
from app.intake.catalogue import CatalogueService
from app.intake.dashboard import DashboardData, DashboardService, Figure
from app.intake.listing import ApplicationFilter
from ui.catalogue_names import disease_names
from ui.changes import Change, Changes

TILE_STYLE = (
    "QPushButton { text-align: left; padding: 10px; font-size: 11pt; "
    "border: 1px solid #c5cae9; border-radius: 6px; background: #f5f7ff; } "
    "QPushButton:hover { background: #e8eaf6; }"
)


class DashboardPage(QWidget):
    """Signals: open_filter(ApplicationFilter) when a figure or bar is clicked."""

    open_filter = Signal(object)

    def __init__(
        self,
        dashboard: DashboardService,
        catalogue: CatalogueService,
        today: Callable[[], date] = date.today,
        changes: Changes | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.dashboard = dashboard
        self.today = today
        self.disease_names = disease_names(catalogue)
        self.data: DashboardData | None = None
        self.heading = QLabel()
        self.heading.setObjectName("heading")
        self.heading.setStyleSheet("font-size: 15pt; font-weight: bold;")
        self.tiles: dict[str, QPushButton] = {}
        grid = QGridLayout()
        for i, key in enumerate(("awaiting", "accepted", "decisions", "hand_out", "expiring")):
            button = QPushButton()
            button.setObjectName(f"tile_{key}")
            button.setStyleSheet(TILE_STYLE)
            button.setMinimumHeight(64)
            self.tiles[key] = button
            grid.addWidget(button, 0, i)
            button.clicked.connect(lambda _=False, k=key: self.on_tile_clicked(k))
        self.state_chart = self._chart_view("state_chart")
        self.disease_chart = self._chart_view("disease_chart")
        charts = QHBoxLayout()
        charts.addWidget(self.state_chart, 1)
        charts.addWidget(self.disease_chart, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(grid)
        layout.addLayout(charts, 1)
        (changes or Changes(self)).changed.connect(self.on_changed)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not event.spontaneous():  # shown by the window, not restored from minimised
            self.refresh()

    def on_changed(self, _what: frozenset[Change]) -> None:
        # Every kind of change moves some figure; a hidden page catches up when shown.
        if self.isVisible():
            self.refresh()

    @staticmethod
    def _chart_view(name: str) -> QChartView:
        view = QChartView()
        view.setObjectName(name)
        view.setRenderHint(QPainter.RenderHint.Antialiasing)
        view.setMinimumHeight(320)
        return view

    def refresh(self) -> None:
        data = self.dashboard.load(self.today())
        self.data = data
        self.heading.setText(
            self.tr("Quarter {0}: {1} days left to the cut-off on {2}").format(
                quarter_label(data.quarter), max(data.days_to_cutoff, 0), f"{data.cutoff:%Y-%m-%d}"
            )
        )
        tiles = {
            "awaiting": (
                data.awaiting_materials,
                self.tr("awaiting materials (longest {0} days)").format(data.longest_wait_days),
            ),
            "accepted": (data.accepted_not_batched, self.tr("accepted, not yet batched")),
            "decisions": (data.decisions_received, self.tr("decisions received this quarter")),
            "hand_out": (data.certificates_to_hand_out, self.tr("certificates to hand out")),
            "expiring": (data.expiring_soon, self.tr("certificates expiring in 60 days")),
        }
        for key, (figure, caption) in tiles.items():
            button = self.tiles[key]
            button.setText(f"{figure.value}\n{caption}")
        # Horizontal bars are drawn bottom-up: reversed, the workflow reads top-down.
        order = [s.value for s in reversed(State) if s.value in data.by_state]
        self._fill_chart(
            self.state_chart,
            self.tr("This quarter by state"),
            [(str(state_term(s)), data.by_state[s]) for s in order],
        )
        by_disease = sorted(data.by_disease.items(), key=lambda kv: kv[1].value)
        self._fill_chart(
            self.disease_chart,
            self.tr("This quarter by disease"),
            [(self.disease_names.get(c, c), f) for c, f in by_disease],
        )

    def _fill_chart(self, view: QChartView, title: str, figures: list[tuple[str, Figure]]) -> None:
        chart = QChart()
        chart.setTitle(title)
        chart.legend().hide()
        bars = QBarSet(title)
        for _label, figure in figures:
            bars.append(figure.value)
        filters = [figure.filter for _label, figure in figures]
        bars.clicked.connect(lambda index: self.open_filter.emit(filters[index]))
        series = QHorizontalBarSeries()
        series.append(bars)
        series.setLabelsVisible(True)
        chart.addSeries(series)
        categories = QBarCategoryAxis()
        categories.append([label for label, _figure in figures] or [""])
        chart.addAxis(categories, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(categories)
        values = QValueAxis()
        values.setLabelFormat("%d")
        values.setRange(0, max([f.value for _l, f in figures] + [1]) * 1.15)
        chart.addAxis(values, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(values)
        view.setChart(chart)
        view.bars = bars  # type: ignore[attr-defined]  # kept for tests and clicks

    def figure_filter(self, key: str) -> ApplicationFilter:
        assert self.data is not None
        return {
            "awaiting": self.data.awaiting_materials,
            "accepted": self.data.accepted_not_batched,
            "decisions": self.data.decisions_received,
            "hand_out": self.data.certificates_to_hand_out,
            "expiring": self.data.expiring_soon,
        }[key].filter

    def on_tile_clicked(self, key: str) -> None:
        if self.data is not None:
            self.open_filter.emit(self.figure_filter(key))
