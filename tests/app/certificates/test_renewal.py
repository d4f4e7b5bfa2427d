"""Renewal: the certificates ending soon at the station, by village; the renewal
started from one, prefilled and linked; and the county's new certificate starting the
day after the old one ends. A renewal naming another person's certificate is refused
at the county."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select, update

from app.certificates.printing import CertificateService
from app.certificates.renewals import RenewalService
from app.db.models import Application, Certificate, Disease
from app.domain.quarters import quarter_start
from app.domain.vocabulary import ApplicationKind
from app.errors import NcmsError, PackageRefused
from app.examination.batches import BatchService
from app.examination.examination import ExaminationService
from app.intake.applications import ApplicationService
from app.intake.records import ApplicationRef
from app.printing.renewal_notice import renewal_notices
from app.review.committee import CaseDecision, ReviewService
from tests.app.helpers import CLERK, HEAD, row_counts
from tests.app.sync.helpers import REVIEWER, Side, issue_certificates, make_side, png, trust


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def sides(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Side, Side, list[str]]]:
    """A station and its county (on SQLite, or on PostgreSQL as several desks run it)
    with two certificates issued and down at the station."""
    url = request.getfixturevalue("pg_url") if request.param == "postgres" else None
    station = make_side(tmp_path / "station", "station", "S001")
    county = make_side(tmp_path / "county", "county", "C4105", url=url)
    trust(station, county)
    numbers = issue_certificates(station, county, tmp_path / "first", 2)
    yield station, county, numbers
    county.db.engine.dispose()


def _ending_in_30_days(station: Side, county: Side) -> date:
    """Both certificates made to end 30 days from a day just past (the county checks
    incoming dates against its real clock), as on both sides; that day."""
    soon = date.today() - timedelta(days=1)
    for side in (station, county):
        with side.db.session() as session:
            for certificate in session.scalars(select(Certificate)):
                certificate.valid_until = soon + timedelta(days=30)
                certificate.diseases = [
                    {**d, "valid_until": certificate.valid_until.isoformat()}
                    for d in certificate.diseases
                ]
    return soon


def _certificate(side: Side, number: str) -> Certificate:
    with side.db.reader() as session:
        found = session.scalars(select(Certificate).where(Certificate.number == number)).one()
        session.expunge(found)
    return found


def _take_in(station: Side, started: ApplicationRef, number: str, today: date) -> None:
    """The counter's part of the renewal: a new diagnosis (saved from a form that
    does not carry the link, which stays), the photo, the checklist, received and
    accepted, batched."""
    service = ApplicationService(station.db, today=lambda: today)
    data = RenewalService(station.db).prefill(number)
    data = dataclasses.replace(data, diagnosis_date=today, renews_id=None)
    service.save_draft(CLERK, data, started.id)
    view = service.get(started.id)
    photo = service.attach_document(CLERK, view.id, "photo", "p.png", png(7), source="camera")
    examination = ExaminationService(station.db)
    for item in service.get(view.id).checklist:
        document = photo.id if item.material_code == "photo" else None
        examination.set_checklist(
            CLERK, view.id, item.material_code, "provided", document_id=document
        )
    service.receive(CLERK, view.id)
    examination.accept(HEAD, view.id)
    BatchService(station.db).make(HEAD, quarter_start(today))


def test_a_renewal_starts_the_day_after_the_old_certificate_ends(
    sides: tuple[Side, Side, list[str]], tmp_path: Path
) -> None:
    station, county, numbers = sides
    soon = _ending_in_30_days(station, county)
    old = _certificate(station, numbers[0])
    assert old.valid_until is not None
    renewals = RenewalService(station.db, today=lambda: soon)
    due = renewals.due()
    assert {d.certificate.number for d in due} == set(numbers)  # both end together
    assert RenewalService(station.db, today=lambda: soon - timedelta(days=60)).due() == []

    started = renewals.start(CLERK, numbers[0])
    with pytest.raises(NcmsError, match="already being renewed"):
        renewals.start(CLERK, numbers[0])
    with station.db.reader() as session:
        draft = session.get(Application, started.id)
        first = session.get(Application, old.application_id)
        assert draft is not None and first is not None
        assert (draft.kind, draft.renews_id, draft.person_id) == (
            ApplicationKind.RENEWAL,
            old.id,
            first.person_id,
        )
        assert [d.disease_code for d in draft.diseases] == [d["code"] for d in old.diseases]
        assert (draft.hospital_code, draft.doctor_name) == (first.hospital_code, first.doctor_name)
    listed = {d.certificate.number: d.renewal for d in renewals.due()}
    assert listed[numbers[0]] == started.number and listed[numbers[1]] == ""

    notices = tmp_path / "notices.pdf"
    renewal_notices(renewals.due(), "宜沟镇合管站", notices, "2026年12月06日")
    pages = [p.extract_text().replace(" ", "") for p in PdfReader(notices).pages]
    assert len(pages) == 2 and all("换证通知书" in p for p in pages)

    _take_in(station, started, numbers[0], soon)
    county.import_(station.export(tmp_path / "up.ncmspkg"))
    review = ReviewService(county.db, today=lambda: soon)
    (case,) = review.agenda()
    rows = [
        CaseDecision(
            2, case.application_number, case.disease_code, "approved", "", ("张医生", "李医生")
        )
    ]
    (new_number,) = review.record(REVIEWER, rows, county.keys.signing).certificates
    station.import_(county.export(tmp_path / "down.ncmspkg", "S001"))
    new = _certificate(station, new_number)
    assert new.valid_from == old.valid_until + timedelta(days=1)  # no gap, no overlap
    assert new.valid_until is not None and new.valid_until > old.valid_until
    # Renewed: the old one leaves the list once it has ended.
    ended = old.valid_until + timedelta(days=2)
    after = RenewalService(station.db, today=lambda: ended)
    assert numbers[0] not in {d.certificate.number for d in after.due()}
    assert CertificateService(station.db).listed()


def test_a_renewal_naming_another_person_s_certificate_is_refused_at_the_county(
    sides: tuple[Side, Side, list[str]], tmp_path: Path
) -> None:
    station, county, numbers = sides
    other = _certificate(station, numbers[1])
    soon = _ending_in_30_days(station, county)
    started = RenewalService(station.db, today=lambda: soon).start(CLERK, numbers[0])
    _take_in(station, started, numbers[0], soon)
    with station.db.session() as session:
        session.execute(
            update(Application).where(Application.id == started.id).values(renews_id=other.id)
        )
    before = row_counts(county.db)
    with pytest.raises(PackageRefused, match="renews"):
        county.import_(station.export(tmp_path / "forged.ncmspkg"))
    assert row_counts(county.db) == before


def test_a_disease_the_catalogue_no_longer_offers_is_not_renewed(
    sides: tuple[Side, Side, list[str]],
) -> None:
    station, _county, numbers = sides
    old = _certificate(station, numbers[0])
    (code,) = [str(d["code"]) for d in old.diseases]
    with station.db.session() as session:
        session.execute(update(Disease).where(Disease.code == code).values(active=False))
    with pytest.raises(NcmsError, match="none of its diseases is in the county's catalogue"):
        RenewalService(station.db).start(CLERK, numbers[0])
    with station.db.reader() as session:
        assert session.scalar(select(Application.id).where(Application.renews_id == old.id)) is None
