"""Gap-free counters: consecutive per key, a rolled-back number given back, a
committed one never taken again, whoever else is taking numbers meanwhile."""

from __future__ import annotations

import threading
import time

import pytest

from app.db.counters import next_number
from app.db.database import Database, open_database


class _Stop(Exception):
    pass


def _take(db: Database, key: str, times: int = 1) -> list[int]:
    with db.session() as session:
        return [next_number(session, key) for _ in range(times)]


def test_each_key_counts_on_its_own_from_one(db: Database) -> None:
    assert _take(db, "application:S001:2026", 3) == [1, 2, 3]
    assert _take(db, "application:S001:2027") == [1]
    assert _take(db, "application:S001:2026", 2) == [4, 5]


def test_a_rolled_back_number_is_given_back_and_a_committed_one_never(db: Database) -> None:
    assert _take(db, "k", 2) == [1, 2]
    with pytest.raises(_Stop), db.session() as session:
        assert next_number(session, "k") == 3
        raise _Stop
    assert _take(db, "k") == [3]  # no gap where the failed transaction was


def test_numbers_go_on_after_the_database_is_reopened(db: Database) -> None:
    assert _take(db, "k", 2) == [1, 2]
    url = db.engine.url.render_as_string(hide_password=False)
    db.close()
    again = open_database(db.paths, None if db.is_sqlite() else url)
    try:
        assert _take(again, "k") == [3]
    finally:
        again.close()


def test_two_writers_at_once_never_take_the_same_number(db: Database) -> None:
    """The window and a command taking numbers at the same moment: the second
    waits for the first and takes the number after its."""
    assert _take(db, "k") == [1]
    taken: dict[str, int] = {}
    first_holds = threading.Event()
    second_asks = threading.Event()

    def first() -> None:
        with db.session() as session:
            taken["first"] = next_number(session, "k")
            first_holds.set()
            second_asks.wait(5)
            time.sleep(0.3)  # the second is now inside next_number, behind this one

    def second() -> None:
        first_holds.wait(5)
        with db.session() as session:
            second_asks.set()
            taken["second"] = next_number(session, "k")

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    assert taken == {"first": 2, "second": 3}
    assert _take(db, "k") == [4]
