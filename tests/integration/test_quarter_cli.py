"""A whole quarter scripted through `ncms`: the station makes its batch from the
command line, the package goes to the county and its decisions come back, the
certificates print and verify; and the same in the training folder, where the
training county's committee decides by itself and the certificate says it is
practice."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from sqlalchemy import Select, select

from app.db.database import open_database
from app.db.models import Application, Certificate, Person
from app.paths import DataPaths
from tests.integration.cli import ncms, ok, station_and_county


def _approve_all(sheet_path: Path) -> int:
    book = load_workbook(sheet_path)
    sheet = book["评审议程"]
    header = [c.value for c in sheet[2]]
    conclusion, first, second = (header.index(n) + 1 for n in ("结论", "专家一", "专家二"))
    for row in range(3, sheet.max_row + 1):
        sheet.cell(row, conclusion, "通过")
        sheet.cell(row, first, "张医生")
        sheet.cell(row, second, "李医生")
    book.save(sheet_path)
    return sheet.max_row - 2


def test_station_to_county_and_back_with_the_batch_made_on_the_command_line(
    tmp_path: Path,
) -> None:
    station, county = tmp_path / "station", tmp_path / "county"
    station_and_county(tmp_path, station, county)
    ok(ncms(station, "demo", "--applications", "80", "--seed", "5"))

    out = ok(ncms(station, "batch"))
    lines = out.splitlines()
    assert lines[0].startswith("Batch S001-") and "ready to send" in lines[0]
    assert lines[1] == "By declared disease:" and len(lines) > 2
    assert "Hypertension" in out or "Diabetes" in out  # names, in the chosen language
    again = ncms(station, "batch")
    assert again.returncode == 1 and "No accepted application" in again.stderr
    bad = ncms(station, "batch", "--quarter", "2026Q5")
    assert bad.returncode == 2 and "2026Q5" in bad.stderr  # refused as the line is read

    up, down = tmp_path / "up.ncmspkg", tmp_path / "down.ncmspkg"
    assert "marked as sent" in ok(ncms(station, "export", "--out", str(up)))
    ok(ncms(county, "import", str(up)))
    agenda = tmp_path / "agenda.xlsx"
    ok(ncms(county, "review", "agenda", "--out", str(agenda)))
    assert _approve_all(agenda) > 0
    decided = ok(ncms(county, "review", "decisions", str(agenda)))
    numbers = [line.strip() for line in decided.splitlines() if line.startswith("  C4105")]
    assert numbers
    ok(ncms(county, "export", "--station", "S001", "--out", str(down)))
    ok(ncms(station, "import", str(down)))

    printed = ok(ncms(station, "certificates", "--out", str(tmp_path / "c.pdf")))
    assert f"{len(numbers)} certificate(s)" in printed
    checked = ncms(station, "certificates", "verify", _seal_of(station, numbers[0]))
    assert checked.stdout.startswith(("VALID: ", "NOT YET VALID: ")), checked.stdout
    assert "TRAINING" not in checked.stdout
    holder = _holder_of(station, numbers[0])
    handed = ok(ncms(station, "certificates", "hand-out", numbers[0], "--to", "applicant",
                      "--id-number", holder))  # fmt: skip
    assert handed.startswith(f"Certificate {numbers[0]} handed out on ")
    again = ncms(station, "certificates", "hand-out", numbers[0], "--to", "applicant",
                 "--id-number", holder)  # fmt: skip
    assert again.returncode == 1 and "was handed out on" in again.stderr
    stranger = ncms(station, "certificates", "hand-out", numbers[1], "--to", "agent",
                    "--id-number", holder)  # fmt: skip
    assert stranger.returncode == 1 and "name:" in stranger.stderr and "reason:" in stranger.stderr
    stamp = tmp_path / "stamp.pdf"
    reviewed = ok(ncms(station, "certificates", "annual-review", numbers[0], "--result", "合格",
                        "--print", str(stamp)))  # fmt: skip
    assert "annual review recorded (box 1)" in reviewed and stamp.stat().st_size > 0
    at_station = ncms(station, "certificates", "revoke", numbers[0], "--reason", "moved away")
    assert at_station.returncode == 1 and "Only the county revokes" in at_station.stderr
    _renew(station, numbers[1], tmp_path)
    answered = _file_with_the_national_platform(county, tmp_path, len(numbers))
    _lose_and_replace(station, county, tmp_path, _certificate_of(county, answered))


def _file_with_the_national_platform(county: Path, tmp_path: Path, certificates: int) -> str:
    """The county maps its hospitals, sends the certificates in effect, and records
    the platform's reply, all from the command line; the person number of one
    registration the platform answered and still in effect."""
    out, jsonl = tmp_path / "national.xlsx", tmp_path / "national.jsonl"
    unset = ncms(county, "national", "export", "--out", str(out))
    assert unset.returncode == 1 and "--area" in unset.stderr and not out.exists()
    listed = ok(ncms(county, "national", "codes")).splitlines()
    hospitals = [line.split("\t")[1] for line in listed if line.startswith("hospital\t")]
    assert hospitals and all("not mapped" in line for line in listed if "hospital\t" in line)
    mapped = [f"{code}=H{code[1:7]}{int(code[7:]):05d}" for code in hospitals]
    ok(ncms(county, "national", "codes", *(a for m in mapped for a in ("--hospital", m))))
    sent = ok(
        ncms(
            county,
            "national",
            "export",
            "--out",
            str(out),
            "--jsonl",
            str(jsonl),
            "--area",
            "410523",
        )
    )
    lines = [json.loads(line) for line in jsonl.read_text("utf-8").splitlines()]
    assert sent.startswith(f"Sent {len(lines)} registrations and 0 revocations")
    held = sent.count("\n  ")  # one line each, naming what it lacks
    assert lines and len(lines) + held >= certificates
    assert {line["input"]["data"]["insu_optins"] for line in lines} == {"410523"}
    status = ok(ncms(county, "national", "status")).splitlines()
    assert f"sent, awaiting the platform's reply\t{len(lines)}" in status
    reply = tmp_path / "reply.jsonl"
    reply.write_text(
        "".join(
            json.dumps({**_key(line), "trt_dcla_detl_sn": f"SN{n}"}) + "\n"
            for n, line in enumerate(lines)
        ),
        "utf-8",
    )
    assert ok(ncms(county, "national", "import-reply", str(reply))).startswith(
        f"Recorded {len(lines)} serials from the platform (0 already held)"
    )
    assert ok(ncms(county, "national", "import-reply", str(reply))).startswith(
        f"Recorded 0 serials from the platform ({len(lines)} already held)"
    )
    # A certificate ended early: its registration is revoked with the serial it got.
    first = lines[0]["input"]["data"]
    number = _certificate_of(county, first["psn_no"])
    revoked = ok(ncms(county, "certificates", "revoke", number, "--reason", "moved away"))
    assert revoked.startswith(f"Certificate {number} revoked on ")
    again_out, again_jsonl = tmp_path / "again.xlsx", tmp_path / "again.jsonl"
    ok(ncms(county, "national", "export", "--out", str(again_out), "--jsonl", str(again_jsonl)))
    revocations = [json.loads(x) for x in again_jsonl.read_text("utf-8").splitlines()]
    assert [r["infno"] for r in revocations] == ["2504"] * len(revocations) and revocations
    assert revocations[0]["input"]["data"]["trt_dcla_detl_sn"].startswith("SN")
    assert revocations[0]["input"]["data"]["memo"] == "moved away"
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"psn_no": "1", "opsp_dise_code": "M03900", "trt_dcla_detl_sn": "a b"}\n')
    refused = ncms(county, "national", "import-reply", str(bad))
    assert refused.returncode == 1 and "bad.jsonl:1" in refused.stderr
    assert "Traceback" not in refused.stderr
    return str(lines[-1]["input"]["data"]["psn_no"])


def _renew(station: Path, number: str, tmp_path: Path) -> None:
    """The renewal list (none due yet: the certificates run for years) and a renewal
    started from one certificate, prefilled."""
    out = tmp_path / "renewals.xlsx"
    listed = ok(ncms(station, "renewals", "--out", str(out)))
    assert "ending within 60 days" in listed and out.stat().st_size > 0
    bad = ncms(station, "renewals", "--days", "0")
    assert bad.returncode == 1 and "between 1 and 366" in bad.stderr
    started = ok(ncms(station, "renewals", "start", number))
    assert started.startswith("Renewal application S001-") and number in started
    again = ncms(station, "renewals", "start", number)
    assert again.returncode == 1 and "already being renewed" in again.stderr


def _lose_and_replace(station: Path, county: Path, tmp_path: Path, number: str) -> None:
    """A card reported damaged at the station is replaced at the county under a new
    number: nothing more for the national platform (the registration goes on), and
    the old card's code reads as revoked wherever the county's list has reached."""
    reported = ok(ncms(station, "certificates", "report-lost", number, "--cause", "damaged"))
    assert reported.startswith(f"Certificate {number} reported lost on ")
    up = tmp_path / "up-loss.ncmspkg"
    ok(ncms(station, "export", "--out", str(up)))
    ok(ncms(county, "import", str(up)))
    replaced = ok(ncms(county, "certificates", "replace", number))
    assert (
        replaced.startswith("Certificate ") and f"replaces {number}, which is revoked" in replaced
    )
    after = ok(ncms(county, "national", "export", "--out", str(tmp_path / "after-loss.xlsx")))
    assert after.startswith("Sent 0 registrations and 0 revocations"), after
    listed = tmp_path / "revocations.json"
    ok(ncms(county, "certificates", "revocations", "--out", str(listed)))
    seal = _seal_of(station, number)
    before = ncms(station, "certificates", "verify", seal)
    assert "REVOKED" not in before.stdout and "revocation list no. " in before.stdout
    checked = ncms(station, "certificates", "verify", seal, "--revocations", str(listed))
    assert checked.returncode == 1 and checked.stdout.startswith("REVOKED: "), checked.stdout
    assert "Traceback" not in checked.stderr


def _certificate_of(data: Path, psn_no: str) -> str:
    found = (
        select(Certificate.number)
        .join(Application, Application.id == Certificate.application_id)
        .join(Person, Person.id == Application.person_id)
        .where(Person.psn_no == psn_no)
    )
    return _read(data, found)


def _key(line: dict[str, Any]) -> dict[str, str]:
    data = line["input"]["data"]
    return {"psn_no": data["psn_no"], "opsp_dise_code": data["opsp_dise_code"]}


def _read(data: Path, query: Select[tuple[str]]) -> str:
    """The one value `query` finds in the installation at `data`."""
    db = open_database(DataPaths(data))
    try:
        with db.reader() as session:
            return session.scalars(query).one()
    finally:
        db.close()


def _holder_of(data: Path, number: str) -> str:
    """The ID number of the certificate's applicant, as the card they show gives it."""
    held = (
        select(Person.id_number)
        .join(Application, Application.person_id == Person.id)
        .join(Certificate, Certificate.application_id == Application.id)
        .where(Certificate.number == number)
    )
    return _read(data, held)


