"""How long a certificate is valid, by the disease's validity rule."""

from __future__ import annotations

from datetime import date, timedelta

from app.domain.quarters import next_quarter

# Rules as written in the catalogue. Seed: categories A and B two years, C one
# year (one city); elsewhere permanent or to 31 December (local examples).
RULES = ("years:1", "years:2", "years:3", "permanent", "year_end")


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def validity_end(rule: str, start: date) -> date | None:
    """Last valid day for a certificate starting on `start`; None means permanent."""
    if rule == "permanent":
        return None
    if rule == "year_end":
        return date(start.year, 12, 31)
    if rule.startswith("years:"):
        return _add_years(start, int(rule.split(":", 1)[1])) - timedelta(days=1)
    raise ValueError(f"unknown validity rule {rule!r}")


def benefit_start(review_quarter: date) -> date:
    """Benefits start in the first month of the quarter after the review."""
    return next_quarter(review_quarter)


def certificate_end(ends: list[date | None]) -> date | None:
    """A certificate covering several diseases lapses with the first of them, so
    that its renewal is asked for before any benefit stops."""
    dated = [end for end in ends if end is not None]
    return min(dated) if dated else None
