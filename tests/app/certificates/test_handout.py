"""Handing out a printed certificate at the station, on SQLite and PostgreSQL: the
collector's ID number checked against the one on file, a mismatch only with its
reason, once per certificate, and the issue-and-sign register printed from the
records."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from app.certificates.handout import Collector, HandOutRequest, HandOutService
from app.certificates.printing import CertificateService
from app.db.models import Application, AuditEntry, CertificateEvent
from app.domain.identity import make_id_number
from app.errors import NcmsError, PermissionDenied, ValidationError
from app.printing import rosters
from app.printing.printouts import office
from app.review.meeting import MeetingService
from tests.app.helpers import CLERK, row_counts
from tests.app.review.helpers import Clock, conclude_every_kind
from tests.app.sync.helpers import REVIEWER, County, Side
from tests.conftest import TODAY

FILE = "S001-2026-000001"  # approved by conclude_every_kind
SON = make_id_number("410523", TODAY.replace(year=1980), 71)


def _printed(county_center: County, tmp_path: Path) -> tuple[Side, str]:
    """S001's certificate, back at the station and printed once."""
    county = county_center.county
    meetings = MeetingService(county.db, today=Clock())
    meetings.close(REVIEWER, conclude_every_kind(meetings).id, county.keys.signing)
    station = county_center.stations["S001"]
    station.import_(county.export(tmp_path / "down.ncmspkg", "S001"))
    certificates = CertificateService(station.db, today=Clock())
    (view,) = certificates.listed()
    certificates.record_prints(CLERK, [view], "")
    return station, view.number


def _service(station: Side) -> HandOutService:
    return HandOutService(station.db, today=Clock())


def test_the_applicant_collects_with_their_own_id_number(
    county_center: County, tmp_path: Path
) -> None:
    station, number = _printed(county_center, tmp_path)
    service = _service(station)
    on_file = service.on_file(number)
    done = service.hand_out(
        CLERK, HandOutRequest(number, Collector.APPLICANT, on_file.id_number.lower())
    )
    assert (done.on, done.name, done.matched) == (TODAY, on_file.name, True)
    (view,) = CertificateService(station.db).listed()
    assert (view.handed_out, view.handed_out_on, view.agent) == (True, TODAY, "")
    with pytest.raises(NcmsError, match="was handed out on"):
        service.hand_out(CLERK, HandOutRequest(number, Collector.APPLICANT, on_file.id_number))
    with station.db.reader() as session:
        assert session.scalar(select(func.count()).select_from(CertificateEvent)) == 1
        audited = session.scalars(
            select(AuditEntry.after).where(AuditEntry.action == "certificate.hand_out")
        ).all()
    assert [a["id_matched"] for a in audited] == [True]


def test_an_agent_not_on_file_needs_a_reason_and_the_register_prints_them(
    county_center: County, tmp_path: Path
) -> None:
    station, number = _printed(county_center, tmp_path)
    service = _service(station)
    request = HandOutRequest(number, Collector.AGENT, SON, "王建国", "儿子")
    before = row_counts(station.db)
    with pytest.raises(ValidationError) as caught:
        service.hand_out(CLERK, request)
    assert caught.value.fields() == {"reason"}
    assert "names no agent" in caught.value.problems[0].message
    assert row_counts(station.db) == before
    done = service.hand_out(CLERK, replace(request, reason="申请人卧床，其子持户口簿代领"))
    assert (done.name, done.matched) == ("王建国", False)
    with station.db.reader() as session:
        (event,) = session.scalars(select(CertificateEvent))
        assert (event.collector_id_number, event.note) == (SON, "申请人卧床，其子持户口簿代领")

    listed = CertificateService(station.db).listed()
    out = tmp_path / "register.pdf"
    rosters.issue_register(listed, out, office(station.db))
    text = PdfReader(out).pages[0].extract_text().replace(" ", "")
    assert "王建国（儿子）" in text and f"{TODAY:%Y.%m.%d}" in text


def test_the_agent_the_application_names_collects_without_a_reason(
    county_center: County, tmp_path: Path
) -> None:
    station, number = _printed(county_center, tmp_path)
    with station.db.session() as session:
        app = session.scalars(select(Application).where(Application.number == FILE)).one()
        app.agent_name, app.agent_id_number, app.agent_relation = "王建国", SON, "儿子"
    done = _service(station).hand_out(
        CLERK, HandOutRequest(number, Collector.AGENT, SON, "王建国", "儿子")
    )
    assert done.matched


@pytest.mark.parametrize(
    ("change", "fields"),
    [
        ({"id_number": ""}, {"id_number"}),
        ({"id_number": "410523198001010000"}, {"id_number"}),  # its check digit is wrong
        ({"id_number": SON}, {"reason"}),  # not the applicant's
        ({"on": TODAY + timedelta(days=1)}, {"on"}),
        ({"collector": Collector.AGENT, "id_number": SON}, {"name", "reason"}),
        ({"reason": "理" * 201, "id_number": SON}, {"reason"}),
    ],
)
def test_what_does_not_hold_is_named_beside_its_field_and_nothing_is_stored(
    county_center: County, tmp_path: Path, change: dict[str, object], fields: set[str]
) -> None:
    station, number = _printed(county_center, tmp_path)
    service = _service(station)
    request = replace(
        HandOutRequest(number, Collector.APPLICANT, service.on_file(number).id_number),
        **change,  # type: ignore[arg-type]
    )
    assert {p.field for p in service.check(request)} == fields
    before = row_counts(station.db)
    with pytest.raises(ValidationError) as caught:
        service.hand_out(CLERK, request)
    assert caught.value.fields() == fields
    assert row_counts(station.db) == before


def test_an_unprinted_unknown_or_county_s_hand_out_is_refused(
    county_center: County, tmp_path: Path
) -> None:
    county = county_center.county
    meetings = MeetingService(county.db, today=Clock())
    meetings.close(REVIEWER, conclude_every_kind(meetings).id, county.keys.signing)
    station = county_center.stations["S001"]
    station.import_(county.export(tmp_path / "down.ncmspkg", "S001"))
    (view,) = CertificateService(station.db).listed()
    service = _service(station)
    request = HandOutRequest(view.number, Collector.APPLICANT, view.id_number)
    with pytest.raises(ValidationError, match="not printed yet"):
        service.hand_out(CLERK, request)
    with pytest.raises(NcmsError, match="no certificate numbered"):
        service.hand_out(CLERK, replace(request, number="C4105-2099-1"))
    with pytest.raises(PermissionDenied):
        service.hand_out(REVIEWER, request)
