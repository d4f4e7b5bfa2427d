"""The small table helpers the list pages share."""

from __future__ import annotations

from PySide6.QtWidgets import QTableWidget, QTableWidgetItem, QVBoxLayout


def _table(headers: list[str], rows: list[list[str]], name: str) -> QTableWidget:
    table = QTableWidget(len(rows), len(headers))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.setItem(r, c, QTableWidgetItem(value))
    table.resizeColumnsToContents()
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _swap(layout: QVBoxLayout, old: QTableWidget | None, new: QTableWidget) -> QTableWidget:
    """Put a refreshed table where the old one was."""
    if old is not None:
        layout.replaceWidget(old, new)
        old.deleteLater()
    else:
        layout.addWidget(new, 1)
    return new
