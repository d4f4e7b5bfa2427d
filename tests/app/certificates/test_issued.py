"""The one record every screen and paper reads of a certificate: the page's list, the
printed card and the lists agree with each other and with what the seal vouches for."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from app.certificates.issued import CertifiedDisease, IssuedCertificate, read_certificates
from app.certificates.printing import CertificateService
from app.certificates.seal import Verdict
from app.db.models import Application
from app.domain.quarters import next_quarter
from tests.app.sync.helpers import Side, certified_station

IN_FORCE = date(2027, 3, 1)


@pytest.fixture
def station(tmp_path: Path) -> Iterator[Side]:
    station = certified_station(tmp_path, 3)
    yield station
    station.db.close()


def test_the_list_the_card_and_the_seal_say_the_same(station: Side) -> None:
    service = CertificateService(station.db, today=lambda: IN_FORCE)
    listed = service.listed()
    assert len(listed) == 3
    printed = {c.id: c for c in service.views([c.id for c in listed])}
    for certificate in listed:
        card = printed[certificate.id]
        assert card.photo is not None and certificate.photo is None  # only printing reads it
        assert dataclasses.replace(card, photo=None) == certificate
        assert certificate.station == "宜沟镇合管站"
        assert certificate.authority == "汤阴县合管中心"
        checked = service.verify(certificate.seal)
        assert checked.verdict == Verdict.VALID and checked.data is not None
        data = checked.data
        assert (data.number, data.name, data.gender, data.id_number) == (
            certificate.number,
            certificate.name,
            certificate.gender,
            certificate.id_number,
        )
        assert data.diseases == tuple(f"{d.code}:{d.category}" for d in certificate.diseases)
        assert (data.valid_from, data.valid_until) == (
            certificate.valid_from,
            certificate.valid_until,
        )


def test_each_reading_keeps_its_order_and_its_choice(station: Side) -> None:
    service = CertificateService(station.db)
    by_number = service.listed()
    assert [c.number for c in by_number] == sorted(c.number for c in by_number)
    newest = service.newest()
    assert [(c.issued_on, c.number) for c in newest] == sorted(
        ((c.issued_on, c.number) for c in by_number), reverse=True
    )
    assert len(service.newest(limit=2)) == 2
    # Printing keeps the order chosen and leaves out what is not held here.
    chosen = [by_number[2].id, uuid.uuid4(), by_number[0].id]
    assert [c.id for c in service.views(chosen)] == [by_number[2].id, by_number[0].id]
    with station.db.reader() as session:
        (reviewed,) = set(session.scalars(select(Application.quarter)))
    assert reviewed is not None
    assert read_certificates(station.db, quarter=reviewed) == by_number
    assert read_certificates(station.db, quarter=next_quarter(reviewed)) == []


def test_the_public_columns_hide_the_id_number_and_name_the_diseases() -> None:
    certificate = IssuedCertificate(
        id=uuid.uuid4(),
        number="C41052027000001",
        application_number="S001-2026-000001",
        name="王秀英",
        gender="F",
        id_number="410523195203150013",
        village="东街村",
        station="宜沟镇合管站",
        diseases=(
            CertifiedDisease("HTN", "高血压病", "B", None),
            CertifiedDisease("DM", "糖尿病", "B", date(2028, 12, 31)),
        ),
        valid_from=date(2027, 1, 1),
        valid_until=None,
        issued_on=date(2026, 12, 20),
        authority="汤阴县合管中心",
        seal="",
        print_count=0,
        handed_out=False,
    )
    assert certificate.disease_codes == ("HTN", "DM")
    assert certificate.public_columns() == [
        "王秀英",
        "女",
        "410523********0013",
        "宜沟镇合管站",
        "东街村",
        "高血压病（B类）；糖尿病（B类）",
        "C41052027000001",
    ]
