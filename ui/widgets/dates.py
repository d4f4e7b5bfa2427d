"""Dates typed in the window, as the services take them."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit


def date_edit(name: str, day: date | None = None) -> QDateEdit:
    """A date box with its calendar, in the ISO form every printout uses."""
    edit = QDateEdit(QDate(day) if day else QDate.currentDate())
    edit.setObjectName(name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


def day_of(edit: QDateEdit) -> date:
    day = edit.date().toPython()
    assert isinstance(day, date)  # PySide6 types toPython() loosely
    return day
