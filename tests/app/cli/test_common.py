from __future__ import annotations

import argparse
import io

import pytest

from app.cli import common
from app.errors import ValidationError


def test_the_database_url_option_wins_over_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NCMS_DB_URL", "postgresql://env/db")
    assert common.db_url(argparse.Namespace(db=None)) == "postgresql://env/db"
    assert common.db_url(argparse.Namespace(db="postgresql://opt/db")) == "postgresql://opt/db"
    monkeypatch.delenv("NCMS_DB_URL")
    assert common.db_url(argparse.Namespace(db=None)) is None


def test_data_paths_come_from_the_option_else_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: object
) -> None:
    monkeypatch.setenv("NCMS_DATA_DIR", "/from/env")
    assert str(common.data_paths(argparse.Namespace(data_dir=None)).root) == "/from/env"
    assert str(common.data_paths(argparse.Namespace(data_dir="/opt")).root) == "/opt"


def test_password_from_the_environment_or_refused_without_a_terminal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NCMS_PASSWORD", "from-env-1")
    assert common.password("Password") == "from-env-1"
    monkeypatch.delenv("NCMS_PASSWORD")
    monkeypatch.setattr("sys.stdin", io.StringIO())
    with pytest.raises(ValidationError) as refused:
        common.password("Password")
    assert [p.field for p in refused.value.problems] == ["password"]


def test_progress_draws_only_on_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    progress = common.Progress("export")
    assert not progress.tty  # pytest captures stderr
    progress(1, 2)
    assert capsys.readouterr().err == ""
    progress.tty = True
    progress(1, 2)
    progress(2, 2)
    assert capsys.readouterr().err == "\rexport: 1/2 (50%)\rexport: 2/2 (100%)\n"


def test_counts_leave_out_zeros() -> None:
    assert common.counts({"applications": 2, "documents": 0, "persons": 1}) == (
        "2 applications, 1 persons"
    )
    assert common.counts({"applications": 0}) == "nothing new"
