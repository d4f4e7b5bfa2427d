from __future__ import annotations

from datetime import date

import pytest

from app.db.database import Database
from app.intake.applications import ApplicationService
from app.intake.listing import ApplicationFilter, ApplicationList
from app.training.demo import DemoGenerator
from tests.app.helpers import CLERK, applicant, complete
from tests.conftest import TODAY


@pytest.fixture
def listing(db: Database) -> ApplicationList:
    DemoGenerator(db, today=TODAY, seed=11).run(400, chunk=200)
    return ApplicationList(db)


def test_count_matches_pages_and_pages_do_not_overlap(listing: ApplicationList) -> None:
    flt = ApplicationFilter()
    assert listing.count(flt) == 400
    first = listing.page(flt, "number", False, 0, 150)
    rest = listing.page(flt, "number", False, 150, 1000)
    numbers = [r.number for r in first + rest]
    assert len(numbers) == 400 == len(set(numbers)) and numbers == sorted(numbers)


def test_a_count_with_a_limit_stops_just_past_it(listing: ApplicationList) -> None:
    assert listing.count(ApplicationFilter(), limit=100) == 101  # "more than 100"
    assert listing.count(ApplicationFilter(), limit=400) == 400  # all of them, exactly
    village = listing.villages()[0]
    flt = ApplicationFilter(village=village, disease="HTN")  # the applicant's join too
    assert listing.count(flt, limit=10_000) == listing.count(flt) > 0


def test_filters_narrow_and_agree_with_the_rows(listing: ApplicationList) -> None:
    flt = ApplicationFilter(states=("certificate_issued",), disease="HTN")
    rows = listing.page(flt, limit=1000)
    assert 0 < len(rows) == listing.count(flt)
    assert all(r.state == "certificate_issued" and "HTN" in r.diseases for r in rows)
    village = rows[0].village
    by_village = listing.page(ApplicationFilter(village=village), limit=1000)
    assert {r.village for r in by_village} == {village}
    quarter = listing.quarters()[0]
    assert all(
        r.quarter == quarter for r in listing.page(ApplicationFilter(quarter=quarter), limit=1000)
    )
    assert village in listing.villages()


def test_states_count_every_application_once(listing: ApplicationList) -> None:
    states = listing.states()
    assert sum(states.values()) == 400
    for state, count in states.items():
        assert count == listing.count(ApplicationFilter(states=(state,)))


def test_search_by_initials_digits_and_number(db: Database) -> None:
    service = ApplicationService(db, today=lambda: TODAY)
    a = service.save_draft(CLERK, complete(person=applicant(21, name="王秀英")))
    service.save_draft(CLERK, complete(person=applicant(33, name="李建国")))
    listing = ApplicationList(db)
    assert [r.number for r in listing.page(ApplicationFilter(text="wxy"))] == [a.number]
    digits = applicant(21).id_number[-5:]
    assert [r.name for r in listing.page(ApplicationFilter(text=digits))] == ["王秀英"]
    assert [r.name for r in listing.page(ApplicationFilter(text=a.number))] == ["王秀英"]
    assert listing.count(ApplicationFilter(text="S001-2026")) == 2


def test_sort_by_received_descending(listing: ApplicationList) -> None:
    rows = listing.page(
        ApplicationFilter(states=("received", "certificate_issued")), "received", True, 0, 1000
    )
    received = [r.received_at for r in rows]
    assert received == sorted(received, reverse=True) and received[0] is not None
    assert rows[0].received_at.date() <= date(2026, 11, 22)  # type: ignore[union-attr]
