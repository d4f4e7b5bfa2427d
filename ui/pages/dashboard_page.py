"""The review dashboard: the current quarter at a glance. Every figure and every
bar opens the applications behind it."""

from __future__ import annotations

import html
import re
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
from PySide6.QtGui import QFontMetrics, QPainter, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QBoxLayout, QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.admin.auto_backup import BackupService
from app.domain.quarters import quarter_label
from app.domain.workflow import State, state_term
from app.intake.catalogue import CatalogueService
from app.intake.dashboard import DashboardData, DashboardService, Figure
from app.intake.listing import ApplicationFilter
from ui.backups import BackupLine
from ui.catalogue_names import disease_names
from ui.changes import Change, Changes

TILE_STYLE = (
    "QPushButton { text-align: left; padding: 10px; font-size: 11pt; "
    "border: 1px solid #c5cae9; border-radius: 6px; background: #f5f7ff; } "
    "QPushButton:hover { background: #e8eaf6; }"
)

# Never so narrow that a tile's caption would be cut; fewer tiles a row instead.
MIN_TILE_WIDTH = 120
TILES_PER_ROW = (5, 3, 2, 1)
SIDE_BY_SIDE_WIDTH = 1000
CHART_HEIGHT = 320
ROW_HEIGHT = 24
CHART_FRAME_HEIGHT = 120  # title, value axis and margins
MIN_LABEL_WIDTH = 90
AXIS_PADDING = 30
# The count axis: at most this many steps of 1, 2 or 5 (× 10, 100 …), ticks on whole counts.
MAX_VALUE_STEPS = 6
NICE_STEPS = (1, 2, 5)
# Where a label may break: after spaces, slashes and list commas, before brackets.
BREAKS = re.compile(r".+?(?:[\s/、，,]+|(?=[（(])|$)")


def wrap_label(text: str, metrics: QFontMetrics, width: int) -> str:
    """An axis label as lines no wider than `width`, in the HTML the axis draws."""
    if metrics.horizontalAdvance(text) <= width:
        return html.escape(text)
    bracket = max(text.find("("), text.find("（"))
    halves = (text[:bracket].strip(), text[bracket:].strip())
    # "Chronic viral hepatitis / (except hepatitis A)", not "… (except hepatitis / A)".
    if bracket > 0 and all(metrics.horizontalAdvance(half) <= width for half in halves):
        return "<br>".join(html.escape(half) for half in halves)
    lines = [""]
    for piece in BREAKS.findall(text):
        if lines[-1] and metrics.horizontalAdvance(lines[-1] + piece.rstrip()) > width:
            lines.append("")
        lines[-1] += piece
    return "<br>".join(html.escape(line.strip()) for line in lines)


