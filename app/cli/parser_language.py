"""`ncms --help` and argparse's own messages in the language chosen (NCMS_LANG).

Our help texts are catalogue keys (`cli.help.*`), rendered when the parser is built.
argparse's own words ("usage: ", "options", "the following arguments are required: %s",
"invalid choice: …") it looks up through gettext: `from gettext import gettext as _,
ngettext` at its import, and every message calls that module-level `_` (or
`ngettext`) when it is shown (the argparse HOWTO, "How to translate the argparse
output"). The documented route, a compiled .mo file under a gettext text domain, picks
its language from LANGUAGE/LC_ALL/LANG and would be a second catalogue beside
resources/i18n; so `install` points argparse's `_` and `ngettext` at the message
catalogue instead. The catalogue keeps argparse's English text verbatim under
`cli.argparse.*`: that is how a message is found, and why the English output stays
byte for byte what argparse prints. A message not in the catalogue (one only a
programming mistake in the parser could raise) stays in English; a test lists, from
argparse's source, which messages reach a user and which do not.

The formatter measures Chinese text by the columns a terminal gives it (two per
character) and breaks lines between characters; the parser's `error` (which argparse
documents as the method to override) prints the one line our other errors are.
"""

from __future__ import annotations

import argparse
import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import cache
from typing import NoReturn

from app.i18n import LANGUAGES, catalogue, t

PREFIX = "cli.argparse."


@cache
def _keys() -> dict[str, str]:
    """argparse's English message → its catalogue key."""
    return {text: key for key, text in catalogue("en").items() if key.startswith(PREFIX)}


def translate(message: str) -> str:
    """argparse's `_`: its English message in the current language."""
    key = _keys().get(message)
    return t(key) if key else message


def translate_plural(singular: str, plural: str, n: int) -> str:
    """argparse's `ngettext`: English chooses by the count, the catalogue translates."""
    return translate(singular if n == 1 else plural)


def install() -> None:
    """Make argparse's own messages speak the catalogue's language from now on."""
    argparse._ = translate  # type: ignore[attr-defined]
    argparse.ngettext = translate_plural  # type: ignore[attr-defined]


def _takes(option: str, word: str) -> bool:
    """`word` names `option`, whole or by an abbreviation argparse accepts."""
    return len(word) >= 3 and option.startswith(word)


def chosen_language(arguments: Sequence[str], global_options: Sequence[str] = ()) -> str | None:
    """The language `ncms gui --lang L` asks for, read before the parser is built (its
    help texts are rendered then): `ncms gui --lang en --help` is English whatever
    NCMS_LANG says, as the window would be. As argparse reads it: `--lang L` or
    `--lang=L`, or an abbreviation such as `--la L`; the last one given counts. An
    unknown language is left to argparse to refuse. `global_options` are the options
    before the command that take a value (`--data-dir DIR`)."""
    words = list(arguments)
    position = 0
    while position < len(words) and words[position].startswith("-"):
        word = words[position]
        takes_value = "=" not in word and any(_takes(o, word) for o in global_options)
        position += 2 if takes_value else 1
    if words[position : position + 1] != ["gui"]:
        return None
    after = words[position + 1 :]
    chosen = None
    for index, word in enumerate(after):
        if word == "--":
            break
        name, equals, value = word.partition("=")
        if _takes("--lang", name):
            if not equals:
                value = after[index + 1] if index + 1 < len(after) else ""
            chosen = value if value in LANGUAGES else None
    return chosen


def _columns(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def width(text: str) -> int:
    """Columns `text` takes on a terminal: a Chinese character takes two."""
    return sum(_columns(ch) for ch in text)


# A line does not start with closing punctuation nor end with an opening bracket.
_NO_BREAK_BEFORE = frozenset("，。、；：！？）》」』”’")
_NO_BREAK_AFTER = frozenset("（《「『“‘")
_WHITESPACE = re.compile(r"\s+")


def _units(text: str) -> Iterable[str]:
    """`text` cut where a line may break: at spaces, and beside a Chinese character;
    an ASCII word (an option, a file name) stays whole."""
    unit = ""
    for ch in text:
        if ch == " ":
            if unit:
                yield unit
            yield " "
            unit = ""
        elif unit and (
            ch in _NO_BREAK_BEFORE
            or unit[-1] in _NO_BREAK_AFTER
            or (_columns(ch) == 1 and _columns(unit[-1]) == 1)
        ):
            unit += ch
        else:
            if unit:
                yield unit
            unit = ch
    if unit:
        yield unit


def wrap(text: str, columns: int) -> list[str]:
    """Lines of at most `columns` terminal columns (a longer word has its own line)."""
    lines: list[str] = []
    line = ""
    space = False
    for unit in _units(_WHITESPACE.sub(" ", text).strip()):
        if unit == " ":
            space = bool(line)
            continue
        gap = " " if space else ""
        if line and width(line) + len(gap) + width(unit) > columns:
            lines.append(line)
            line = unit
        else:
            line += gap + unit
        space = False
    if line:
        lines.append(line)
    return lines


class HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter, wrapping Chinese text by its width on the terminal.

    Text of single-column characters only is left to argparse, so English help is
    exactly what argparse prints.
    """

    class _Section(argparse.HelpFormatter._Section):
        """A section of the help whose heading ends with its language's colon: a
        Chinese heading with the full-width "：", where argparse always writes ":"."""

        def format_help(self) -> str:
            heading, self.heading = self.heading, None
            try:
                text: str = super().format_help()  # its items, without a heading
            finally:
                self.heading = heading
            if not text or heading is None or heading == argparse.SUPPRESS:
                return text
            indent = " " * self.formatter._current_indent
            colon = ":" if width(heading) == len(heading) else "："
            line = f"{indent}{heading}{colon}"
            return text.replace("\n", "\n" + line + "\n", 1)

    def _split_lines(self, text: str, width_: int) -> list[str]:
        if width(text) == len(text):
            return super()._split_lines(text, width_)
        return wrap(text, width_)

    def _fill_text(self, text: str, width_: int, indent: str) -> str:
        if width(text) == len(text):
            return super()._fill_text(text, width_, indent)
        return "\n".join(indent + line for line in wrap(text, width_ - len(indent)))

    def _format_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[argparse._MutuallyExclusiveGroup],
        prefix: str | None,
    ) -> str:
        # argparse indents the usage's further lines by len(prefix): lay it out with
        # spaces as wide as the prefix on screen, then put the prefix in their place.
        shown = translate("usage: ") if prefix is None else prefix
        stand_in = " " * width(shown)
        text = super()._format_usage(usage, actions, groups, stand_in)
        return shown + text[len(stand_in) :]


class Parser(argparse.ArgumentParser):
    """The `ncms` parser and its commands' (add_subparsers makes them of this class)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def error(self, message: str) -> NoReturn:
        """One line on stderr, exit code 2, as argparse's own errors: without the
        usage argparse prints first (`ncms COMMAND --help` shows it)."""
        line = translate("%(prog)s: error: %(message)s\n")
        self.exit(2, line % {"prog": self.prog, "message": message})
