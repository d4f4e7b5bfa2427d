from __future__ import annotations

import pytest

from app.db.database import Database
from app.intake.applications import ApplicationService
from app.intake.search import search_persons
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
