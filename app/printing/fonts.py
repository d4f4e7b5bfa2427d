"""The bundled CJK TrueType font, registered with ReportLab once per process.

ReportLab embeds TrueType (glyf) outlines only, as a subset of the glyphs used, so a
PDF made here shows Chinese on any PC, with or without Chinese fonts installed.
WenQuanYi Micro Hei (Apache 2.0 / GPLv3 with font exception; licence beside it) is
a TrueType collection: its first face is the regular one.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

FONT = "WQYMicroHei"
FONT_FILE = "wqy-microhei.ttc"


@cache
def register_fonts() -> str:
    """Register the font and return its name for canvas.setFont / paragraph styles."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    with resources.as_file(resources.files("resources").joinpath("fonts", FONT_FILE)) as path:
        pdfmetrics.registerFont(TTFont(FONT, str(path), subfontIndex=0))
    # Bold is the same face: ReportLab's <b> in a paragraph needs a mapping.
    from reportlab.lib.fonts import addMapping

    for bold in (0, 1):
        for italic in (0, 1):
            addMapping(FONT, bold, italic, FONT)
    _chinese_line_breaking()
    return FONT


# Punctuation a Chinese line never starts with (GB/T 15834), which ReportLab's list,
# made for Japanese, lacks: without it a minutes' "结论如下：" left its colon alone on
# the next line.
CANNOT_START = "，：；？！》〉”’…"


def _chinese_line_breaking() -> None:
    from reportlab.lib import textsplit
    from reportlab.platypus import paragraph

    # Each module reads its own copy: textsplit a paragraph of one style, paragraph
    # one of several.
    for module in (textsplit, paragraph):
        held = module.ALL_CANNOT_START
        module.ALL_CANNOT_START = held + "".join(c for c in CANNOT_START if c not in held)
