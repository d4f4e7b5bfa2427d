from __future__ import annotations

from datetime import date

import pytest
from stdnum.cn import ric

from app import i18n
from app.domain.identity import make_id_number, mask_id_number, parse_id_number
from app.errors import ValidationError

TODAY = date(2026, 11, 22)


def _problem(raw: str) -> str:
    with pytest.raises(ValidationError) as caught:
        parse_id_number(raw, today=TODAY)
    (problem,) = caught.value.problems
    assert problem.field == "id_number"
    return problem.message


def test_valid_number_gives_birth_date_gender_and_place() -> None:
    info = parse_id_number("11010519491231002X", today=TODAY)
    assert info.birth_date == date(1949, 12, 31)
    assert info.gender == "F"  # sequence 002: even
    assert info.birth_place == "北京市朝阳区"


def test_odd_sequence_is_male_and_spaces_and_lowercase_x_are_accepted() -> None:
    number = make_id_number("410523", date(1956, 7, 1), 17)
    info = parse_id_number(" " + number.lower() + " ", today=TODAY)
    assert info.gender == "M"
    assert info.number == number


def test_elderly_applicant_with_a_code_newer_than_their_birth_is_accepted() -> None:
    # 汤阴县 got code 410523 in 1983; numbers issued later carry it for everyone.
    info = parse_id_number(make_id_number("410523", date(1940, 2, 29), 33), today=TODAY)
    assert info.birth_place == "河南省汤阴县"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("", "Enter the ID number"),
        ("4105231956070101", "has 18 characters, this one has 16"),
        ("41052319560701A01X", "17 digits followed by a digit or X"),
        ("110105194912310021", "check digit is wrong"),
    ],
)
def test_each_bad_number_names_its_problem(raw: str, expected: str) -> None:
    assert expected in _problem(raw)


def test_impossible_birth_date_is_refused() -> None:
    body = "41052319560231001"  # 31 February
    assert "19560231" in _problem(body + ric.calc_check_digit(body + "0"))


def test_birth_date_in_the_future_is_refused() -> None:
    number = make_id_number("410523", date(2027, 1, 5), 11)
    assert "in the future" in _problem(number)


def test_unknown_area_is_refused() -> None:
    assert "990000" in _problem(make_id_number("990000", date(1960, 1, 1), 11))


def test_messages_are_chinese_by_default_catalogue() -> None:
    i18n.set_language("zh_CN")
    assert "校验位" in _problem("110105194912310021")


def test_mask_shows_first_six_and_last_four() -> None:
    assert mask_id_number("11010519491231002X") == "110105********002X"
