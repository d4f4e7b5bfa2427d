from __future__ import annotations

import pytest
from sqlalchemy import select

from app.db.database import Database
from app.db.models import Application, Person
from app.intake.applications import ApplicationService
from app.intake.search import application_filter, search_persons
from tests.app.helpers import CLERK, applicant, complete
from tests.conftest import TODAY


@pytest.fixture
def people(db: Database) -> Database:
    service = ApplicationService(db, today=lambda: TODAY)
    for seq, name in ((21, "王秀英"), (33, "王建国"), (45, "李秀兰"), (57, "张三丰")):
        service.save_draft(CLERK, complete(person=applicant(seq, name=name)))
    return db


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("王", {"王秀英", "王建国"}),
        ("王秀", {"王秀英"}),
        ("wxy", {"王秀英"}),
        ("WJ", {"王建国"}),
        ("lixiu", {"李秀兰"}),
        ("zsf", {"张三丰"}),
        ("", set()),
        ("赵", set()),
    ],
)
def test_search_by_name_pinyin_and_initials(people: Database, query: str, names: set[str]) -> None:
    assert {hit.name for hit in search_persons(people, query)} == names


def test_search_by_last_digits_and_full_number(people: Database) -> None:
    number = applicant(45).id_number
    assert [h.name for h in search_persons(people, number[-4:])] == ["李秀兰"]
    assert [h.name for h in search_persons(people, number[-6:].lower())] == ["李秀兰"]
    assert [h.name for h in search_persons(people, number)] == ["李秀兰"]
    assert search_persons(people, "99999") == []


def _numbers(db: Database, text: str) -> set[str]:
    condition = application_filter(text)
    query = select(Application.number).join(Person, Person.id == Application.person_id)
    with db.reader() as session:
        return set(session.scalars(query if condition is None else query.where(condition)))


@pytest.mark.parametrize("typed", ["S001-2026-000004", "000004", " 0004 ", "04"])
def test_an_application_by_its_number_or_short_number(people: Database, typed: str) -> None:
    assert _numbers(people, typed) == {"S001-2026-000004"}
    # "4" alone is also the end of the first applicant's ID number: both are found.
    assert _numbers(people, "4") == {"S001-2026-000004", "S001-2026-000001"}


def test_digits_find_the_short_number_and_the_end_of_an_id_number(people: Database) -> None:
    service = ApplicationService(people, today=lambda: TODAY)
    for _ in range(10):
        service.save_draft(CLERK, complete(person=applicant(69, name="赵六")))
    assert applicant(21).id_number.endswith("14")  # the first; and the 14th's number
    assert _numbers(people, "14") == {"S001-2026-000001", "S001-2026-000014"}
    assert _numbers(people, "S001-2026") == _numbers(people, "")
    assert _numbers(people, "0000011") == set()  # seven digits: an ID number's end only
