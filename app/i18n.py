"""Translation of the messages app/ produces (errors, PDF and sheet text).

The window translates its own strings with Qt's tr(); text that the core produces
(a validation error shown beside a field, a line on a PDF, a CLI error) comes from
here so that it is the same in the window, on paper and on the command line.
Catalogues are JSON files in resources/i18n, one per language, keyed by a stable
message id; a test checks that every language has every id with the same
placeholders.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import cache
from importlib import resources
from typing import Any

from app import environment

DEFAULT_LANGUAGE = "zh_CN"
LANGUAGES = ("zh_CN", "en")

_current = environment.language() or DEFAULT_LANGUAGE


@cache
def catalogue(language: str) -> dict[str, str]:
    """Load one language's message catalogue."""
    text = resources.files("resources").joinpath("i18n", f"{language}.json").read_text("utf-8")
    data: dict[str, str] = json.loads(text)
    return data


def set_language(language: str) -> None:
    """Switch the language of messages produced from now on."""
    global _current
    if language not in LANGUAGES:
        raise ValueError(f"unsupported language {language!r}")
    _current = language


def current_language() -> str:
    return _current if _current in LANGUAGES else DEFAULT_LANGUAGE


def t(key: str, /, **params: Any) -> str:
    """Render message `key` in the current language; unknown keys fall back to English."""
    text = catalogue(current_language()).get(key) or catalogue("en").get(key) or key
    return text.format(**params) if params else text


class Term:
    """A catalogue word (a state, a role, a hospital level) inside a message.

    Rendered when the message is formatted, so it follows the language in force
    then, not the one when the error was raised.
    """

    def __init__(self, key: str) -> None:
        self.key = key

    def __str__(self) -> str:
        return t(self.key)

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Term) and other.key == self.key

    def __hash__(self) -> int:
        return hash(self.key)

    def __repr__(self) -> str:
        return f"Term({self.key!r})"


class Bilingual:
    """A name the catalogue gives in both languages (a disease), shown in the
    language in force when the message is rendered."""

    def __init__(self, zh: str, en: str) -> None:
        self.zh = zh
        self.en = en

    def __str__(self) -> str:
        return self.zh if current_language() == "zh_CN" else self.en

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)


# Punctuation between the words of a sentence follows its language: Chinese text uses
# the full-width marks, English text the ASCII ones, so neither reads like the other.
_MARKS = {
    "zh_CN": {"list": "、", "clauses": "；", "open": "（", "close": "）", "label": "："},
    "en": {"list": ", ", "clauses": "; ", "open": " (", "close": ")", "label": ": "},
}


def _marks() -> dict[str, str]:
    return _MARKS.get(_current, _MARKS[DEFAULT_LANGUAGE])


def join_list(items: Iterable[str]) -> str:
    """高血压、糖尿病 / hypertension, diabetes."""
    return _marks()["list"].join(items)


def join_clauses(items: Iterable[str]) -> str:
    """Reasons or sentences one after another: 缺照片；缺病历 / no photo; no record."""
    return _marks()["clauses"].join(items)


def bracketed(text: str, note: str) -> str:
    """A note after a word: 张三（儿子） / Zhang San (son)."""
    marks = _marks()
    return f"{text}{marks['open']}{note}{marks['close']}"


def labelled(label: str, value: str) -> str:
    """A value after its label: 诊断日期：2026-03-01 / Diagnosed: 2026-03-01."""
    return f"{label}{_marks()['label']}{value}"
