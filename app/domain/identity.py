"""Resident ID numbers (GB 11643) and what they tell about a person."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from stdnum import exceptions as stdnum_errors
from stdnum import numdb
from stdnum.cn import ric

from app.errors import Problem, ValidationError

# Nobody applying today was born before this; an earlier date is a typo.
_EARLIEST_BIRTH = date(1900, 1, 1)


@dataclass(frozen=True)
class IdentityInfo:
    number: str
    birth_date: date
    gender: str  # "M" | "F": odd sequence digit = male
    birth_place: str


def _fail(key: str, field: str, **params: object) -> ValidationError:
    return ValidationError([Problem(field, key, dict(params))])


def parse_id_number(raw: str, *, today: date, field: str = "id_number") -> IdentityInfo:
    """Validate a resident ID number and derive birth date, gender and birth place.

    Raises ValidationError naming `field` with the precise reason, so that the
    counter clerk sees "check digit wrong" rather than "invalid".
    """
    number = ric.compact(raw or "").upper()
    if not number:
        raise _fail("id.empty", field)
    if len(number) != 18:
        raise _fail("id.length", field, length=len(number))
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise _fail("id.format", field)
    if number[17] != ric.calc_check_digit(number):
        raise _fail("id.checksum", field)
    try:
        birth = ric.get_birth_date(number)
    except stdnum_errors.ValidationError:
        raise _fail("id.birth_date_invalid", field, digits=number[6:14]) from None
    if birth > today:
        raise _fail("id.birth_date_future", field, birth=birth.isoformat())
    if birth < _EARLIEST_BIRTH:
        raise _fail("id.birth_date_too_old", field, birth=birth.isoformat())
    birth_place = _birth_place(number, birth.year)
    if birth_place is None:
        raise _fail("id.area_unknown", field, area=number[:6])
    gender = "M" if int(number[16]) % 2 == 1 else "F"
    return IdentityInfo(number=number, birth_date=birth, gender=gender, birth_place=birth_place)


def make_id_number(area: str, birth: date, sequence: int) -> str:
    """Build a valid number (for demo data and tests): 6 + 8 + 3 digits + check digit."""
    body = f"{area}{birth:%Y%m%d}{sequence:03d}"
    return body + ric.calc_check_digit(body + "0")  # wants the check position present


def mask_id_number(number: str) -> str:
    """Public-notice form: first 6 and last 4 shown."""
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def _birth_place(number: str, birth_year: int) -> str | None:
    """Province and county of the area code, or None if the province is unknown.

    stdnum's get_birth_place() refuses a county code created after the birth year,
    but numbers were issued from the mid-1980s with the code current at issue: a
    genuine 410523… number of someone born in 1950 (汤阴县's code dates from 1983)
    would be refused. So the year only chooses among a code's names here.
    """
    info: dict[str, str] = {}
    for _part, props in numdb.get("cn/loc").info(number[:6]):
        info.update(props)
    province = info.get("province")
    if not province:
        return None
    names = []
    for candidate in filter(None, info.get("county", "").split(",")):
        if candidate.startswith("["):
            span, name = candidate[1:].split("]", 1)
            start, end = span.split("-")
            fits = (not start or birth_year >= int(start)) and (not end or birth_year <= int(end))
            names.append((fits, name))
        else:
            names.append((True, candidate))
    if not names:
        return province
    fitting = [name for fits, name in names if fits]
    county = fitting[0] if fitting else names[-1][1]
    return province if county == province else province + county
