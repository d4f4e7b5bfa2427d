"""Every line a typical session prints is in the language chosen (NCMS_LANG, default
Chinese): an IT person reading Chinese never meets a line only in English."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

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
