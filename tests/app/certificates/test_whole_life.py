"""Two applicants' certificates through their whole lives, between one station and its
county over packages, on SQLite and PostgreSQL: one approved, handed out, stamped,
lost and replaced (the old card's code then reads as revoked at the station, from
the list the county sent down), and renewed the day after it ends; the other
rejected, appealed with a new document, approved at the next meeting, and
cancelled when its holder died. Each step has its own tests; this one checks that
they hold together, each built on what the one before left."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select

from app.appeals.lodging import AppealService, NewMaterial
from app.certificates.annual_review import AnnualReviewService
from app.certificates.handout import Collector, HandOutRequest, HandOutService
from app.certificates.printing import CertificateService
from app.certificates.renewals import RenewalService
from app.certificates.reported import ReportService
from app.certificates.seal import Verdict
from app.db.models import Application, Certificate
from app.review.committee import CaseDecision, ReviewService
from app.review.duplicates import DuplicateService
from app.review.replacement import ReplacementService
from tests.app.appeals.test_appeal import REASONS, REJECTED, _meeting
from tests.app.certificates.test_renewal import _take_in
from tests.app.helpers import CLERK
from tests.app.review.helpers import APPROVE, Clock
from tests.app.sync.helpers import REVIEWER, County, Side, png
from tests.conftest import TODAY

EXPERTS = ("张医生", "李医生")


def _trip(station: Side, county: Side, work: Path, name: str) -> None:
    """The station's package up, the county's down."""
    county.import_(station.export(work / f"{name}-up.ncmspkg"))
    station.import_(county.export(work / f"{name}-down.ncmspkg", "S001"))


def _certificate(side: Side, number: str) -> Certificate:
    with side.db.reader() as session:
        found = session.scalars(select(Certificate).where(Certificate.number == number)).one()
        session.expunge(found)
    return found


def _verdict(station: Side, number: str, on: date) -> Verdict:
    return (
        CertificateService(station.db, today=Clock(on))
        .verify(_certificate(station, number).seal)
        .verdict
    )


def test_a_certificate_s_whole_life_and_an_appeal_s(county_center: County, tmp_path: Path) -> None:
    county, station = county_center.county, county_center.stations["S001"]
    first, second = "S001-2026-000001", "S001-2026-000002"

    # The second applicant also applied at S002: the county withdraws that duplicate
    # first, or the appeal below could not be approved (two files, one disease).
    with county.db.reader() as session:
        ids = dict(session.execute(select(Application.number, Application.id)).all())
    twin = ids["S002-2026-000001"]
    DuplicateService(county.db).mark_duplicate(REVIEWER, twin, ids[second], twin, "同一人重复申请")

    # Approval of the one, rejection of the other; the station prints and hands out.
    (card,) = _meeting(county, TODAY, {first: APPROVE, second: REJECTED})
    station.import_(county.export(tmp_path / "decisions.ncmspkg", "S001"))
    printed = CertificateService(station.db, today=Clock())
    printed.record_prints(CLERK, printed.listed(), "")
    handout = HandOutService(station.db, today=Clock(TODAY + timedelta(days=1)))
    holder = handout.on_file(card)
    handout.hand_out(CLERK, HandOutRequest(card, Collector.APPLICANT, holder.id_number))
    year = _certificate(station, card).valid_from.year
    reviews = AnnualReviewService(station.db, today=Clock(TODAY + timedelta(days=2)))
    reviews.record(CLERK, card, "合格", year=year)

    # The rejected applicant appeals with a new discharge record; the next meeting
    # approves it.
    with station.db.reader() as session:
        appealed = session.scalars(select(Application.id).where(Application.number == second)).one()
    AppealService(station.db, today=Clock(TODAY + timedelta(days=3))).lodge(
        CLERK, appealed, REASONS, materials=[NewMaterial("discharge_record", "出院.png", png(4))]
    )
    county.import_(station.export(tmp_path / "appeal-up.ncmspkg"))
    (appeal_card,) = _meeting(county, TODAY + timedelta(days=10), {second: APPROVE})
    station.import_(county.export(tmp_path / "appeal-down.ncmspkg", "S001"))
    with station.db.reader() as session:
        assert session.get(Application, appealed).state == "certificate_issued"  # type: ignore[union-attr]

    # The first card is lost: the county replaces it under a new number, and once its
    # list is down the old card's code reads as revoked at the station.
    on = TODAY + timedelta(days=11)
    ReportService(station.db, today=Clock(on)).report_lost(CLERK, card, "lost", "赶集时遗失")
    county.import_(station.export(tmp_path / "loss-up.ncmspkg"))
    replacement = ReplacementService(county.db, today=Clock(on)).replace(
        REVIEWER, card, county.keys.signing
    )
    station.import_(county.export(tmp_path / "loss-down.ncmspkg", "S001"))
    assert _verdict(station, card, on) == Verdict.REVOKED
    new_card = replacement.new_number
    assert _verdict(station, new_card, on) != Verdict.REVOKED
    kept = _certificate(station, new_card)
    assert kept.valid_from == _certificate(station, card).valid_from
    # The year already stamped on the lost card is stamped on its replacement too.
    listed = {c.number: c for c in CertificateService(station.db).listed()}
    assert [r.year for r in listed[new_card].reviews] == [year]

    # Years on, the replacement nears its end (its validity moved on both sides, as
    # time cannot be: the county checks a package's dates against its real clock).
    soon = date.today() - timedelta(days=1)
    for side in (station, county):
        with side.db.session() as session:
            held = session.scalars(select(Certificate).where(Certificate.number == new_card)).one()
            held.valid_until = soon + timedelta(days=30)
            held.diseases = [
                {**d, "valid_until": held.valid_until.isoformat()} for d in held.diseases
            ]
    renewals = RenewalService(station.db, today=Clock(soon))
    assert new_card in {d.certificate.number for d in renewals.due()}
    assert card not in {d.certificate.number for d in renewals.due()}  # revoked: not renewed
    started = renewals.start(CLERK, new_card)
    _take_in(station, started, new_card, soon)
    county.import_(station.export(tmp_path / "renewal-up.ncmspkg"))
    review = ReviewService(county.db, today=Clock(soon))
    (case,) = [c for c in review.agenda() if c.application_number == started.number]
    row = CaseDecision(2, case.application_number, case.disease_code, "approved", "", EXPERTS)
    (renewed,) = review.record(REVIEWER, [row], county.keys.signing).certificates
    station.import_(county.export(tmp_path / "renewal-down.ncmspkg", "S001"))
    assert _certificate(station, renewed).valid_from == soon + timedelta(days=31)

    # The appealed card's holder dies: the station reports it, the county ends the
    # card on that day, and its code reads as revoked at the station.
    died = TODAY + timedelta(days=12)
    ReportService(station.db, today=Clock(died)).cancel(CLERK, appeal_card, "death", on=died)
    _trip(station, county, tmp_path, "cancel")
    ended = _certificate(county, appeal_card)
    assert (ended.revoked_on, ended.revoked_reason) == (died, "注销：死亡")
    assert _verdict(station, appeal_card, died) == Verdict.REVOKED
    # Nothing else was touched: the renewed card and the replacement stand.
    assert _verdict(station, renewed, died) != Verdict.REVOKED
    assert _certificate(station, new_card).revoked_on is None
