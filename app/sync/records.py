"""Rows as JSON records and back, column by column from the model itself.

Reading is strict: a record with a missing column, a wrong type or an over-long
text is refused (ValueError) rather than half-stored, because a signed package
from a trusted sender can still come from a buggy or newer program.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Mapping
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, Date, Integer, String, Uuid
from sqlalchemy.orm import DeclarativeBase

from app.db.types import UTCDateTime
from app.errors import PackageRefused, Problem


def to_record(obj: DeclarativeBase, exclude: Collection[str] = ()) -> dict[str, Any]:
    record: dict[str, Any] = {}
    for column in obj.__table__.columns:
        if column.key in exclude:
            continue
        value = getattr(obj, column.key)
        if isinstance(value, uuid.UUID):
            value = str(value)
        elif isinstance(value, date):  # datetime too: isoformat keeps the zone
            value = value.isoformat()
        record[column.key] = value
    return record


_INT_MIN, _INT_MAX = -(2**63), 2**63 - 1
_INT4_MIN, _INT4_MAX = -(2**31), 2**31 - 1


def _convert(column: Any, value: Any) -> Any:
    kind = column.type
    if isinstance(kind, Uuid):
        return uuid.UUID(value) if isinstance(value, str) else _bad(column)
    if isinstance(kind, UTCDateTime):
        if not isinstance(value, str):
            return _bad(column)
        moment = datetime.fromisoformat(value)
        return moment if moment.tzinfo is not None else _bad(column)
    if isinstance(kind, Date):
        return date.fromisoformat(value) if isinstance(value, str) else _bad(column)
    if isinstance(kind, Boolean):
        return value if isinstance(value, bool) else _bad(column)
    if isinstance(kind, Integer):
        # Bounded to what both databases store (a bigger one crashed the flush): on
        # PostgreSQL an INTEGER is four bytes, a BIGINT eight.
        big = isinstance(kind, BigInteger)
        low, high = (_INT_MIN, _INT_MAX) if big else (_INT4_MIN, _INT4_MAX)
        ok = isinstance(value, int) and not isinstance(value, bool) and low <= value <= high
        return value if ok else _bad(column)
    if isinstance(kind, String):
        if not isinstance(value, str):
            return _bad(column)
        if kind.length is not None and len(value) > kind.length:
            raise ValueError(f"{column.key} is too long")
        return value
    if isinstance(kind, JSON):
        return value if isinstance(value, list | dict) else _bad(column)
    raise ValueError(f"{column.key}: unsupported column type")


def _bad(column: Any) -> Any:
    raise ValueError(f"{column.key} has the wrong type")


def from_record(
    model: type[DeclarativeBase],
    record: dict[str, Any],
    exclude: Collection[str] = (),
    later: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Column values for `model` from `record`; every included column must be there,
    except those in `later` (added after older releases wrote packages), which take
    the value given there when missing."""
    values: dict[str, Any] = {}
    later = later or {}
    for column in model.__table__.columns:
        if column.key in exclude:
            continue
        if column.key not in record and column.key in later:
            values[column.key] = later[column.key]
            continue
        if column.key not in record:
            raise ValueError(f"{column.key} is missing")
        value = record[column.key]
        if value is None:
            if not column.nullable:
                raise ValueError(f"{column.key} is empty")
            values[column.key] = None
        else:
            values[column.key] = _convert(column, value)
    return values


def refuse_broken(problems: list[Problem], entry: str, n: int) -> None:
    """A record the counter would not have taken refuses its package, naming the
    first rule it breaks."""
    if problems:
        first = problems[0]
        raise PackageRefused(
            "package.rule_broken", entry=entry, line=n, field=first.field, problem=first
        )


def held_unchanged(
    held: Any, values: dict[str, Any], sender: str, parent: str, entry: str, n: int
) -> bool:
    """A station's record that is recorded once and never changed (a certificate
    event, an appeal), against the row held under its id: True when held already
    (sent again before the acknowledgement reached the station: to be acknowledged
    again), False when new. Refuses one claiming another station, moved to another
    `parent` (the column naming what it is about), or changed after it was recorded."""
    if values["station_code"] != sender or (
        held is not None
        and (held.station_code != sender or getattr(held, parent) != values[parent])
    ):
        raise PackageRefused("package.foreign_record", entry=entry, line=n)
    if held is None:
        return False
    if values["version"] != held.version:
        raise PackageRefused(
            "package.bad_record", entry=f"{entry} (changed after it was recorded)", line=n
        )
    return True
