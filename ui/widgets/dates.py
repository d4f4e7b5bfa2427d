"""Dates typed in the window, as the services take them."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QWidget


class DateEdit(QDateEdit):
    """Tab leaves the box for the next field, as in every other box of a form. Qt's
    own moves from year to month to day instead, so a clerk tabbing on typed into
    the date (arrows, or typing the digits, still move between its parts)."""

    def focusNextPrevChild(self, next: bool) -> bool:
        return QWidget.focusNextPrevChild(self, next)


def date_edit(name: str, day: date | None = None) -> QDateEdit:
    """A date box with its calendar, in the ISO form every printout uses."""
    edit = DateEdit(QDate(day) if day else QDate.currentDate())
    edit.setObjectName(name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


def day_of(edit: QDateEdit) -> date:
    day = edit.date().toPython()
    assert isinstance(day, date)  # PySide6 types toPython() loosely
    return day
