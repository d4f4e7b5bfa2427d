"""The forms about one application and the lists of many: each PDF is read back and
must carry the names, numbers, diseases, dates and reasons a clerk relies on."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from app.certificates.printing import CertificateService
from app.db.models import Application, Batch
from app.domain.identity import mask_id_number
from app.printing import forms, rosters
from app.printing.pdf_base import chinese_date
from app.printing.printouts import PrintoutService, office
from tests.app.printing.helpers import find, text_of, waiting
from tests.app.sync.helpers import (
    REJECTION,
    Side,
)
from tests.conftest import TODAY

FULL_ID = re.compile(r"\d{17}[\dX]")


def test_the_approval_form_carries_the_file_and_prints_three_copies(
    station: Side, tmp_path: Path
) -> None:
    app = find(station, "certificate_issued")
    with station.db.session() as session:
        held = session.get(Application, app.id)
        assert held is not None
        held.doctor_name, held.doctor_code = "李主任", "D410523000012"
    sheet = PrintoutService(station.db, today=lambda: TODAY).application(app.id)
    out = tmp_path / "form.pdf"
    forms.approval_form(sheet, out, copies=3)
    pages = PdfReader(out).pages
    assert len(pages) == 3
    first = pages[0].extract_text().replace(" ", "")
    assert "认定审批表" in first and "第1联，共3联" in first
    assert sheet.name in first and sheet.id_number in first and sheet.number in first
    assert all(d.name in first for d in sheet.diseases)
    assert sheet.hospital in first and "初审意见" in first and "专家签名" in first
    assert "李主任（D410523000012）" in first  # the doctor, by name and national code
    assert all(m.name in first for m in sheet.materials)


def test_the_receipt_lists_what_was_received(station: Side, tmp_path: Path) -> None:
    app = find(station, "certificate_issued")
    sheet = PrintoutService(station.db, today=lambda: TODAY).application(app.id)
    out = tmp_path / "receipt.pdf"
    forms.receipt(sheet, out)
    text = text_of(out)
    assert sheet.number in text and sheet.name in text and "0372-6221234" in text
    assert all(m.name in text for m in sheet.materials if m.status_zh == "已提供")


def test_the_one_time_notice_lists_every_missing_item_with_its_reason_and_deadline(
    station: Side, tmp_path: Path
) -> None:
    app = waiting(station)
    sheet = PrintoutService(station.db, today=lambda: TODAY).application(app.id)
    assert len(sheet.missing) > 1  # everything at once, not one item per visit
    out = tmp_path / "notice.pdf"
    forms.missing_notice(sheet, out)
    text = text_of(out)
    assert "一次性告知书" in text and sheet.name in text
    assert all(m.name in text for m in sheet.missing)
    assert "化验单超过一个月" in text
    deadline = sheet.supplement_by
    assert (
        deadline >= TODAY and f"{deadline.year}年{deadline.month:02d}月{deadline.day:02d}日" in text
    )
    assert "0372-6221234" in text and "宜沟镇政府院内" in text


def test_the_rejection_notice_gives_the_county_reasons_and_the_appeal_deadline(
    station: Side, tmp_path: Path
) -> None:
    app = find(station, "rejected")
    sheet = PrintoutService(station.db, today=lambda: TODAY).application(app.id)
    out = tmp_path / "rejection.pdf"
    forms.rejection_notice(sheet, out)
    text = text_of(out)
    assert REJECTION in text and sheet.name in text
    assert sheet.decided_on is not None and sheet.appeal_by == sheet.decided_on + timedelta(60)
    appeal = sheet.appeal_by
    assert chinese_date(appeal) in text
    approved = PrintoutService(station.db).application(find(station, "certificate_issued").id)
    with pytest.raises(ValueError):
        forms.rejection_notice(approved, tmp_path / "none.pdf")


def test_the_batch_roster_is_grouped_and_subtotalled_by_disease(
    station: Side, tmp_path: Path
) -> None:
    with station.db.reader() as session:
        batch_id = session.scalars(select(Batch.id)).one()
    roster = PrintoutService(station.db, today=lambda: TODAY).batch_roster(batch_id)
    out = tmp_path / "roster.pdf"
    rosters.batch_roster(roster, out)
    text = text_of(out)
    by_disease: dict[str, int] = {}
    for line in roster.lines:
        by_disease[line.disease_name] = by_disease.get(line.disease_name, 0) + 1
        assert line.application_number in text and line.id_number in text  # for the county
    for name, count in by_disease.items():
        assert f"小计：{name}{count}人" in text
    assert f"合计：{len(roster.lines)}人次" in text


def test_register_and_public_list_never_show_a_whole_id_number(
    station: Side, tmp_path: Path
) -> None:
    listed = CertificateService(station.db).listed()
    assert len(listed) == 2  # the rejected file has none
    register, public = tmp_path / "register.pdf", tmp_path / "public.pdf"
    rosters.issue_register(listed, register, office(station.db))
    rosters.public_list(listed, public, office(station.db), "2027Q1")
    for pdf in (register, public):
        text = text_of(pdf)
        assert FULL_ID.search(text) is None
        for line in listed:
            assert line.name in text and line.number in text and line.masked_id in text
    with station.db.reader() as session:
        ids = [a.person.id_number for a in session.scalars(select(Application))]
    assert all(mask_id_number(i) != i for i in ids)
    assert "公示期7天" in text_of(public) and "领取人签名" in text_of(register)
