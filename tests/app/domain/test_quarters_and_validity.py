from __future__ import annotations

from datetime import date

import pytest

from app.domain.quarters import (
    cutoff_date,
    parse_quarter,
    quarter_label,
    quarter_start,
    review_quarter,
)
from app.domain.validity import benefit_start, certificate_end, validity_end
from app.errors import ValidationError


@pytest.mark.parametrize(
    ("received", "quarter"),
    [
        (date(2026, 10, 1), date(2026, 10, 1)),
        (date(2026, 12, 15), date(2026, 10, 1)),  # the cut-off day itself still counts
        (date(2026, 12, 16), date(2027, 1, 1)),  # after it: next quarter, next year
        (date(2026, 3, 15), date(2026, 1, 1)),
        (date(2026, 3, 16), date(2026, 4, 1)),
        (date(2026, 8, 31), date(2026, 7, 1)),
    ],
)
def test_review_quarter_cuts_off_on_the_15th_of_the_last_month(
    received: date, quarter: date
) -> None:
    assert review_quarter(received) == quarter


def test_cutoff_day_is_a_setting() -> None:
    assert review_quarter(date(2026, 12, 12), cutoff_day=10) == date(2027, 1, 1)
    assert cutoff_date(date(2026, 10, 1), 10) == date(2026, 12, 10)


def test_labels_round_trip() -> None:
    assert quarter_label(date(2026, 10, 1)) == "2026Q4"
    assert parse_quarter("2026q4") == date(2026, 10, 1)
    assert quarter_start(date(2026, 5, 20)) == date(2026, 4, 1)
    with pytest.raises(ValidationError, match="2026Q5"):
        parse_quarter("2026Q5")


def test_validity_by_category_rule() -> None:
    start = benefit_start(date(2026, 10, 1))
    assert start == date(2027, 1, 1)
    assert validity_end("years:2", start) == date(2028, 12, 31)  # A and B
    assert validity_end("years:1", start) == date(2027, 12, 31)  # C
    assert validity_end("year_end", date(2027, 4, 1)) == date(2027, 12, 31)
    assert validity_end("permanent", start) is None
    assert validity_end("years:1", date(2028, 2, 29)) == date(2029, 2, 27)


def test_certificate_lapses_with_its_first_disease() -> None:
    assert certificate_end([None, date(2027, 12, 31), date(2028, 12, 31)]) == date(2027, 12, 31)
    assert certificate_end([None]) is None
