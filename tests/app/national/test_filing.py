"""The county's records for the national platform, on SQLite and PostgreSQL: each
2503 field taken from the right place, a record missing a required field held back
and named, nothing sent twice, the platform's reply kept on the registration it
answers (and a bad reply refused whole), and a revocation as 2504 once answered."""

from __future__ import annotations

import json
import zipfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from app.db.models import (
    Application,
    AuditEntry,
    Certificate,
    Disease,
    Hospital,
    NationalFiling,
    Person,
)
from app.errors import NcmsError, PermissionDenied, ValidationError
from app.national.codes import NationalCodes
from app.national.files import WAITS_TEXT, missing_text, write_jsonl, write_workbook
from app.national.filing import NationalFilingService
from app.national.owed import Owed
from app.national.records import REGISTRATION_FIELDS, REVOCATION_FIELDS, Registration
from app.national.reply import read_reply
from app.national.status import FilingState, counts, filing_status
from app.review.meeting import MeetingService
from app.review.notice import UPHELD, NoticePeriod, NoticeService, ObjectionEntry
from app.review.register import CertificateRegister
from tests.app.helpers import HEAD, row_counts
from tests.app.review.helpers import Clock, conclude_every_kind
from tests.app.sync.helpers import REVIEWER, County

AREA = "410523"
READY = "S001-2026-000001"  # its applicant's fields are filled in below
LACKING = "S002-2026-000002"  # no person number, no doctor's code


def _certified(county_center: County) -> NationalFilingService:
    """The meeting's two approvals in effect (no public notice), the county's
    hospital and one applicant given what the platform needs."""
    db = county_center.county.db
    meetings = MeetingService(db, today=Clock())
    meetings.close(REVIEWER, conclude_every_kind(meetings).id, county_center.county.keys.signing)
    with db.session() as session:
        app = session.scalars(select(Application).where(Application.number == READY)).one()
        app.doctor_code = "D410523000012"
        app.person.psn_no = "41000012345678901234"
        app.person.address = "河南省汤阴县宜沟镇东街村"
        for hospital in session.scalars(select(Hospital)):
            hospital.national_code = "H4105230" + hospital.code[-4:]
    service = NationalFilingService(db, today=Clock())
    service.set_area(REVIEWER, AREA)
    return service


def _send(service: NationalFilingService, root: Path, **options: Any) -> tuple[Path, Path]:
    root.mkdir(parents=True, exist_ok=True)
    out, jsonl = root / "national.xlsx", root / "national.jsonl"
    service.send(REVIEWER, out, write_workbook, jsonl, write_jsonl, **options)
    return out, jsonl


def _number_of(county_center: County, application: str) -> str:
    with county_center.county.db.reader() as session:
        return session.scalars(
            select(Certificate.number)
            .join(Application, Application.id == Certificate.application_id)
            .where(Application.number == application)
        ).one()


def _lines(jsonl: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in jsonl.read_text("utf-8").splitlines()]


def _sheet(path: Path, name: str) -> list[tuple[Any, ...]]:
    book = load_workbook(path)
    return list(book[name].iter_rows(values_only=True))


