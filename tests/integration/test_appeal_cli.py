"""An appeal from the command line, as a script at the station would record it: the
committee rejects a file on its sheet, the station records the applicant's appeal with
a new document, and the county's next agenda carries it, marked as an appeal."""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import load_workbook
from PIL import Image

from tests.integration.cli import ncms, ok, station_and_county

REASON = "诊断依据不足，不符合准入标准"


def _decide(sheet_path: Path) -> str:
    """The first case rejected, every other approved; the rejected application's number."""
    book = load_workbook(sheet_path)
    sheet = book["评审议程"]
    header = [c.value for c in sheet[2]]
    number, conclusion, reasons, first, second = (
        header.index(n) + 1 for n in ("申请编号", "结论", "理由", "专家一", "专家二")
    )
    for row in range(3, sheet.max_row + 1):
        sheet.cell(row, conclusion, "不通过" if row == 3 else "通过")
        sheet.cell(row, reasons, REASON if row == 3 else None)
        sheet.cell(row, first, "张医生")
        sheet.cell(row, second, "李医生")
    book.save(sheet_path)
    rejected = sheet.cell(3, number).value
    assert isinstance(rejected, str)
    return rejected


def _agenda_rows(county: Path, out: Path) -> list[dict[str, object]]:
    """The county's agenda now, written to `out`: its rows by column name."""
    ok(ncms(county, "review", "agenda", "--out", str(out)))
    sheet = load_workbook(out)["评审议程"]
    header = [c.value for c in sheet[2]]
    return [
        dict(zip(header, (c.value for c in sheet[row]), strict=False))
        for row in range(3, sheet.max_row + 1)
    ]


def test_a_rejection_appealed_from_the_command_line_goes_back_on_the_agenda(
    tmp_path: Path,
) -> None:
    station, county = tmp_path / "station", tmp_path / "county"
    station_and_county(tmp_path, station, county)
    ok(ncms(station, "demo", "--applications", "30", "--seed", "5"))
    ok(ncms(station, "batch"))
    ok(ncms(station, "export", "--out", str(tmp_path / "up.ncmspkg")))
    ok(ncms(county, "import", str(tmp_path / "up.ncmspkg")))
    sheet = tmp_path / "agenda.xlsx"
    first_rows = _agenda_rows(county, sheet)
    rejected = _decide(sheet)
    (before,) = [r["文件数"] for r in first_rows if r["申请编号"] == rejected]
    ok(ncms(county, "review", "decisions", str(sheet)))
    ok(ncms(county, "export", "--station", "S001", "--out", str(tmp_path / "down.ncmspkg")))
    ok(ncms(station, "import", str(tmp_path / "down.ncmspkg")))

    scan = tmp_path / "出院记录.png"
    picture = io.BytesIO()
    Image.new("RGB", (800, 600), (200, 200, 190)).save(picture, "PNG")
    scan.write_bytes(picture.getvalue())
    missing = ncms(station, "appeal", rejected, "--reason", "x", "--material", "nope.png")
    assert missing.returncode == 1 and "nope.png: no such file" in missing.stderr
    no_reason = ncms(station, "appeal", rejected)
    assert no_reason.returncode == 2 and "--reason" in no_reason.stderr
    lodged = ok(
        ncms(station, "appeal", rejected, "--reason", "已住院复查", "--reason", "补充出院记录",
             "--material", f"discharge_record={scan}")
    )  # fmt: skip
    assert lodged.startswith(f"Appeal of {rejected} recorded on ") and "1 new documents" in lodged
    again = ncms(station, "appeal", rejected, "--reason", "再次申请")
    assert again.returncode == 1 and "Only a rejected or partly approved" in again.stderr
    assert "Traceback" not in again.stderr + missing.stderr

    ok(ncms(station, "export", "--out", str(tmp_path / "appeal.ncmspkg")))
    imported = ok(ncms(county, "import", str(tmp_path / "appeal.ncmspkg")))
    assert "appeal" in imported, imported
    (row,) = _agenda_rows(county, tmp_path / "agenda2.xlsx")
    assert row["申请编号"] == rejected and str(row["类型"]).endswith("·复核")
    assert row["文件数"] == before + 1  # type: ignore[operator]  # the new discharge record
