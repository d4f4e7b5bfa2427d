"""The annual review (年审) at the station, on SQLite and PostgreSQL: a year's result
recorded once, within the certificate's validity and its four boxes; printed into its
box on the whole card, and alone (values only, with the offsets) for a card already
handed out."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.certificates.annual_review import AnnualReviewService
from app.certificates.printing import CertificateService
from app.errors import PermissionDenied, ValidationError
from app.printing.certificate_pdf import CertificateLayout, render_certificates
from tests.app.certificates.test_handout import _printed
from tests.app.helpers import CLERK, row_counts
from tests.app.review.helpers import Clock
from tests.app.sync.helpers import REVIEWER, County


def _text(path: Path) -> str:
    return "".join(p.extract_text() for p in PdfReader(path).pages).replace(" ", "")


def test_each_year_s_review_is_recorded_once_and_printed_into_its_box(
    county_center: County, tmp_path: Path
) -> None:
    station, number = _printed(county_center, tmp_path)
    (view,) = CertificateService(station.db).listed()
    first = view.valid_from.year
    reviews = AnnualReviewService(station.db, today=lambda: date(first + 1, 1, 20))
    done = reviews.record(CLERK, number, "合格")
    assert (done.year, done.box) == (first + 1, 0)
    # Recorded late: the next free box, as its stamp goes on the card after the other.
    earlier = reviews.record(CLERK, number, "合格", year=first, on=date(first, 12, 28))
    assert earlier.box == 1
    (view,) = CertificateService(station.db).listed()
    assert [(r.year, r.box) for r in view.reviews] == [(first + 1, 0), (first, 1)]

    card = tmp_path / "card.pdf"
    render_certificates(CertificateService(station.db).views([view.id]), card)
    text = _text(card)
    assert f"{first + 1}" in text and "合格" in text and "年审记录" in text
    stamp = tmp_path / "stamp.pdf"
    layout = CertificateLayout(data_only=True, offset_x_mm=1.5, review_year=first + 1)
    render_certificates([view], stamp, layout)
    only = _text(stamp)
    assert str(first + 1) in only and "合格" in only
    assert view.name not in only and "年审记录" not in only and str(first) + "年" not in only

    before = row_counts(station.db)
    with pytest.raises(ValidationError) as caught:
        reviews.record(CLERK, number, "合格", year=first + 1)
    assert caught.value.fields() == {"year"} and "already" in caught.value.problems[0].message
    assert row_counts(station.db) == before


@pytest.mark.parametrize(
    ("result", "year_offset", "on_offset", "fields"),
    [
        ("", 1, 0, {"result"}),
        ("合" * 21, 1, 0, {"result"}),
        ("合格", -1, 0, {"year"}),  # before the certificate is valid
        ("合格", 40, 0, {"year"}),  # after it ends
        ("合格", 1, 1, {"on"}),  # a day not yet come
    ],
)
def test_what_does_not_hold_is_named_and_nothing_is_stored(
    county_center: County,
    tmp_path: Path,
    result: str,
    year_offset: int,
    on_offset: int,
    fields: set[str],
) -> None:
    station, number = _printed(county_center, tmp_path)
    (view,) = CertificateService(station.db).listed()
    today = date(view.valid_from.year + 1, 3, 1)
    reviews = AnnualReviewService(station.db, today=lambda: today)
    before = row_counts(station.db)
    with pytest.raises(ValidationError) as caught:
        reviews.record(
            CLERK,
            number,
            result,
            year=view.valid_from.year + year_offset,
            on=today + timedelta(days=on_offset),
        )
    assert caught.value.fields() == fields
    assert row_counts(station.db) == before


def test_only_a_station_records_a_review(county_center: County, tmp_path: Path) -> None:
    station, number = _printed(county_center, tmp_path)
    with pytest.raises(PermissionDenied):
        AnnualReviewService(station.db, today=Clock()).record(REVIEWER, number, "合格")
