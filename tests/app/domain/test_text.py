"""The text rule refuses exactly the control, format and surrogate characters, on
every code point, whether the fast check or the character-by-character one decides."""

from __future__ import annotations

import sys
import unicodedata

from app.domain.text import text_problems

_REFUSED = ("Cc", "Cf", "Cs")


def test_every_code_point_is_judged_by_its_category() -> None:
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        problems = text_problems("name", f"王{char}英", 10)
        refused = unicodedata.category(char) in _REFUSED
        assert bool(problems) == refused, f"U+{code:04X}"
        if refused:
            [problem] = problems
            assert problem.params == {"code": f"U+{code:04X}", "position": 2}


def test_line_breaks_only_where_several_lines_are_allowed() -> None:
    assert text_problems("notes", "第一行\n第二行\t完", 100, multiline=True) == []
    [problem] = text_problems("name", "王\n英", 100)
    assert problem.params == {"code": "U+000A", "position": 2}


def test_rare_han_characters_and_wide_spaces_pass() -> None:
    # Private use (a county's font for a rare surname), unassigned, ideographic space.
    for text in ("\ue000明", "\U000f0000", "王\u3000英", "𠀀"):
        assert text_problems("name", text, 10) == [], repr(text)
