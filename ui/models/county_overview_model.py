"""The county dashboard's tables (rows from app/county/overview.py): this quarter's
files by station (rows) and disease (columns), with totals; and what each station
sent and when, the silent ones in red. Each cell's FigureRole is the cases'
filter it opens, each station row's StationRole the station's code."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt
from PySide6.QtGui import QColor, QFont

from app.county.overview import CountyOverviewData, Figure, StationActivity
from ui.models.rows_model import Index, RowsModel
from ui.models.stations_model import when

FigureRole = Qt.ItemDataRole.UserRole + 2  # the ApplicationFilter a cell opens
StationRole = Qt.ItemDataRole.UserRole + 3  # the station code a row opens
SILENT = QColor("#b00020")
COL_STATION, COL_PACKAGES, COL_LAST_PACKAGE, COL_LAST_SYNC, COL_SILENT = range(5)


class QuarterTableModel(QAbstractTableModel):
    """Column 0 the station, then one column a disease, then the station's total;
    the last row the totals by disease (and the quarter's)."""

    def __init__(self, disease_names: dict[str, str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.disease_names = disease_names
        self.data_: CountyOverviewData | None = None

    def set_data(self, data: CountyOverviewData) -> None:
        self.beginResetModel()
        self.data_ = data
        self.endResetModel()

    def _diseases(self) -> tuple[str, ...]:
        return () if self.data_ is None else self.data_.diseases

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self.data_ is None:
            return 0
        return len(self.data_.by_station) + 1

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._diseases()) + 2

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        diseases = self._diseases()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if section == 0:
                return self.tr("Station")
            if section == len(diseases) + 1:
                return self.tr("Total")
            code = diseases[section - 1]
            return self.disease_names.get(code, code)
        return None

    def figure(self, index: Index) -> Figure | None:
        data = self.data_
        if data is None or not index.isValid():
            return None
        row, column = index.row(), index.column()
        diseases = data.diseases
        last_column = column == len(diseases) + 1
        if row == len(data.by_station):  # the totals
            if column == 0 or last_column:
                return data.quarter_total
            return data.disease_totals.get(diseases[column - 1])
        station = data.by_station[row]
        if column == 0 or last_column:
            return station.total
        return station.by_disease.get(diseases[column - 1])

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        data = self.data_
        if data is None or not index.isValid():
            return None
        totals = index.row() == len(data.by_station)
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == 0:
                if totals:
                    return self.tr("All stations")
                station = data.by_station[index.row()]
                return f"{station.code} {station.name}"
            figure = self.figure(index)
            return str(figure.value) if figure is not None else "0"
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        total_column = index.column() == len(data.diseases) + 1
        if role == Qt.ItemDataRole.FontRole and (totals or total_column):
            font = QFont()
            font.setBold(True)
            return font
        if role == FigureRole:
            figure = self.figure(index)
            if figure is None:  # no file of that disease: the list it opens is empty
                whole = data.quarter_total if totals else data.by_station[index.row()].total
                disease = data.diseases[index.column() - 1]
                return replace(whole.filter, disease=disease)
            return figure.filter
        return None


class StationActivityModel(RowsModel[StationActivity]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__([], parent)
        self.silent_after = 0
        self.headers = [
            self.tr("Station"),
            self.tr("Packages received"),
            self.tr("Last package received"),
            self.tr("Last sync"),
            self.tr("Silent for"),
        ]

    def set_activity(self, rows: tuple[StationActivity, ...], silent_after: int) -> None:
        self.silent_after = silent_after
        self.set_rows(rows)

    def display(self, row: StationActivity, column: int) -> str:
        if column == COL_STATION:
            return f"{row.code} {row.name}"
        if column == COL_PACKAGES:
            return str(row.packages)
        if column == COL_LAST_PACKAGE:
            return when(row.last_package_at) or self.tr("none yet")
        if column == COL_LAST_SYNC:
            return when(row.last_sync_at)
        return self.tr("{0} days").format(row.silent_days)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == StationRole:
            return row.code
        if role == Qt.ItemDataRole.ForegroundRole and row.silent_days > self.silent_after:
            return SILENT
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (
            COL_PACKAGES,
            COL_SILENT,
        ):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return super().data(index, role)