def count_axis(largest: int) -> tuple[int, int]:
    """The top and the step of an axis of counts: whole numbers a person reads at a
    glance (0, 5, 10, 15), with room past the longest bar for its end to show."""
    magnitude = 1
    while True:
        for nice in NICE_STEPS:
            step = nice * magnitude
            steps = largest // step + 1  # past the largest, never ending on it
            if steps <= MAX_VALUE_STEPS:
                return steps * step, step
        magnitude *= 10


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
        backups: BackupService | None = None,
    ) -> None:
        super().__init__(parent)
        self.dashboard = dashboard
        self.backup_line = BackupLine(backups) if backups is not None else None
        self.today = today
        self.disease_names = disease_names(catalogue)
        self.data: DashboardData | None = None
        self.chart_contents: dict[QChartView, tuple[str, list[tuple[str, Figure]]]] = {}
        self.heading = QLabel()
        self.heading.setObjectName("heading")
        self.heading.setStyleSheet("font-size: 15pt; font-weight: bold;")
        self.tiles: dict[str, QPushButton] = {}
        self.tile_grid = QGridLayout()
        self.tiles_per_row = 0
        for key in ("awaiting", "accepted", "decisions", "hand_out", "expiring"):
            button = QPushButton()
            button.setObjectName(f"tile_{key}")
            button.setStyleSheet(TILE_STYLE)
            button.setMinimumHeight(64)
            # The row reflows (see _arrange_tiles) instead of widening the window.
            button.setMinimumWidth(MIN_TILE_WIDTH)
            self.tiles[key] = button
            button.clicked.connect(lambda _=False, k=key: self.on_tile_clicked(k))
        self._arrange_tiles(TILES_PER_ROW[0])
        self.state_chart = self._chart_view("state_chart")
        self.disease_chart = self._chart_view("disease_chart")
        # Side by side where the page is wide, else one above the other (the page
        # scrolls); disease names are longer and more, so their chart gets more room.
        self.charts = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.charts.addWidget(self.state_chart, 2)
        self.charts.addWidget(self.disease_chart, 3)
        self.page_layout = QVBoxLayout(self)
        self.page_layout.addWidget(self.heading)
        if self.backup_line is not None:
            self.page_layout.addWidget(self.backup_line)
        self.page_layout.addLayout(self.tile_grid)
        self.page_layout.addLayout(self.charts, 1)
        (changes or Changes(self)).changed.connect(self.on_changed)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not event.spontaneous():  # shown by the window, not restored from minimised
            self.refresh()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._reflow_tiles()
        wide = event.size().width() >= SIDE_BY_SIDE_WIDTH
        self.charts.setDirection(
            QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        )
        for view, (title, figures) in list(self.chart_contents.items()):
            if view.wrapped_for != self._label_width(view):  # type: ignore[attr-defined]
                self._fill_chart(view, title, figures)

    def _reflow_tiles(self) -> None:
        """As many tiles a row as show their whole text: 5, else 3 + 2, …"""
        margins = self.page_layout.contentsMargins()
        room = self.width() - margins.left() - margins.right()
        spacing = max(0, self.tile_grid.horizontalSpacing())
        hints = [tile.sizeHint().width() for tile in self.tiles.values()]

        def width_of(per_row: int) -> int:
            columns = [max(hints[c::per_row]) for c in range(per_row)]
            return sum(columns) + (per_row - 1) * spacing

        fitting = [n for n in TILES_PER_ROW if width_of(n) <= room]
        self._arrange_tiles(fitting[0] if fitting else TILES_PER_ROW[-1])

    def _arrange_tiles(self, per_row: int) -> None:
        if per_row == self.tiles_per_row:
            return
        self.tiles_per_row = per_row
        for tile in self.tiles.values():
            self.tile_grid.removeWidget(tile)
        for i, tile in enumerate(self.tiles.values()):
            self.tile_grid.addWidget(tile, i // per_row, i % per_row)

    def on_changed(self, _what: frozenset[Change]) -> None:
        # Every kind of change moves some figure; a hidden page catches up when shown.
        if self.isVisible():
            self.refresh()

    @staticmethod
    def _chart_view(name: str) -> QChartView:
        view = QChartView()
        view.setObjectName(name)
        view.setRenderHint(QPainter.RenderHint.Antialiasing)
        view.setMinimumHeight(CHART_HEIGHT)
        return view

    def refresh(self) -> None:
        if self.backup_line is not None:
            self.backup_line.refresh()
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
        self._reflow_tiles()  # a longer figure may need the room of a new row
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

    @staticmethod
    def _label_width(view: QChartView) -> int:
        # A chart gives its axes at most 40 % of its width, ticks and padding included.
        return max(MIN_LABEL_WIDTH, int(view.width() * 0.4) - AXIS_PADDING)

    def _fill_chart(self, view: QChartView, title: str, figures: list[tuple[str, Figure]]) -> None:
        self.chart_contents[view] = (title, figures)
        # Tall enough for every label: the chart hides labels that would overlap.
        view.setMinimumHeight(max(CHART_HEIGHT, ROW_HEIGHT * len(figures) + CHART_FRAME_HEIGHT))
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
        # Whole names on two lines rather than "慢性支气管…" (the chart elides by default).
        categories.setTruncateLabels(False)
        metrics, width = QFontMetrics(categories.labelsFont()), self._label_width(view)
        categories.append([wrap_label(label, metrics, width) for label, _f in figures] or [""])
        view.wrapped_for = width  # type: ignore[attr-defined]
        chart.addAxis(categories, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(categories)
        values = QValueAxis()
        values.setLabelFormat("%d")
        top, step = count_axis(max([f.value for _l, f in figures], default=0))
        values.setRange(0, top)
        values.setTickCount(top // step + 1)
        values.setMinorTickCount(0)
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
