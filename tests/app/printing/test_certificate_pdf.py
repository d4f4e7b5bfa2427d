"""Printed certificates: what is on the page, the QR code a scanner reads back, the
layouts, and the print count with an audited reason for every reprint."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from app.certificates.issued import IssuedCertificate
from app.certificates.printing import CertificateService
from app.certificates.seal import Verdict
from app.db.models import AuditEntry, Certificate
from app.domain.workflow import Role
from app.errors import ValidationError
from app.printing.certificate_pdf import CertificateLayout, render_certificates
from app.security.actor import Actor
from tests.app.sync.helpers import Side, issue_certificates, make_side, trust
from tests.conftest import TODAY

HEAD = Actor("head1", Role.STATION_HEAD)
IN_FORCE = TODAY.replace(year=2027, month=3, day=1)


@pytest.fixture
def sides(tmp_path: Path) -> Iterator[tuple[Side, Side, list[str]]]:
    station = make_side(tmp_path / "station", "station", "S001")
    county = make_side(tmp_path / "county", "county", "C4105")
    trust(station, county)
    numbers = issue_certificates(station, county, tmp_path / "packages", 3)
    yield station, county, numbers
    station.db.close()
    county.db.close()


def _print(service: CertificateService, out: Path) -> list[IssuedCertificate]:
    """Print every certificate not yet printed, the A5 way; what was printed."""
    views: list[IssuedCertificate] = []

    def render(chosen: list[IssuedCertificate], path: Path) -> None:
        views.extend(chosen)
        render_certificates(chosen, path)

    service.print_to(HEAD, service.unprinted(), out, render)
    return views


def _text(pdf: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(pdf).pages]


def test_each_certificate_shows_its_holder_number_diseases_and_validity(
    sides: tuple[Side, Side, list[str]], tmp_path: Path
) -> None:
    station, _, numbers = sides
    out = tmp_path / "certs.pdf"
    views = _print(CertificateService(station.db), out)
    pages = _text(out)
    assert len(pages) == 3  # A5: one card per page
    for view, text in zip(sorted(views, key=lambda v: v.number), pages, strict=True):
        flat = text.replace(" ", "")
        assert view.number in flat and view.name in flat and view.id_number in flat
        assert "慢性病证" in flat and "汤阴县合管中心" in flat  # the issuing county's name
        assert all(d.name in flat for d in view.diseases)
        start = view.valid_from
        assert f"{start.year}年{start.month:02d}月{start.day:02d}日" in flat
        assert view.photo is not None  # the applicant's 1-inch photo is on the card
    assert sorted(v.number for v in views) == sorted(numbers)


def test_the_qr_code_on_the_page_scans_and_verifies(
    sides: tuple[Side, Side, list[str]], tmp_path: Path
) -> None:
    import zxingcpp
    from PIL import Image

    station, _, _ = sides
    out = tmp_path / "certs.pdf"
    views = _print(CertificateService(station.db), out)
    subprocess.run(["pdftoppm", "-png", "-r", "200", "-f", "1", "-l", "1", out, tmp_path / "p"])
    (png,) = tmp_path.glob("p-*.png")
    # The page may hold more than one card: the first card's code is among those read.
    texts = [code.text for code in zxingcpp.read_barcodes(Image.open(png))]
    assert views[0].seal in texts
    checked = CertificateService(station.db, today=lambda: IN_FORCE).verify(views[0].seal)
    assert checked.verdict == Verdict.VALID
    assert checked.data is not None and checked.data.name == views[0].name


def test_a4_holds_two_cards_and_data_only_leaves_the_form_out(
    sides: tuple[Side, Side, list[str]], tmp_path: Path
) -> None:
    station, _, _ = sides
    service = CertificateService(station.db)
    ids = service.unprinted()
    views = service.views(ids)
    a4, booklet = tmp_path / "a4.pdf", tmp_path / "booklet.pdf"
    render_certificates(views, a4, CertificateLayout(paper="A4"))
    render_certificates(
        views[:1], booklet, CertificateLayout(data_only=True, offset_x_mm=2.5, offset_y_mm=-1.0)
    )
    assert len(PdfReader(a4).pages) == 2  # three cards: two, then one
    (text,) = _text(booklet)
    flat = text.replace(" ", "")
    assert views[0].number in flat and views[0].name in flat
    assert "身份证号" not in flat and "年审记录" not in flat  # the booklet has those printed


def test_prints_are_counted_and_a_reprint_needs_a_reason_that_is_audited(
    sides: tuple[Side, Side, list[str]], tmp_path: Path
) -> None:
    station, _, _ = sides
    service = CertificateService(station.db)
    ids = service.unprinted()
    _print(service, tmp_path / "first.pdf")
    assert service.unprinted() == []
    again = tmp_path / "again.pdf"

    def render(views: list[IssuedCertificate], path: Path) -> None:
        render_certificates(views, path)

    with pytest.raises(ValidationError) as refused:
        service.print_to(HEAD, ids[:1], again, render)
    assert refused.value.problems[0].field == "reprint_reason"
    assert not again.exists() and not list(tmp_path.glob("*.part"))
    service.print_to(HEAD, ids[:1], again, render, reprint_reason="证件遗失补办")
    with station.db.reader() as session:
        counts = sorted(c.print_count for c in session.scalars(select(Certificate)))
        reprint = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "certificate.reprint")
        ).one()
    assert counts == [1, 1, 2]
    assert reprint.actor == "head1" and reprint.after["reason"] == "证件遗失补办"


def test_a_failed_render_counts_nothing_and_leaves_no_file(
    sides: tuple[Side, Side, list[str]], tmp_path: Path
) -> None:
    station, _, _ = sides
    service = CertificateService(station.db)
    out = tmp_path / "certs.pdf"

    def broken(views: list[IssuedCertificate], path: Path) -> None:
        path.write_bytes(b"%PDF-half")
        raise OSError("disk full")

    with pytest.raises(OSError):
        service.print_to(HEAD, service.unprinted(), out, broken)
    assert len(service.unprinted()) == 3
    assert not out.exists() and not list(tmp_path.glob("*.part"))


def test_only_applications_with_a_certificate_can_be_named(
    sides: tuple[Side, Side, list[str]],
) -> None:
    station, _, _ = sides
    with pytest.raises(ValidationError) as refused:
        CertificateService(station.db).by_application_numbers(["S001-2026-999999"])
    assert "S001-2026-999999" in refused.value.problems[0].message


def test_a_pilot_disease_is_marked_for_cross_province_settlement(
    sides: tuple[Side, Side, list[str]], tmp_path: Path
) -> None:
    station, _, _ = sides
    views = CertificateService(station.db).views(CertificateService(station.db).unprinted())
    pilot = replace(views[0].diseases[0], code="HTN", name="高血压病", cross_province=True)
    other = replace(pilot, code="CHD", name="冠心病", cross_province=False)
    marked = replace(views[0], diseases=(pilot, other))
    plain = replace(views[1], diseases=(other,))
    for layout in (CertificateLayout(), CertificateLayout(data_only=True)):
        out = tmp_path / f"cross-{layout.data_only}.pdf"
        render_certificates([marked, plain], out, layout)
        first, second = (t.replace(" ", "") for t in _text(out))
        assert "高血压病（" in first and "类）※；冠心病（" in first
        assert "※跨省直接结算病种" in first  # on a booklet too: it is a value
        assert "※" not in second
