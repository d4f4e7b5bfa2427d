"""Chinese punctuation never starts a printed line: it hangs at the end of the line
before, as in any Chinese document."""

from __future__ import annotations

import pytest

from app.printing.fonts import CANNOT_START
from app.printing.pdf_base import para


def _lines(text: str, width: float) -> list[str]:
    paragraph = para(text)
    paragraph.wrap(width, 1000)
    return ["".join(words) for _, words in paragraph.blPara.lines]


@pytest.mark.parametrize("mark", list(CANNOT_START))
def test_no_line_starts_with_punctuation_that_may_not(mark: str) -> None:
    starts = set()
    for characters in range(8, 30):  # the mark falls at every place of a line in turn
        text = "评审" * characters + mark + "结论如下"
        for width in (105.0, 126.0, 147.0):  # 10, 12 and 14 characters of 10.5 pt
            lines = _lines(text, width)
            assert "".join(lines) == text
            starts.update(line[0] for line in lines[1:])
    assert mark not in starts
