"""What any text a person typed may hold, wherever it comes from: the counter's form
or another installation's package.

Control characters are invisible on screen, break the printed forms and the Excel
agenda (openpyxl refuses them), and no keyboard or ID card reader produces them;
only a multi-line field keeps its line breaks and tabs.
"""

from __future__ import annotations

import unicodedata

from app.errors import Problem

# Long enough for a paragraph of notes, short enough for a printed form.
MULTILINE_MAX = 2000
_LINE_BREAKS = frozenset("\n\r\t")


def text_problems(field: str, value: str, limit: int, multiline: bool = False) -> list[Problem]:
    """The field's problems: too long for its column, or holding a control character."""
    problems = []
    if len(value) > limit:
        problems.append(Problem(field, "text.too_long", {"length": len(value), "max": limit}))
    if value.isprintable():
        # Python's "printable" excludes every Other and Separator character but the
        # space: nothing below can match (most names and addresses: checked in C).
        return problems
    for position, char in enumerate(value, 1):
        if multiline and char in _LINE_BREAKS:
            continue
        # Not "Co" or "Cn": rare Han characters in names live in private-use fonts
        # or in blocks newer than this Python's tables.
        if unicodedata.category(char) in ("Cc", "Cf", "Cs"):
            problems.append(
                Problem(
                    field,
                    "text.control_character",
                    {"code": f"U+{ord(char):04X}", "position": position},
                )
            )
            break
    return problems
