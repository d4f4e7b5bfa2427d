"""Which setting wins: the option, then the environment, then what was saved."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app import environment
from app.paths import DataPaths, default_data_dir


@pytest.fixture(autouse=True)
def unset(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        environment.DATA_DIR,
        environment.DB_URL,
        environment.LANGUAGE,
        environment.SECRET_STORE,
    ):
        monkeypatch.delenv(name, raising=False)


def test_data_dir_option_then_environment_then_the_platform(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert environment.data_dir() is None
    assert DataPaths.resolve(None).root == default_data_dir()
    monkeypatch.setenv("NCMS_DATA_DIR", "/env")
    assert environment.data_dir() == Path("/env")
    assert environment.data_dir("/option") == Path("/option")
    assert DataPaths.resolve(None).root == Path("/env")
    assert DataPaths.resolve("/option").root == Path("/option")


def test_db_url_option_then_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    assert environment.db_url() is None
    monkeypatch.setenv("NCMS_DB_URL", "postgresql://env/ncms")
    assert environment.db_url() == "postgresql://env/ncms"
    assert environment.db_url("postgresql://option/ncms") == "postgresql://option/ncms"


def test_an_empty_variable_counts_as_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("NCMS_DATA_DIR", "NCMS_DB_URL", "NCMS_LANG"):
        monkeypatch.setenv(name, "")
    assert environment.data_dir() is None
    assert environment.db_url() is None
    assert environment.language(saved="en") == "en"


def test_language_option_then_environment_then_saved(monkeypatch: pytest.MonkeyPatch) -> None:
    assert environment.language() is None
    assert environment.language(saved="en") == "en"
    monkeypatch.setenv("NCMS_LANG", "zh_CN")
    assert environment.language(saved="en") == "zh_CN"
    assert environment.language("en", saved="zh_CN") == "en"


@pytest.mark.parametrize(("value", "expected"), [("en", "en"), ("xx", "zh_CN"), ("", "zh_CN")])
def test_messages_start_in_the_environments_language(value: str, expected: str) -> None:
    # A fresh interpreter: the language is chosen when app.i18n is first imported.
    started = subprocess.run(
        [sys.executable, "-c", "from app import i18n; print(i18n.current_language())"],
        env={**os.environ, "NCMS_LANG": value},
        capture_output=True,
        text=True,
        check=True,
    )
    assert started.stdout.strip() == expected


def test_secret_store_is_picked_automatically_unless_forced(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert environment.secret_store() == "auto"
    monkeypatch.setenv("NCMS_SECRET_STORE", "file")
    assert environment.secret_store() == "file"


def test_every_ncms_variable_is_read_in_environment_py_only() -> None:
    """One place to look for what the environment can change, secrets included."""
    root = Path(__file__).resolve().parents[2]
    readers = sorted(
        str(path.relative_to(root))
        for folder in ("app", "ui")
        for path in (root / folder).rglob("*.py")
        if "os.environ" in path.read_text("utf-8") or "getenv(" in path.read_text("utf-8")
    )
    assert readers == ["app/environment.py"]


def test_a_secret_is_read_when_asked_and_an_empty_one_is_not_given(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NCMS_SYNC_TOKEN", "")
    assert environment.sync_token() is None
    monkeypatch.setenv("NCMS_SYNC_TOKEN", "S001.abc")
    assert environment.sync_token() == "S001.abc"
    monkeypatch.setenv("NCMS_ADMIN_PASSWORD", "pw")
    monkeypatch.setenv("NCMS_PASSWORD", "new")
    monkeypatch.setenv("NCMS_SECRET_PASSPHRASE", "phrase")
    assert (environment.admin_password(), environment.new_password()) == ("pw", "new")
    assert environment.secret_passphrase() == "phrase"
