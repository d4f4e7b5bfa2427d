"""Finding a person or an application at the counter by what the clerk types.

Digits search the end of the ID number (what an applicant reads off a card),
Han characters the start of the name, Latin letters pinyin initials or full
pinyin. Every person search is a range scan on an index, on SQLite and PostgreSQL
alike: `col >= prefix AND col < prefix + U+FFFF` needs no LIKE and no collation.

An application is found by those, by the start of its number (`S001-2026`), and by
its short number: up to six digits, with or without the leading zeros (`4`,
`000004`), are also the number's last part. That one is a suffix, which no index
serves: it costs a scan of the application numbers, done only for short digits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import InstrumentedAttribute

from app.db.database import Database
from app.db.models import Application, Person

_HIGH = "\uffff"
_DIGITS = re.compile(r"^[0-9]{1,17}[0-9Xx]?$")
_LATIN = re.compile(r"^[a-zA-Z]+$")
_NUMBER = re.compile(r"^[A-Za-z0-9_]+-\d{0,4}(-\d{0,6})?$")
_SHORT_NUMBER = re.compile(r"^[0-9]{1,6}$")


@dataclass(frozen=True)
class PersonHit:
    id: str
    name: str
    id_number: str
    gender: str
    birth_date: date
    village: str


def _prefix(column: InstrumentedAttribute[str], prefix: str) -> ColumnElement[bool]:
    return (column >= prefix) & (column < prefix + _HIGH)


def person_filter(text: str) -> ColumnElement[bool] | None:
    text = text.strip()
    if not text:
        return None
    if _DIGITS.match(text):
        if len(text) == 18:
            return Person.id_number == text.upper()
        return _prefix(Person.id_number_rev, text.upper()[::-1])
    if _LATIN.match(text):
        lower = text.lower()
        return or_(_prefix(Person.name_initials, lower), _prefix(Person.name_pinyin, lower))
    return _prefix(Person.name, text)


def application_filter(text: str) -> ColumnElement[bool] | None:
    """What `text` selects among applications joined with their person (None: all)."""
    text = text.strip()
    if _NUMBER.match(text):
        return _prefix(Application.number, text.upper())
    condition = person_filter(text)
    if condition is not None and _SHORT_NUMBER.match(text):
        # Numbers are STATION-YEAR-NNNNNN: the short number is the part after the last "-".
        condition = or_(condition, Application.number.like(f"%-{int(text):06d}"))
    return condition


def search_persons(db: Database, text: str, limit: int = 50) -> list[PersonHit]:
    condition = person_filter(text)
    if condition is None:
        return []
    query = (
        select(
            Person.id,
            Person.name,
            Person.id_number,
            Person.gender,
            Person.birth_date,
            Person.village,
        )
        .where(condition)
        .limit(limit)
    )
    with db.reader() as session:
        return [
            PersonHit(str(r.id), r.name, r.id_number, r.gender, r.birth_date, r.village)
            for r in session.execute(query)
        ]
