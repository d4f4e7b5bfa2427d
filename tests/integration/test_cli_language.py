"""Every line a typical session prints is in the language chosen (NCMS_LANG, default
Chinese): an IT person reading Chinese never meets a line only in English."""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import main
from tests.integration.cli import cli_env, ncms

HAN = re.compile(r"[\u4e00-\u9fff]")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
# Data the commands echo back whatever the language: names given to them.
STATION_NAME = "宜沟镇合管站"
DISPLAY_NAME = "王会计"


def _session(data: Path, tmp: Path, language: str | None) -> list[str]:
    env = cli_env()
    del env["NCMS_LANG"]
    if language:
        env["NCMS_LANG"] = language
    steps = [
        ("init", "station", "--code", "S001", "--name", STATION_NAME, "--county", "C4105"),
        ("users", "add", "clerk1", "--role", "clerk", "--display-name", DISPLAY_NAME),
        ("demo", "--applications", "12", "--seed", "2"),
        ("verify",),
        ("backup", "--out", str(tmp / "station.ncmsbak")),
    ]
    lines = []
    for step in steps:
        result = ncms(data, *step, env=env)
        assert result.returncode == 0, (step, result.stderr)
        lines += (result.stdout + result.stderr).splitlines()
    # The recovery key itself is data, not a sentence.
    return [line for line in lines if line.strip() and not line.startswith("AGE-SECRET-KEY-1")]


@pytest.mark.parametrize("language", ["zh_CN"])
def test_chinese_session_has_no_english_only_line(tmp_path: Path, language: str | None) -> None:
    lines = _session(tmp_path / "station", tmp_path, language)
    english_only = [line for line in lines if LATIN_WORD.search(line) and not HAN.search(line)]
    assert english_only == []
    assert any(line.startswith("正常：") for line in lines)  # verify's OK line


def test_english_session_has_no_chinese_line(tmp_path: Path) -> None:
    lines = _session(tmp_path / "station", tmp_path, "en")
    chinese = [
        line
        for line in lines
        if HAN.search(line.replace(STATION_NAME, "").replace(DISPLAY_NAME, ""))
    ]
    assert chinese == []
    assert any(line.startswith("OK: ") for line in lines)


# `ncms --help` and argparse's own messages (app/cli/parser_language.py), from the
# installed `ncms` command as a user starts it: empty home, no input, NCMS_LANG unset.
# Words the Chinese help keeps: option names, placeholders and variables in capitals
# (DATA_DIR, NCMS_DB_URL), the commands, and a product's name.
KEPT = re.compile(r"--?[a-z][\w-]*|\b[A-Z][A-Z0-9_]*\b|\bPostgreSQL\b")


def _installed_ncms(*args: str, language: str | None = None) -> subprocess.CompletedProcess[str]:
    script = Path(sys.executable).with_name("ncms")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "ui.launcher"]
    env = cli_env(COLUMNS="80")
    del env["NCMS_LANG"]
    if language:
        env["NCMS_LANG"] = language
    return subprocess.run(
        [*command, *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def _english_words(text: str) -> list[str]:
    commands = {"ncms"}
    parsers = [main.build_parser()]
    while parsers:
        for action in parsers.pop()._actions:
            if isinstance(action, argparse._SubParsersAction):
                commands |= set(action.choices)
                parsers += action.choices.values()
    words = LATIN_WORD.findall(KEPT.sub(" ", text))
    return [word for word in words if word not in commands]


@pytest.mark.parametrize("command", [["--help"], ["demo", "--help"]])
def test_help_is_chinese_by_default(command: list[str]) -> None:
    shown = _installed_ncms(*command)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.startswith("用法：ncms ")
    assert "\n选项：\n" in shown.stdout and "显示本帮助并退出" in shown.stdout
    # Headings end with the full-width colon, as Chinese punctuation does.
    assert not [line for line in shown.stdout.splitlines() if line.endswith(":")]
    assert _english_words(shown.stdout) == []


@pytest.mark.parametrize(
    ("environment", "command", "first", "heading"),
    [
        (None, ["gui", "--lang", "en", "--help"], "usage: ncms gui ", "\noptions:\n"),
        ("zh_CN", ["gui", "--lang=en", "--help"], "usage: ncms gui ", "\noptions:\n"),
        ("en", ["gui", "--help", "--lang", "zh_CN"], "用法：ncms gui ", "\n选项：\n"),
    ],
)
def test_gui_help_speaks_the_language_its_lang_option_asks_for(
    environment: str | None, command: list[str], first: str, heading: str
) -> None:
    shown = _installed_ncms(*command, language=environment)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.startswith(first) and heading in shown.stdout


@pytest.mark.parametrize(
    ("command", "said"),
    [
        (["batch", "--quarter", "nonsense"], "ncms batch: 错误：参数 --quarter："),
        (["nonsense"], "ncms: 错误：参数 COMMAND：无效的选择 'nonsense'（可选："),
        (["backup"], "ncms backup: 错误：必须给出 --out --auto 中的一个"),
    ],
)
def test_a_mistyped_command_line_is_one_chinese_line(command: list[str], said: str) -> None:
    refused = _installed_ncms(*command)
    assert refused.returncode == 2
    assert refused.stdout == ""
    assert len(refused.stderr.splitlines()) == 1 and refused.stderr.startswith(said)
    # What the user typed is quoted back as typed; the rest is Chinese.
    assert _english_words(re.sub(r"'[^']*'|“[^”]*”", " ", refused.stderr)) == []


@pytest.mark.parametrize("command", [["--help"], ["demo", "--help"], ["peers", "token", "--help"]])
def test_english_help_is_argparse_english(
    command: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shown = _installed_ncms(*command, language="en")
    assert shown.returncode == 0, shown.stderr
    monkeypatch.setenv("COLUMNS", "80")
    with pytest.raises(SystemExit):
        main.build_parser().parse_args(command)  # the tests' language is English
    assert shown.stdout == capsys.readouterr().out
    assert shown.stdout.startswith("usage: ncms ") and "\noptions:\n" in shown.stdout
    assert "show this help message and exit" in shown.stdout
    assert not HAN.search(shown.stdout)
