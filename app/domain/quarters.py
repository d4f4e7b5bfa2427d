"""Review quarters. A quarter is represented by the date of its first day."""

from __future__ import annotations

import re
from datetime import date

from app.errors import Problem, ValidationError


def quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def next_quarter(start: date) -> date:
    month = start.month + 3
    return date(start.year + (month > 12), (month - 1) % 12 + 1, 1)


def cutoff_date(start: date, cutoff_day: int) -> date:
    """The last day an application can be received for review in this quarter."""
    return date(start.year, start.month + 2, cutoff_day)


def review_quarter(received: date, cutoff_day: int = 15) -> date:
    """Seed rule: applications received up to the 15th of the quarter's last month are
    reviewed that quarter; later ones roll into the next. The day is the county's
    setting (catalogue rule `quarter_cutoff_day`)."""
    start = quarter_start(received)
    return start if received <= cutoff_date(start, cutoff_day) else next_quarter(start)


def quarter_label(start: date) -> str:
    return f"{start.year}Q{(start.month - 1) // 3 + 1}"


_LABEL = re.compile(r"^(\d{4})[Qq]([1-4])$")


def parse_quarter(label: str) -> date:
    match = _LABEL.match(label.strip())
    if not match:
        raise ValidationError([Problem("quarter", "quarter.invalid", {"label": label})])
    return date(int(match[1]), 3 * (int(match[2]) - 1) + 1, 1)
