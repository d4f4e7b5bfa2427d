"""The quarter summary workbook: figures that add up, the formats a county expects
of a sheet it will print, and a public list without a whole ID number."""

from __future__ import annotations

import re
import uuid
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import select

from app.certificates.issued import CertifiedDisease, IssuedCertificate
from app.db.models import Application
from app.examination.examination import ExaminationService
from app.intake.applications import ApplicationService
from app.printing.printouts import Office, RosterLine
from app.printing.summary import Counts, DiseaseRow, QuarterSummary, SummaryService, VillageRow
from app.printing.summary_workbook import SHEETS, write_summary
from tests.app.helpers import CLERK, HEAD, applicant, complete
from tests.app.printing.helpers import FORMULA_PREFIXES, hostile, live_cells, text_values, waiting
from tests.app.sync.helpers import Side
from tests.conftest import TODAY

FULL_ID = re.compile(r"\d{17}[\dX]")


def _rows(sheet: Worksheet) -> list[tuple[object, ...]]:
    return list(sheet.iter_rows(min_row=3, values_only=True))


def _workbook(station: Side, tmp_path: Path) -> Path:
    waiting(station)  # received, not yet examined
    service = ApplicationService(station.db, today=lambda: TODAY)
    ref = service.receive(
        CLERK, service.save_draft(CLERK, complete(["DM"], person=applicant(41))).id
    )
    ExaminationService(station.db).return_application(HEAD, ref.id, ["诊断证明非县级医院出具"])
    with station.db.reader() as session:
        (quarter,) = set(session.scalars(select(Application.quarter)))
    out = tmp_path / "summary.xlsx"
    write_summary(SummaryService(station.db, today=lambda: TODAY).quarter(quarter), out)
    return out


def test_figures_by_disease_and_village_add_up(station: Side, tmp_path: Path) -> None:
    book = load_workbook(_workbook(station, tmp_path))
    assert book.sheetnames == list(SHEETS)
    header = [c.value for c in book["按病种"][2]]
    column = {name: header.index(name) for name in header}
    *diseases, total = _rows(book["按病种"])
    assert total[0] == "合计"
    for name in ("受理", "初审通过", "退回", "认定通过", "不予认定"):
        assert total[column[name]] == sum(int(row[column[name]]) for row in diseases)  # type: ignore[call-overload]
    # Five files: three through the county (one rejected), one waiting, one returned.
    assert total[column["受理"]] == 5 and total[column["初审通过"]] == 3
    assert total[column["退回"]] == 1
    assert (total[column["认定通过"]], total[column["不予认定"]]) == (2, 1)
    assert total[column["通过率"]] == 2 / 3
    *villages, village_total = _rows(book["按村"])
    assert village_total[0] == "合计" and village_total[3] == 5  # 受理, one per file
    assert sum(int(row[3]) for row in villages) == 5  # type: ignore[call-overload]


def test_sheets_are_formatted_for_printing(station: Side, tmp_path: Path) -> None:
    book = load_workbook(_workbook(station, tmp_path))
    for sheet in book:
        assert sheet.freeze_panes == "A3"
        assert sheet.print_title_rows == "$2:$2"  # the header repeats on every page
        assert sheet.page_setup.orientation == "landscape"
        assert str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4
        assert sheet["A2"].font.bold and sheet["A2"].fill.fgColor.rgb.endswith("DDEBF7")
        assert sheet.column_dimensions["A"].width > 5
    by_disease = book["按病种"]
    last = by_disease.max_row
    rate = next(c for c in by_disease[2] if c.value == "通过率").column_letter
    assert by_disease[f"{rate}{last}"].number_format == "0.0%"
    assert by_disease[f"A{last}"].font.bold  # the total line stands out
    roster = book["花名册"]
    id_column = next(c for c in roster[2] if c.value == "身份证号").column_letter
    assert roster[f"{id_column}3"].number_format == "@"  # never shown as 4.1E+17


def test_the_public_list_sheet_masks_every_id_number(station: Side, tmp_path: Path) -> None:
    book = load_workbook(_workbook(station, tmp_path))
    public = _rows(book["公示名单"])
    assert len(public) == 2
    for row in public:
        assert all(FULL_ID.search(str(value)) is None for value in row)
        assert re.fullmatch(r"\d{6}\*{8}[\dX]{4}", str(row[3]))
    roster_ids = [row[6] for row in _rows(book["花名册"]) if row[2]]
    assert roster_ids and all(FULL_ID.fullmatch(str(i)) for i in roster_ids)


_COUNTS = Counts(new=1, received=1, accepted=1, approved=1)
_ROSTER_LINE = RosterLine(
    "S001-2026-000001", "王秀英", "女", 74, "410523195203150013", "东街村", "新申请",
    "汤阴县人民医院", "HTN", "高血压病",
)  # fmt: skip
_PUBLIC_LINE = IssuedCertificate(
    uuid.uuid4(), "C41052027000001", "S001-2026-000001", "王秀英", "F", "410523195203150013",
    "东街村", "宜沟镇", (CertifiedDisease("HTN", "高血压病", "B", None),), date(2027, 1, 1), None,
    date(2026, 12, 20), "汤阴县合管中心", "", 0, False,
)  # fmt: skip
_SUMMARY = QuarterSummary(
    "2026Q4",
    Office("宜沟镇合管站", "S001", "0372-6221234", "宜沟镇政府院内"),
    [DiseaseRow("HTN", "高血压病", "B", _COUNTS)],
    [VillageRow("东街村", _COUNTS)],
    [_ROSTER_LINE],
    [_PUBLIC_LINE],
)


@pytest.mark.parametrize("prefix", FORMULA_PREFIXES, ids=repr)
def test_summary_text_from_packages_is_never_a_formula(tmp_path: Path, prefix: str) -> None:
    # Names and villages come from the stations' packages, the office name from setup.
    text = f"{prefix}2+3"
    shown = text.replace("\r", "\n")  # how any XML reader reads a CR back
    out = tmp_path / "summary.xlsx"
    write_summary(hostile(_SUMMARY, text), out)
    assert live_cells(out) == []
    values = text_values(out)
    assert shown in values and f"{shown} {shown} 慢性病认定申请花名册" in values
    assert f"小计：{shown}" in values