def _seal_of(data: Path, number: str) -> str:
    return _read(data, select(Certificate.seal).where(Certificate.number == number))


def test_a_quarter_in_the_training_folder(tmp_path: Path) -> None:
    data = tmp_path / "data"
    ready = ok(ncms(data, "training", "start", "--applications", "60"))
    assert "training-head" in ready and "data-training" in ready
    station = tmp_path / "data-training" / "station"
    # The training station is an ordinary installation: every command works on it,
    # with no passphrase for its practice keys.
    made = ok(ncms(station, "batch", NCMS_SECRET_PASSPHRASE=""))
    assert made.startswith("Batch S001-")

    up, down = tmp_path / "up.ncmspkg", tmp_path / "answer.ncmspkg"
    ok(ncms(station, "export", "--out", str(up), NCMS_SECRET_PASSPHRASE=""))
    answered = ok(ncms(data, "training", "county", str(up), "--out", str(down)))
    assert answered.startswith("Training county PX4105 imported the package")
    certificates = [line.strip() for line in answered.splitlines() if line.startswith("  PX")]
    assert certificates
    assert "Applied package" in ok(ncms(station, "import", str(down)))

    pdf = tmp_path / "practice.pdf"
    ok(
        ncms(
            station,
            "certificates",
            "--application",
            *_applications(station, certificates[:1]),
            "--out",
            str(pdf),
        )
    )
    checked = ncms(station, "certificates", "verify", _seal_of(station, certificates[0]))
    # Genuine practice: said so, and no script takes it for a real certificate.
    assert checked.returncode == 1
    assert checked.stdout.startswith("TRAINING CERTIFICATE"), checked.stdout
    assert certificates[0] in checked.stdout

    refused = ncms(data, "training", "start-over")
    assert refused.returncode == 1 and "--yes" in refused.stderr and station.exists()
    ok(ncms(data, "training", "start-over", "--yes"))
    assert not (tmp_path / "data-training").exists()
    missing = ncms(data, "training", "county", str(up), "--out", str(down))
    assert missing.returncode == 1 and "ncms training start" in missing.stderr


def _applications(data: Path, numbers: list[str]) -> list[str]:
    db = open_database(DataPaths(data))
    try:
        with db.reader() as session:
            return list(
                session.scalars(
                    select(Application.number)
                    .join(Certificate, Certificate.application_id == Application.id)
                    .where(Certificate.number.in_(numbers))
                )
            )
    finally:
        db.close()
