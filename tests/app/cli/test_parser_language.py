"""argparse's own words come from the message catalogue, and Chinese help fits the
terminal: app/cli/parser_language.py."""

from __future__ import annotations

import argparse
import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from app import i18n
from app.cli import main, parser_language
from app.cli.parser_language import chosen_language, width, wrap

# argparse's messages (CPython 3.11) that never reach someone running `ncms`, so the
# catalogue leaves them out: mistakes in building a parser, which a test run meets
# first, and features the ncms parser does not use.
NOT_SHOWN = {
    # Building the parser wrong.
    ".__call__() not defined",
    "%r is not callable",
    "'required' is an invalid argument for positionals",
    "cannot have multiple subparser arguments",
    "cannot merge actions - two groups are named %r",
    "conflicting option string: %s",
    "conflicting option strings: %s",
    "conflicting subparser alias: %s",
    "conflicting subparser: %s",
    "dest= is required for options like %r",
    "invalid conflict_resolution value: %r",
    "invalid option string %(option)r: must start with a character %(prefix_chars)r",
    "mutually exclusive arguments must be optional",
    # argparse.FileType and parse_intermixed_args: not used.
    'argument "-" with mode %r',
    "can't open '%(filename)s': %(error)s",
    "unexpected option string: %s",
    # A command's name is checked against the choices before its parser runs.
    "unknown parser %(parser_name)r (choices: %(choices)s)",
}


def _argparse_messages() -> set[str]:
    """Every string argparse passes to its `_` or `ngettext`."""
    tree = ast.parse(Path(argparse.__file__).read_text("utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") in ("_", "ngettext"):
            for arg in node.args:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    found.add(arg.value)
    return found


def test_the_catalogue_translates_every_argparse_message_a_user_can_meet() -> None:
    english = {
        text for key, text in i18n.catalogue("en").items() if key.startswith(parser_language.PREFIX)
    }
    messages = _argparse_messages()
    assert english <= messages  # verbatim: that is how a message is found
    assert messages - english == NOT_SHOWN


def test_argparse_messages_follow_the_language() -> None:
    parser_language.install()
    i18n.set_language("zh_CN")
    assert argparse._("usage: ") == "用法："  # type: ignore[attr-defined]
    assert argparse.ngettext("expected %s argument", "expected %s arguments", 2) == (  # type: ignore[attr-defined]
        "需要给出 %s 个值"
    )
    assert argparse._("not a message") == "not a message"  # type: ignore[attr-defined]
    i18n.set_language("en")
    assert argparse._("usage: ") == "usage: "  # type: ignore[attr-defined]
    assert argparse.ngettext("expected %s argument", "expected %s arguments", 1) == (  # type: ignore[attr-defined]
        "expected %s argument"
    )


def test_chinese_text_wraps_by_its_width_on_the_terminal() -> None:
    text = "把备份恢复密钥单写到这个文件（FILE.pdf），打印后放入保险柜，用 --recovery-key 恢复"
    lines = wrap(text, 20)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert all(width(line) <= 20 for line in lines)
    assert max(width(line) for line in lines) >= 18  # lines are filled, not cut short
    assert not any(line[0] in "，。）、" for line in lines)
    assert "--recovery-key" in " ".join(lines).split()  # an option is never split
    assert wrap("一二三 abc", 6) == ["一二三", "abc"]


def _parsers(parser: argparse.ArgumentParser) -> Iterator[argparse.ArgumentParser]:
    yield parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                yield from _parsers(child)


def test_every_chinese_help_fits_an_80_column_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    i18n.set_language("zh_CN")
    helps = [p.format_help() for p in _parsers(main.build_parser())]
    assert len(helps) > 30
    for text in helps:
        assert text.startswith("用法：ncms")
        for line in text.splitlines():
            assert width(line) <= 78, line


def test_usage_lines_line_up_under_the_chinese_prefix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    i18n.set_language("zh_CN")
    serve = next(p for p in _parsers(main.build_parser()) if p.prog == "ncms serve")
    first, second = serve.format_usage().splitlines()[:2]
    # On screen the second line starts under the first option: 用法：ncms serve [-h]
    assert width(first[: first.index("[")]) == len(second) - len(second.lstrip())


def test_an_error_is_one_line_in_the_language(capsys: pytest.CaptureFixture[str]) -> None:
    i18n.set_language("zh_CN")
    with pytest.raises(SystemExit) as exited:
        main.build_parser().parse_args(["backup"])
    assert exited.value.code == 2
    assert capsys.readouterr().err == "ncms backup: 错误：必须给出 --out --auto 中的一个\n"


@pytest.mark.parametrize(
    ("arguments", "language"),
    [
        (["gui", "--lang", "en", "--help"], "en"),
        (["--data-dir", "/srv/ncms", "gui", "--lang=zh_CN"], "zh_CN"),
        (["--data", "gui", "users", "list", "--lang", "en"], None),  # a folder named gui
        (["--data", "gui", "--db=x", "gui", "--lang", "en"], "en"),
        (["--data-dir=/srv", "--db", "sqlite://", "gui", "--lang", "en"], "en"),
        (["gui", "--la", "en"], "en"),  # argparse takes an abbreviation too
        (["gui", "--lang", "en", "--lang", "zh_CN"], "zh_CN"),  # the last one counts
        (["gui", "--lang", "fr", "--help"], None),  # argparse refuses it
        (["gui", "--lang"], None),
        (["gui", "--help"], None),
        (["users", "list"], None),
        (["backup", "--out", "gui", "--lang", "en"], None),  # only gui has --lang
        ([], None),
    ],
)
def test_the_language_gui_asks_for_is_read_before_the_parser(
    arguments: list[str], language: str | None
) -> None:
    assert chosen_language(arguments, main.GLOBAL_OPTIONS) == language


def test_gui_help_is_in_the_language_of_its_lang_option(
    capsys: pytest.CaptureFixture[str],
) -> None:
    i18n.set_language("zh_CN")  # as NCMS_LANG would
    typed = ["gui", "--lang", "en", "--help"]
    with pytest.raises(SystemExit):
        main.build_parser(typed).parse_args(typed)
    shown = capsys.readouterr().out
    assert shown.startswith("usage: ncms gui ") and "\noptions:\n" in shown


def test_chinese_headings_end_with_the_full_width_colon(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    i18n.set_language("zh_CN")
    helps = [p.format_help() for p in _parsers(main.build_parser())]
    headings = [line for text in helps for line in text.splitlines() if line.endswith(("：", ":"))]
    assert "选项：" in headings and "位置参数：" in headings
    assert [line for line in headings if line.endswith(":")] == []
