"""Every message the core can show exists in each language with the same placeholders."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from app.i18n import LANGUAGES, catalogue

APP = Path(__file__).resolve().parents[2] / "app"
KEY = re.compile(r"^[a-z_]+(\.[a-z_]+)+$")
# Callables whose first (or, for Problem, second) argument is a message key.
MESSAGE_CALLS = {
    "NcmsError",
    "NotFound",
    "PermissionDenied",
    "IllegalTransition",
    "AuthenticationFailed",
    "StorageError",
    "DocumentRefused",
    "_fail",
    "_refuse",
    "t",  # the command line's help texts (cli.help.*) among them
}


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _keys_used() -> set[tuple[str, str]]:
    used = set()
    for path in APP.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            index = 1 if name == "Problem" else 0 if name in MESSAGE_CALLS else None
            if index is not None and len(node.args) > index:
                arg = node.args[index]
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    used.add((arg.value, f"{path.name}:{node.lineno}"))
    return used


def test_languages_have_the_same_keys_and_placeholders() -> None:
    english = catalogue("en")
    for language in LANGUAGES:
        other = catalogue(language)
        assert set(other) == set(english), language
        for key, text in english.items():
            assert _placeholders(other[key]) == _placeholders(text), (language, key)


def test_every_key_raised_in_app_exists() -> None:
    used = _keys_used()
    assert len(used) > 50  # the scan finds the calls
    missing = [
        f"{key} ({where})" for key, where in used if KEY.match(key) and key not in catalogue("en")
    ]
    assert missing == []


def test_every_command_line_help_is_a_catalogue_key() -> None:
    """`ncms --help` speaks the chosen language: no help text is left in English."""
    helps = [key for key, _ in _keys_used() if key.startswith("cli.help.")]
    assert len(helps) > 70
    assert all(key in catalogue(language) for language in LANGUAGES for key in helps)
    literal = []
    for path in (APP / "cli").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            text = isinstance(node, ast.keyword) and node.arg in ("help", "description")
            if text and isinstance(node.value, ast.Constant):
                literal.append(f"{path.name}:{node.value.lineno}")
    assert literal == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_chinese_catalogue_is_chinese(language: str) -> None:
    texts = catalogue(language).values()
    han = sum(any("\u4e00" <= ch <= "\u9fff" for ch in text) for text in texts)
    assert (han == len(texts)) if language == "zh_CN" else han == 0
