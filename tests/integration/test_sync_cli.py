"""The whole round trip through `ncms`, as two offices would run it with a USB stick:
identities, demo data, export, county import, agenda, the committee's sheet,
decisions, county export, station import, certificates ready to print."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from app.db.database import open_database
from app.db.models import Application, Certificate
from app.domain.quarters import quarter_label
from app.paths import DataPaths
from tests.integration.cli import ncms, station_and_county


def _ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture
def offices(tmp_path: Path) -> tuple[Path, Path]:
    station, county = tmp_path / "station", tmp_path / "county"
    station_and_county(tmp_path, station, county)
    return station, county


def _fill(sheet_path: Path, reject_without_reason: bool) -> int:
    book = load_workbook(sheet_path)
    sheet = book["评审议程"]
    header = [c.value for c in sheet[2]]
    conclusion, reasons, first, second = (
        header.index(n) + 1 for n in ("结论", "理由", "专家一", "专家二")
    )
    rows = list(range(3, sheet.max_row + 1))
    for row in rows:
        rejected = row == 3
        sheet.cell(row, conclusion, "不通过" if rejected else "通过")
        if rejected and not reject_without_reason:
            sheet.cell(row, reasons, "病历不能证明为Ⅱ期高血压")
        sheet.cell(row, first, "张医生")
        sheet.cell(row, second, "" if row == 4 and reject_without_reason else "李医生")
    book.save(sheet_path)
    return len(rows)


def test_round_trip_through_the_command_line(offices: tuple[Path, Path], tmp_path: Path) -> None:
    station, county = offices
    _ok(ncms(station, "demo", "--applications", "150", "--seed", "3"))
    stick = tmp_path / "usb"
    stick.mkdir()
    up = stick / "S001-1.ncmspkg"
    out = _ok(ncms(station, "export", "--out", str(up)))
    assert "written and verified" in out and "marked as sent" in out
    assert not list(stick.glob("*.part"))

    out = _ok(ncms(county, "import", str(up)))
    assert out.startswith("Applied package 1 from S001")
    again = _ok(ncms(county, "import", str(up)))
    assert "already applied" in again and "nothing changed" in again

    agenda = tmp_path / "agenda.xlsx"
    out = _ok(ncms(county, "review", "agenda", "--out", str(agenda)))
    cases = _fill(agenda, reject_without_reason=True)
    assert cases > 0 and f"{cases} case(s)" in out

    bad = ncms(county, "review", "decisions", str(agenda))
    assert bad.returncode != 0
    assert "row 3" in bad.stderr and "reason" in bad.stderr  # every problem at once
    assert "row 4" in bad.stderr and "Two experts" in bad.stderr

    _fill(agenda, reject_without_reason=False)
    # A public notice's dates: mistyped, or over already, refused in a sentence with
    # nothing recorded (the numbers below still start at 1).
    mistyped = ncms(county, "review", "decisions", str(agenda), "--notice-from", "2026/12/3")
    assert mistyped.returncode != 0 and "Not a date: 2026/12/3" in mistyped.stderr
    over = ncms(county, "review", "decisions", str(agenda), "--notice-from", "2020-01-06")
    assert over.returncode != 0 and "would be over already" in over.stderr
    assert "Traceback" not in over.stderr + mistyped.stderr
    out = _ok(ncms(county, "review", "decisions", str(agenda)))
    numbers = [line.strip() for line in out.splitlines() if line.startswith("  C4105")]
    assert len(numbers) >= 1
    year_seq = sorted(int(n[-6:]) for n in numbers)
    assert year_seq == list(range(1, len(numbers) + 1))  # no gaps, from 1

    down = stick / "C4105-to-S001-1.ncmspkg"
    _ok(ncms(county, "export", "--station", "S001", "--out", str(down)))
    out = _ok(ncms(station, "import", str(down)))
    assert "decision" in out and "certificate" in out

    db = open_database(DataPaths(station))
    try:
        with db.reader() as session:
            held = {c.number: c for c in session.scalars(select(Certificate))}
            for number in numbers:
                certificate = held[number]
                app = session.get(Application, certificate.application_id)
                assert app is not None and app.state == "certificate_issued"
                assert certificate.valid_from.year == 2027 or certificate.valid_from.year >= 2026
            seal = held[numbers[0]].seal
            first = session.get(Application, held[numbers[0]].application_id)
            assert first is not None and first.quarter is not None
            quarter = quarter_label(first.quarter)
            demo_seal = next(c.seal for c in held.values() if "D" in c.number[-6:])
    finally:
        db.close()

    # The station prints what arrived (the demo's own were printed long ago)...
    pdf = tmp_path / "certificates.pdf"
    out = _ok(ncms(station, "certificates", "--out", str(pdf)))
    assert f"{len(numbers)} certificate(s)" in out
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages).replace(" ", "")
    assert all(number in text for number in numbers)
    again = ncms(station, "certificates", "--out", str(tmp_path / "again.pdf"))
    assert again.returncode != 0 and "No certificate is waiting" in again.stderr
    # ...and anyone with the county's key checks a certificate's QR text offline.
    checked = ncms(station, "certificates", "verify", seal)
    # Genuine; whether it is in force yet depends on today's date against 1 January.
    in_force = checked.returncode == 0 and checked.stdout.startswith("VALID: ")
    waiting = checked.returncode == 1 and checked.stdout.startswith("NOT YET VALID: ")
    assert (in_force or waiting) and f"certificate {numbers[0]}" in checked.stdout
    forged = seal[:-8] + ("AAAAAAAA" if not seal.endswith("AAAAAAAA") else "BBBBBBBB")
    checked = ncms(county, "certificates", "verify", forged)
    assert checked.returncode == 1 and checked.stdout.startswith("TAMPERED")
    # A demo certificate was sealed with a throwaway key: never valid.
    assert ncms(station, "certificates", "verify", demo_seal).stdout.startswith("TAMPERED")

    # The county's quarter workbook lists the new certificates publicly, masked.
    book_path = tmp_path / "summary.xlsx"
    out = _ok(ncms(county, "report", "summary", "--quarter", quarter, "--out", str(book_path)))
    assert f"Quarter summary {quarter}" in out
    public = list(load_workbook(book_path)["公示名单"].iter_rows(min_row=3, values_only=True))
    assert numbers[0] in {r[7] for r in public}
    assert all("*" * 8 in str(r[3]) for r in public)

    assert _ok(ncms(station, "verify")).startswith("OK")
    assert _ok(ncms(county, "verify")).startswith("OK")


def test_a_refused_package_is_one_sentence_and_a_failure(
    offices: tuple[Path, Path], tmp_path: Path
) -> None:
    station, county = offices
    _ok(ncms(station, "demo", "--applications", "40", "--seed", "5"))
    package = tmp_path / "p.ncmspkg"
    _ok(ncms(station, "export", "--out", str(package)))
    half = tmp_path / "half.ncmspkg"
    half.write_bytes(package.read_bytes()[: package.stat().st_size // 2])
    result = ncms(county, "import", str(half))
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "damaged at byte" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.skipif(shutil.which("age") is None, reason="Debian package age not installed")
def test_the_standard_age_tool_opens_a_package(offices: tuple[Path, Path], tmp_path: Path) -> None:
    station, county = offices
    _ok(ncms(station, "demo", "--applications", "30", "--seed", "9"))
    package = tmp_path / "p.ncmspkg"
    _ok(ncms(station, "export", "--out", str(package)))
    identity = tmp_path / "county.agekey"
    _ok(ncms(county, "keys", "age-identity", "--out", str(identity)))
    assert identity.stat().st_mode & 0o077 == 0
    payload = tmp_path / "payload.zip"
    subprocess.run(
        ["age", "--decrypt", "-i", str(identity), "-o", str(payload), str(package)], check=True
    )
    import zipfile

    with zipfile.ZipFile(payload) as archive:
        names = archive.namelist()
    assert "manifest.json" in names and "data/application.jsonl" in names
