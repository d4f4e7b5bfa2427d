"""Reports: a quarter's outcomes by station × disease, and the compliance rate of
each diagnosing hospital (approved ÷ reviewed) drawn as bars, with the cases behind
the chosen hospital's rate, and the appeals with where each stands; each saved as a
workbook for the director's desk.

Keyboard: Alt+Q chooses the quarter, Ctrl+Tab / Ctrl+Shift+Tab switch reports, the
arrow keys choose a hospital (its cases show below), Ctrl+S saves the report shown,
F5 counts again.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtGui import QKeySequence, QPainter, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.quarters import quarter_label
from app.printing.printouts import Office
from app.review.appeal_report import AppealReport
from app.review.reports import Compliance, HospitalRow, QuarterOutcomes, ReportService
from ui.changes import Change, Changes
from ui.folders import documents_folder
from ui.models.reports_model import (
    AppealsModel,
    ComplianceCasesModel,
    HospitalsModel,
    OutcomesModel,
    hospital_name,
    standing_names,
)
from ui.models.rows_model import RowRole
from ui.widgets.errors import ERROR_STYLE
from ui.widgets.tables import table_view

CHART_BAR_HEIGHT = 22  # pixels a hospital's bar takes: the chart grows with the list
CHART_MIN_HEIGHT = 160


class ReportsPage(QWidget):
    def __init__(
        self,
        reports: ReportService,
        office: Callable[[], Office],
        changes: Changes | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.reports, self.office = reports, office
        self.changes = changes or Changes(self)
        self.outcomes: QuarterOutcomes | None = None
        self.compliance: Compliance | None = None
        self.stale = True  # counted again when next shown
        self.quarter = QComboBox()
        self.quarter.setObjectName("report_quarter")
        self.quarter.setToolTip(self.tr("The quarter the report counts (Alt+Q)"))
        quarter_label_ = QLabel(self.tr("Quarter:"))
        quarter_label_.setBuddy(self.quarter)
        self.save_button = QPushButton(self.tr("Save as workbook…"))
        self.save_button.setObjectName("save_report")
        self.save_button.setToolTip(self.tr("Save the report shown (Ctrl+S)"))
        self.message = QLabel()
        self.message.setObjectName("report_message")
        self.message.setWordWrap(True)
        self.message.hide()
        top = QHBoxLayout()
        top.addWidget(quarter_label_)
        top.addWidget(self.quarter)
        top.addWidget(self.save_button)
        top.addStretch(1)

        self.outcomes_model = OutcomesModel(self)
        self.outcomes_table = table_view(self.outcomes_model, "outcomes_table")
        self.hospitals_model = HospitalsModel(self)
        self.hospitals_table = table_view(self.hospitals_model, "hospitals_table")
        self.cases_model = ComplianceCasesModel(self)
        self.cases_table = table_view(self.cases_model, "compliance_cases")
        self.cases_caption = QLabel()
        self.cases_caption.setObjectName("compliance_caption")
        self.chart = QChart()
        self.chart.legend().hide()
        self.chart_view = QChartView(self.chart)
        self.chart_view.setObjectName("compliance_chart")
        self.chart_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart_view.setMinimumHeight(CHART_MIN_HEIGHT)
        self.chart_view.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the table is the way in

        rates = QSplitter(Qt.Orientation.Horizontal)
        rates.addWidget(self.hospitals_table)
        rates.addWidget(self.chart_view)
        rates.setSizes([1, 1])
        cases = QWidget()
        cases_layout = QVBoxLayout(cases)
        cases_layout.setContentsMargins(0, 0, 0, 0)
        cases_layout.addWidget(self.cases_caption)
        cases_layout.addWidget(self.cases_table, 1)
        compliance = QSplitter(Qt.Orientation.Vertical)
        compliance.addWidget(rates)
        compliance.addWidget(cases)
        compliance.setSizes([3, 2])
        self.tabs = QTabWidget()
        self.tabs.setObjectName("report_tabs")
        # Said beside the figures: the dashboard counts files, this counts diseases.
        self.outcomes_note = QLabel(
            self.tr(
                "Counted per declared disease: a file declaring two diseases counts twice. "
                "Partly approved: approved here while another disease of the same file "
                "was rejected."
            )
        )
        self.outcomes_note.setObjectName("outcomes_note")
        self.outcomes_note.setWordWrap(True)
        outcomes = QWidget()
        outcomes_layout = QVBoxLayout(outcomes)
        outcomes_layout.setContentsMargins(0, 0, 0, 0)
        outcomes_layout.addWidget(self.outcomes_note)
        outcomes_layout.addWidget(self.outcomes_table, 1)
        self.tabs.addTab(outcomes, self.tr("Quarter by station and disease"))
        self.tabs.addTab(compliance, self.tr("Compliance by diagnosing hospital"))
        self.appeals_model = AppealsModel(self)
        self.appeals_table = table_view(self.appeals_model, "appeals_table")
        self.appeals_summary = QLabel()
        self.appeals_summary.setObjectName("appeals_summary")
        self.appeals_summary.setWordWrap(True)
        appeals = QWidget()
        appeals_layout = QVBoxLayout(appeals)
        appeals_layout.setContentsMargins(0, 0, 0, 0)
        appeals_layout.addWidget(self.appeals_summary)
        appeals_layout.addWidget(self.appeals_table, 1)
        self.tabs.addTab(appeals, self.tr("Appeals"))
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(self.tabs, 1)

        self.quarter.currentIndexChanged.connect(self._on_quarter_changed)
        self.save_button.clicked.connect(self.on_save_clicked)
        self.hospitals_table.selectionModel().selectionChanged.connect(self._on_hospital)
        for keys, slot in (
            ("Alt+Q", self._choose_quarter),
            ("Ctrl+S", self.on_save_clicked),
            ("F5", self.refresh),
            # From inside a table too, which keeps Ctrl+Tab from the tab widget.
            ("Ctrl+Tab", lambda: self._next_report(1)),
            ("Ctrl+Shift+Tab", lambda: self._next_report(-1)),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self.changes.changed.connect(self._on_changes)

    # -- reading ------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.stale:
            self.refresh()

    def _on_changes(self, what: frozenset[Change]) -> None:
        if what & {
            Change.SYNC,
            Change.APPLICATION,
            Change.NOTICE,
            Change.CERTIFICATE,
            Change.ELSEWHERE,
        }:
            self.stale = True
            if self.isVisible():
                self.refresh()

    def _next_report(self, step: int) -> None:
        self.tabs.setCurrentIndex((self.tabs.currentIndex() + step) % self.tabs.count())

    def _choose_quarter(self) -> None:
        self.quarter.setFocus()
        self.quarter.showPopup()

    def chosen_quarter(self) -> date | None:
        value = self.quarter.currentData()
        return value if isinstance(value, date) else None

    def refresh(self) -> None:
        chosen = self.chosen_quarter()
        first_time = self.quarter.count() == 0
        self.quarter.blockSignals(True)
        self.quarter.clear()
        for start in self.reports.quarters():
            self.quarter.addItem(quarter_label(start), start)
        self.quarter.addItem(self.tr("All quarters"), None)
        found = self.quarter.findData(chosen) if chosen else -1
        if not first_time and chosen is None:
            found = self.quarter.count() - 1  # "all quarters" stays chosen
        self.quarter.setCurrentIndex(max(found, 0))
        self.quarter.blockSignals(False)
        self.count()

    def _on_quarter_changed(self) -> None:
        self.count()

    def count(self) -> None:
        quarter = self.chosen_quarter()
        self.outcomes = self.reports.quarter_outcomes(quarter)
        self.outcomes_model.set_rows([*self.outcomes.rows, self.outcomes.total])
        self.compliance = self.reports.compliance(quarter)
        self.hospitals_model.set_rows(self.compliance.hospitals)
        self._draw(self.compliance)
        self._show_appeals(self.reports.appeals(quarter))
        self.stale = False
        if self.compliance.hospitals:
            self.hospitals_table.selectRow(0)
        else:
            self.cases_model.set_rows([])
            self.cases_caption.setText(self.tr("Nothing concluded yet in this period."))

    def _show_appeals(self, report: AppealReport) -> None:
        self.appeals_model.set_rows(list(report.lines))
        names = standing_names()
        counted = "; ".join(f"{names[s]} {n}" for s, n in report.counts.items() if n)
        self.appeals_summary.setText(
            self.tr("{0} appealed diseases: {1}").format(report.total, counted)
            if report.total
            else self.tr("No appeal in this period.")
        )

    def _draw(self, compliance: Compliance) -> None:
        """The rates as horizontal bars, the lowest at the top as in the table."""
        self.chart.removeAllSeries()
        for axis in self.chart.axes():
            self.chart.removeAxis(axis)
        shown = list(reversed(compliance.hospitals))  # a bar chart draws bottom-up
        bars = QBarSet(self.tr("Rate"))
        for row in shown:
            bars.append(100 * (row.rate or 0.0))
        series = QHorizontalBarSeries()
        series.append(bars)
        series.setLabelsVisible(True)
        series.setLabelsFormat("@value%")
        self.chart.addSeries(series)
        names = QBarCategoryAxis()
        names.append([hospital_name(r) for r in shown] or [""])
        self.chart.addAxis(names, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(names)
        values = QValueAxis()
        values.setRange(0, 100)
        values.setLabelFormat("%d%%")
        self.chart.addAxis(values, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(values)
        self.chart.setTitle(self.tr("Approved ÷ reviewed"))
        self.chart_view.setMinimumHeight(max(CHART_MIN_HEIGHT, CHART_BAR_HEIGHT * len(shown) + 80))

    def _on_hospital(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = selected.indexes()
        if not rows:
            return
        row: HospitalRow = rows[0].data(RowRole)
        cases = self.reports.compliance_cases(row.code, self.chosen_quarter())
        self.cases_model.set_rows(cases)
        self.cases_caption.setText(
            self.tr("{0}: {1} reviewed, {2} approved").format(
                hospital_name(row), row.reviewed, row.approved
            )
        )

    # -- saving -------------------------------------------------------------------

    def _file_name(self) -> str:
        quarter = self.chosen_quarter()
        period = quarter_label(quarter) if quarter else "全部"
        if self.tabs.currentIndex() == 0:
            return f"认定结果_按乡镇和病种_{period}.xlsx"
        if self.tabs.currentIndex() == 2:
            return f"申请复核_{period}.xlsx"
        return f"诊断医院达标率_{period}.xlsx"

    def on_save_clicked(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Save the report"),
            str(documents_folder() / self._file_name()),
            self.tr("Workbooks (*.xlsx)"),
        )
        if chosen:
            self.save(Path(chosen))

    def save(self, out: Path) -> None:
        """Write the report shown (counted again, so the file says what is stored now)."""
        from app.review.reports_workbook import write_appeals, write_compliance, write_outcomes

        quarter = self.chosen_quarter()
        office = self.office().name
        try:
            if self.tabs.currentIndex() == 0:
                write_outcomes(self.reports.quarter_outcomes(quarter), office, out)
            elif self.tabs.currentIndex() == 2:
                write_appeals(self.reports.appeals(quarter), office, out)
            else:
                compliance = self.reports.compliance(quarter)
                write_compliance(compliance, self.reports.compliance_cases, office, out)
        except OSError as err:
            self.message.setText(
                self.tr("The workbook could not be written: {0}").format(err.strerror)
            )
            self.message.setStyleSheet(ERROR_STYLE)
            self.message.show()
            return
        self.message.setStyleSheet("")
        self.message.setText(self.tr("Saved {0}").format(out))
        self.message.show()
