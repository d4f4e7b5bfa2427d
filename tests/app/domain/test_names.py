from __future__ import annotations

import pytest

from app.domain.names import clean_name, pinyin_keys
from app.errors import ValidationError


def test_pinyin_and_initials() -> None:
    assert pinyin_keys("张三丰") == ("zhangsanfeng", "zsf")
    assert pinyin_keys("吕秀英") == ("lvxiuying", "lxy")


def test_minority_name_with_middle_dot_is_a_name() -> None:
    assert clean_name("阿依古丽·买买提") == "阿依古丽·买买提"


def test_spaces_inside_a_chinese_name_are_removed() -> None:
    assert clean_name(" 王 秀英 ") == "王秀英"


@pytest.mark.parametrize("bad", ["", "王", "王秀英123", "<script>"])
def test_bad_names_are_refused_next_to_the_name_field(bad: str) -> None:
    with pytest.raises(ValidationError) as caught:
        clean_name(bad)
    assert caught.value.fields() == {"name"}