def _reply(path: Path, *records: dict[str, str]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    return path


def test_each_2503_field_comes_from_the_file_the_catalogue_and_the_county(
    county_center: County, tmp_path: Path
) -> None:
    service = _certified(county_center)
    db = county_center.county.db
    with db.reader() as session:
        app = session.scalars(select(Application).where(Application.number == READY)).one()
        person = session.get(Person, app.person_id)
        hospital = session.get(Hospital, app.hospital_code)
        htn = session.get(Disease, "HTN")
        certificate = session.scalars(
            select(Certificate).where(Certificate.application_id == app.id)
        ).one()
        assert person is not None and hospital is not None and htn is not None
        expected = {
            "psn_no": "41000012345678901234",
            "insutype": "390",
            "opsp_dise_code": "M03900",
            "opsp_dise_name": htn.national_name,
            "tel": person.phone,
            "addr": "河南省汤阴县宜沟镇东街村",
            "insu_optins": AREA,
            "ide_fixmedins_no": hospital.national_code,
            "ide_fixmedins_name": hospital.name,
            "hosp_ide_date": app.diagnosis_date.isoformat() if app.diagnosis_date else None,
            "diag_dr_codg": "D410523000012",
            "diag_dr_name": app.doctor_name,
            "begndate": certificate.valid_from.isoformat(),
            "enddate": certificate.diseases[0]["valid_until"] or "",
        }
    assert htn.national_name and person.phone and app.doctor_name  # nothing vacuous

    out, jsonl = _send(service, tmp_path / "first")
    (line,) = _lines(jsonl)
    assert line["infno"] == "2503"
    assert list(line["input"]["data"]) == list(REGISTRATION_FIELDS)
    assert line["input"]["data"] == expected

    rows = _sheet(out, "2503 备案")
    header = [str(h).splitlines()[-1] for h in rows[1]]
    assert header[: len(REGISTRATION_FIELDS)] == list(REGISTRATION_FIELDS)
    (row,) = rows[2:]
    assert dict(zip(REGISTRATION_FIELDS, row, strict=False)) == expected
    # The pilot's mark, and whose record it is, after the platform's fields.
    assert row[len(REGISTRATION_FIELDS) :][:2] == ("是", certificate.number)

    # The other approval lacks a person number and a doctor's code: listed, not sent.
    held = _sheet(out, "未导出")[2:]
    (lacking,) = held
    assert (lacking[0], lacking[1]) == ("2503", _number_of(county_center, LACKING))
    assert "人员编号（psn_no）" in lacking[5] and "诊断医师编码（diag_dr_codg）" in lacking[5]
    assert "参保机构医保区划" not in lacking[5]


def test_nothing_is_sent_twice_and_a_record_goes_once_what_it_lacked_is_filled(
    county_center: County, tmp_path: Path
) -> None:
    service = _certified(county_center)
    _send(service, tmp_path / "first")
    _, again = _send(service, tmp_path / "again")
    assert _lines(again) == []  # only the one still held back, in the workbook
    db = county_center.county.db
    with db.session() as session:
        app = session.scalars(select(Application).where(Application.number == LACKING)).one()
        app.doctor_code = "D410523000099"
        app.person.psn_no = "41000099999999999999"
    _, filled = _send(service, tmp_path / "filled")
    assert [line["input"]["data"]["psn_no"] for line in _lines(filled)] == ["41000099999999999999"]
    before = row_counts(db)
    assert service.send(REVIEWER, tmp_path / "none.xlsx", write_workbook).paths == ()
    assert not (tmp_path / "none.xlsx").exists()
    assert row_counts(db) == before
    # Sent and never answered: sent again only when asked.
    _, resent = _send(service, tmp_path / "resent", unanswered=True)
    assert len(_lines(resent)) == 2


def test_the_platform_s_reply_is_kept_and_importing_it_again_changes_nothing(
    county_center: County, tmp_path: Path
) -> None:
    service = _certified(county_center)
    _send(service, tmp_path / "sent")
    reply = _reply(
        tmp_path / "reply.jsonl",
        {"psn_no": "41000012345678901234", "opsp_dise_code": "M03900", "trt_dcla_detl_sn": "SN1"},
        # The platform's own reply shape, about someone this county never sent.
        {"output": {"psn_no": "41009", "opsp_dise_code": "M01600", "trt_dcla_detl_sn": "SN2"}},
    )
    answered = service.record_reply(REVIEWER, read_reply(reply).lines)
    assert (answered.recorded, answered.unchanged) == (1, 0)
    assert [line.line for line in answered.unmatched] == [2]
    db = county_center.county.db
    with db.reader() as session:
        (filing,) = session.scalars(select(NationalFiling))
        assert (filing.serial, filing.answered_at is not None) == ("SN1", True)
    before = row_counts(db)
    again = service.record_reply(REVIEWER, read_reply(reply).lines)
    assert (again.recorded, again.unchanged) == (0, 1)
    assert row_counts(db) == before
    other = _reply(
        tmp_path / "other.jsonl",
        {"psn_no": "41000012345678901234", "opsp_dise_code": "M03900", "trt_dcla_detl_sn": "X9"},
    )
    assert [
        line.psn_no for line in service.record_reply(REVIEWER, read_reply(other).lines).conflicting
    ]
    with db.reader() as session:
        assert session.scalars(select(NationalFiling.serial)).all() == ["SN1"]
    assert counts(filing_status(service))[FilingState.ANSWERED] == 1


@pytest.mark.parametrize(
    ("content", "named"),
    [
        ('{"psn_no": "4100 1", "opsp_dise_code": "M03900", "trt_dcla_detl_sn": "S"}\n', "psn_no"),
        ('{"psn_no": "41001", "opsp_dise_code": "M03900", "trt_dcla_detl_sn": true}\n', "trt_"),
        (
            '{"psn_no": "41001", "opsp_dise_code": "M03900", "trt_dcla_detl_sn": "S"}\n[1]\n',
            "not a",
        ),
        ("psn_no,opsp_dise_code,trt_dcla_detl_sn\n41001,M03900,S;DROP\n", "trt_dcla_detl_sn"),
        ("名字,编号\n王,1\n", "not a reply record"),
    ],
)
def test_a_reply_with_a_bad_line_is_refused_whole_and_names_it(
    tmp_path: Path, content: str, named: str
) -> None:
    """Refused while it is read, before anything is looked up or stored."""
    path = tmp_path / "reply.csv"
    path.write_text(content, "utf-8")
    with pytest.raises(ValidationError) as caught:
        read_reply(path)
    assert named in str(caught.value.problems[0].message) + caught.value.problems[0].field


def test_a_reply_workbook_is_read_by_its_header_and_a_formula_refused(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["平台回复"])
    sheet.append(["人员编号\npsn_no", "opsp_dise_code", "trt_dcla_detl_sn"])
    sheet.append(["41000012345678901234", "M03900", "SN1"])
    book.save(tmp_path / "reply.xlsx")
    (line,) = read_reply(tmp_path / "reply.xlsx").lines
    assert (line.line, line.serial) == (3, "SN1")
    sheet.append(["41009", "M01600", '=HYPERLINK("x")'])
    book.save(tmp_path / "formula.xlsx")
    with pytest.raises(ValidationError, match="formula"):
        read_reply(tmp_path / "formula.xlsx")
    big = tmp_path / "big.jsonl"
    with big.open("wb") as file:
        file.truncate(21 * 1024 * 1024)
    with pytest.raises(NcmsError, match="larger than"):
        read_reply(big)


def test_a_revocation_goes_as_2504_once_the_platform_answered(
    county_center: County, tmp_path: Path
) -> None:
    service = _certified(county_center)
    db = county_center.county.db
    with db.session() as session:
        app = session.scalars(select(Application).where(Application.number == LACKING)).one()
        app.doctor_code, app.person.psn_no = "D410523000099", "41000099999999999999"
    _send(service, tmp_path / "sent")
    reply = _reply(
        tmp_path / "reply.jsonl",
        {"psn_no": "41000012345678901234", "opsp_dise_code": "M03900", "trt_dcla_detl_sn": "SN1"},
    )
    service.record_reply(REVIEWER, read_reply(reply).lines)
    register = CertificateRegister(db, today=Clock())
    numbers = {e.certificate.application_number: e.certificate.number for e in register.entries()}
    register.revoke(REVIEWER, numbers[READY], "持证人死亡")
    register.revoke(REVIEWER, numbers[LACKING], "迁出本县")  # sent, never answered

    out, jsonl = _send(service, tmp_path / "revoked")
    (line,) = _lines(jsonl)
    assert line == {
        "infno": "2504",
        "input": {
            "data": {
                "psn_no": "41000012345678901234",
                "trt_dcla_detl_sn": "SN1",
                "memo": "持证人死亡",
            }
        },
    }
    assert list(line["input"]["data"]) == list(REVOCATION_FIELDS)
    (held,) = _sheet(out, "未导出")[2:]
    assert held[0] == "2504" and "待遇申报明细流水号" in held[5]
    _, again = _send(service, tmp_path / "again")
    assert _lines(again) == []
    states = counts(filing_status(service))
    assert (states[FilingState.REVOCATION_SENT], states[FilingState.HELD_BACK]) == (1, 1)


def test_a_failed_write_marks_nothing_sent_and_leaves_no_file(
    county_center: County, tmp_path: Path
) -> None:
    service = _certified(county_center)
    db = county_center.county.db
    before = row_counts(db)

    def dies_midway(owed: Owed, out: Path) -> None:
        out.write_text("half a file")
        raise OSError("disk full")

    out = tmp_path / "out"
    with pytest.raises(OSError, match="disk full"):
        service.send(REVIEWER, out / "n.xlsx", write_workbook, out / "n.jsonl", dies_midway)
    assert row_counts(db) == before
    assert sorted(p.name for p in out.iterdir()) == []  # not even the finished workbook
    # The next export still sends everything.
    _, jsonl = _send(service, tmp_path / "next")
    assert len(_lines(jsonl)) == 1


def test_the_area_code_is_checked_needed_and_audited(county_center: County, tmp_path: Path) -> None:
    db = county_center.county.db
    service = NationalFilingService(db, today=Clock())
    with pytest.raises(NcmsError, match="area code"):
        service.send(REVIEWER, tmp_path / "n.xlsx", write_workbook)
    with pytest.raises(ValidationError) as caught:
        service.set_area(REVIEWER, "41052")
    assert caught.value.fields() == {"area"}
    service.set_area(REVIEWER, AREA)
    service.set_area(REVIEWER, AREA)
    assert service.area() == AREA
    with db.reader() as session:
        audited = session.scalar(select(func.count()).where(AuditEntry.action == "national.area"))
    assert audited == 1
    with pytest.raises(PermissionDenied):
        service.set_area(HEAD, "410522")  # a station's role
    assert service.area() == AREA


def test_a_station_files_nothing_with_the_platform(county_center: County) -> None:
    station = county_center.stations["S001"]
    with pytest.raises(NcmsError, match="Only the county"):
        NationalFilingService(station.db).owed()


def test_only_certificates_in_effect_are_registered(county_center: County, tmp_path: Path) -> None:
    """On public notice, set aside by an upheld objection, or expired: not registered."""
    db = county_center.county.db
    meetings = MeetingService(db, today=Clock())
    period = NoticePeriod(Clock()(), Clock()() + timedelta(days=6))
    meetings.close(
        REVIEWER, conclude_every_kind(meetings).id, county_center.county.keys.signing, period
    )
    service = NationalFilingService(db, today=Clock())
    service.set_area(REVIEWER, AREA)
    assert service.owed().registrations == ()  # both on notice
    notices = NoticeService(db, today=Clock())
    (notice,) = notices.notices()
    first, second = notices.listed(notice.id)
    objection = notices.record_objection(
        REVIEWER, notice.id, ObjectionEntry(first.number, "村民", "不在本村居住", Clock()())
    )
    notices.decide(REVIEWER, objection.id, UPHELD, "核实属实", objection.version)
    after = NoticeService(db, today=lambda: period.ends_on + timedelta(days=1))
    after.close(REVIEWER, notice.id)
    owed = NationalFilingService(db, today=lambda: period.ends_on + timedelta(days=1)).owed()
    assert [r.holder.number for r in owed.registrations] == [second.number]
    assert owed.revocations == ()  # set aside before it was ever sent: nothing to revoke
    years_later = NationalFilingService(db, today=lambda: date(2099, 1, 1)).owed()
    assert years_later.registrations == ()  # expired


def test_one_registration_per_person_and_national_disease_is_out_at_a_time(
    county_center: County, tmp_path: Path
) -> None:
    """The reply names a registration by person number and disease code alone: a
    second one with the same two waits until the first is answered."""
    service = _certified(county_center)
    db = county_center.county.db
    with db.session() as session:
        app = session.scalars(select(Application).where(Application.number == LACKING)).one()
        app.doctor_code, app.person.psn_no = "D410523000099", "41000012345678901234"  # the same
    # Its disease filed as the same national disease as the other's (the county's map).
    NationalCodes(db).map_disease(REVIEWER, "DM", "M03900", "高血压病")
    _, jsonl = _send(service, tmp_path / "first")
    assert len(_lines(jsonl)) == 1
    (waiting,) = service.owed().held_back
    assert isinstance(waiting, Registration) and waiting.waits and not waiting.missing
    assert missing_text(waiting) == WAITS_TEXT
    reply = _reply(
        tmp_path / "reply.jsonl",
        {"psn_no": "41000012345678901234", "opsp_dise_code": "M03900", "trt_dcla_detl_sn": "SN1"},
    )
    service.record_reply(REVIEWER, read_reply(reply).lines)
    _, second = _send(service, tmp_path / "second")
    assert len(_lines(second)) == 1  # answered: the second goes now


def test_what_an_issued_file_lacks_is_completed_at_the_county(
    county_center: County, tmp_path: Path
) -> None:
    service = _certified(county_center)
    db = county_center.county.db
    with pytest.raises(ValidationError) as caught:
        service.complete(REVIEWER, LACKING, "4100 1", "d-1")
    assert caught.value.fields() == {"psn_no", "doctor_code"}
    with pytest.raises(NcmsError, match="no application numbered"):
        service.complete(REVIEWER, "S009-2026-000001", "41009")
    service.complete(REVIEWER, LACKING, psn_no="41000099999999999999")
    service.complete(REVIEWER, LACKING, doctor_code="d410523000099")
    _, jsonl = _send(service, tmp_path / "sent")
    sent = {line["input"]["data"]["psn_no"]: line["input"]["data"] for line in _lines(jsonl)}
    assert sent["41000099999999999999"]["diag_dr_codg"] == "D410523000099"
    with db.reader() as session:
        app = session.scalars(select(Application).where(Application.number == LACKING)).one()
        assert app.doctor_code == "" and app.person.psn_no == ""  # the station's own, untouched
        audited = session.scalar(
            select(func.count()).where(AuditEntry.action == "national.complete")
        )
    assert audited == 2


def test_a_name_that_cannot_be_taken_marks_nothing_and_a_late_failure_names_the_file(
    county_center: County, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    service = _certified(county_center)
    db = county_center.county.db
    before = row_counts(db)
    folder = tmp_path / "taken.xlsx"
    folder.mkdir()
    with pytest.raises(NcmsError, match="is a folder"):
        service.send(REVIEWER, folder, write_workbook)
    assert row_counts(db) == before
    out = tmp_path / "late" / "national.xlsx"
    real = Path.replace

    def refuses(self: Path, target: Path) -> Path:
        if Path(target) == out:
            raise PermissionError(13, "Permission denied")
        return real(self, target)

    monkeypatch.setattr(Path, "replace", refuses)
    with pytest.raises(NcmsError) as caught:
        service.send(REVIEWER, out, write_workbook)
    draft = next(out.parent.glob(".ncms-*"))
    assert str(draft) in str(caught.value) and str(out) in str(caught.value)
    assert _sheet(draft, "2503 备案")[2:]  # the whole file, to be renamed by hand
    assert service.owed().ready == ([], [])  # marked sent: not sent twice


def test_a_training_county_writes_no_json_lines(county_center: County, tmp_path: Path) -> None:
    service = _certified(county_center)
    with pytest.raises(NcmsError, match="training county"):
        write_jsonl(Owed((), (), training=True), tmp_path / "n.jsonl")
    assert not (tmp_path / "n.jsonl").exists()
    assert service.owed().training is False


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("long.csv", 'psn_no,opsp_dise_code,trt_dcla_detl_sn\n"' + "x" * 200_000 + "\n"),
        ("deep.jsonl", '{"output": ' + "[" * 100_000 + "]" * 100_000 + "}\n"),
        ("cut.xlsx", None),
    ],
)
def test_a_reply_that_only_looks_like_one_is_one_clear_sentence(
    tmp_path: Path, name: str, content: str | None
) -> None:
    path = tmp_path / name
    if content is None:  # a workbook whose sheet is cut short
        book = Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.append(["psn_no", "opsp_dise_code", "trt_dcla_detl_sn"])
        for n in range(2000):
            sheet.append([f"4100{n}", "M03900", f"SN{n}"])
        book.save(path)
        data = path.read_bytes()
        with zipfile.ZipFile(path) as archive:
            entries = {i.filename: archive.read(i.filename) for i in archive.infolist()}
        sheet_xml = "xl/worksheets/sheet1.xml"
        entries[sheet_xml] = entries[sheet_xml][: len(entries[sheet_xml]) // 2]
        with zipfile.ZipFile(path, "w") as archive:
            for entry, body in entries.items():
                archive.writestr(entry, body)
        assert data
    else:
        path.write_text(content, "utf-8")
    with pytest.raises(NcmsError, match="cannot be read as the platform's reply"):
        read_reply(path)


def test_the_platform_s_refusals_are_listed_and_the_rest_recorded(
    county_center: County, tmp_path: Path
) -> None:
    service = _certified(county_center)
    _send(service, tmp_path / "sent")
    path = tmp_path / "reply.jsonl"
    refused = {"infcode": -1, "err_msg": "人员编号\u2028不存在", "output": {}}
    answer = {"psn_no": "41000012345678901234", "opsp_dise_code": "M03900", "trt_dcla_detl_sn": "S"}
    # A line separator inside a JSON string is not the end of a line.
    path.write_text(
        json.dumps(refused, ensure_ascii=False) + "\n" + json.dumps(answer) + "\n", "utf-8"
    )
    reply = read_reply(path)
    assert [(r.line, r.said) for r in reply.refusals] == [(1, "人员编号\u2028不存在")]
    assert service.record_reply(REVIEWER, reply.lines).recorded == 1
