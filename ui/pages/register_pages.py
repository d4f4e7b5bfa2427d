"""The Certificates list (printing arrives with the printing work) and the small
table helpers the list pages share."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from app.services.catalogue import CatalogueService
from app.services.database import Database
from app.services.registers import list_certificates
from ui.catalogue_names import disease_names


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


class CertificatesPage(QWidget):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.names = disease_names(CatalogueService(db))
        self.layout_ = QVBoxLayout(self)
        note = QLabel(
            self.tr("Certificates issued by the county. Printing comes with the printing work.")
        )
        note.setWordWrap(True)
        self.layout_.addWidget(note)
        self.table: QTableWidget | None = None
        self.refresh()

    def refresh(self) -> None:
        permanent, yes, no = self.tr("permanent"), self.tr("yes"), self.tr("no")
        rows = [
            [
                c.number,
                c.name,
                c.id_number,
                "、".join(self.names.get(d, d) for d in c.diseases),
                f"{c.valid_from:%Y-%m-%d}",
                f"{c.valid_until:%Y-%m-%d}" if c.valid_until else permanent,
                str(c.print_count),
                yes if c.handed_out else no,
            ]
            for c in list_certificates(self.db)
        ]
        table = _table(
            [
                self.tr("Certificate"),
                self.tr("Name"),
                self.tr("ID number"),
                self.tr("Diseases"),
                self.tr("Valid from"),
                self.tr("Valid until"),
                self.tr("Prints"),
                self.tr("Handed out"),
            ],
            rows,
            "certificates",
        )
        self.table = _swap(self.layout_, self.table, table)
