"""The appeal of a partly approved file, on SQLite and PostgreSQL: hypertension
approved and its certificate issued, diabetes rejected. The applicant appeals the
diabetes while the certificate stands; an approval on appeal is a certificate of its
own (the card in the holder's hands, handed out and filed with the national
platform, is not touched), a dismissal leaves the file as it was."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from app.appeals.lodging import AppealService
from app.certificates.handout import Collector, HandOutRequest, HandOutService
from app.certificates.printing import CertificateService
from app.certificates.reported import ReportService as LossService
from app.db.models import Application
from app.errors import NcmsError, ValidationError
from app.examination.batches import BatchService
from app.intake.dashboard import load_dashboard
from app.intake.listing import ApplicationList
from app.national.filing import NationalFilingService
from app.review.duplicates import DuplicateService
from app.review.reports import ReportService
from tests.app.appeals.test_appeal import REJECTED
from tests.app.helpers import CLERK, HEAD
from tests.app.review.helpers import APPROVE, Clock
from tests.app.sync.helpers import REVIEWER, Side, accepted
from tests.conftest import TODAY
from tests.partly_approved import Pair, appeal_diabetes, certificates_of, meet, state_of


def test_an_approval_on_appeal_is_a_certificate_of_its_own(pair: Pair, tmp_path: Path) -> None:
    station, county = pair.station, pair.county
    printed = CertificateService(station.db, today=Clock())
    printed.record_prints(CLERK, printed.listed(), "")
    handout = HandOutService(station.db, today=Clock(TODAY + timedelta(days=1)))
    holder = handout.on_file(pair.card)
    handout.hand_out(CLERK, HandOutRequest(pair.card, Collector.APPLICANT, holder.id_number))
    before = certificates_of(county, pair.app_id)[pair.card]

    appeal_diabetes(pair, tmp_path)
    # Meanwhile the hypertension card stands, at both ends.
    assert certificates_of(station, pair.app_id)[pair.card].revoked_on is None
    (new,) = meet(county, TODAY + timedelta(days=10), {"DM": APPROVE})

    held = certificates_of(county, pair.app_id)
    assert set(held) == {pair.card, new}
    assert [d["code"] for d in held[new].diseases] == ["DM"]
    old = held[pair.card]
    assert (old.revoked_on, old.version, old.diseases) == (None, before.version, before.diseases)
    assert held[new].valid_from == old.valid_from  # the benefit start of the file's quarter
    # The platform is sent the diabetes of the new certificate; the hypertension once.
    owed = NationalFilingService(county.db, today=Clock(TODAY + timedelta(days=10))).owed()
    assert sorted((r.holder.number, r.holder.disease_code) for r in owed.registrations) == [
        (pair.card, "HTN"),
        (new, "DM"),
    ]
    (line,) = ReportService(county.db).appeals(None).lines
    assert line.standing == "upheld"

    station.import_(county.export(tmp_path / "answer.ncmspkg", "S001"))
    assert state_of(station, pair.app_id) == "certificate_issued"
    at_station = certificates_of(station, pair.app_id)
    assert set(at_station) == {pair.card, new}
    assert at_station[pair.card].handed_out_at is not None  # the hand-out kept
    # Printing by the file's number prints the new card (the first is in the holder's
    # hands), which is still to collect.
    number = station_number(station, pair.app_id)
    assert printed.by_application_numbers([number]) == [at_station[new].id]
    dashboard = load_dashboard(station.db, TODAY + timedelta(days=11))
    assert dashboard.certificates_to_hand_out.value == 1


def station_number(side: Side, app_id: uuid.UUID) -> str:
    with side.db.reader() as session:
        number = session.scalar(select(Application.number).where(Application.id == app_id))
    assert number is not None
    return number


def test_an_appeal_dismissed_leaves_the_certificate_alone(pair: Pair, tmp_path: Path) -> None:
    station, county = pair.station, pair.county
    appeal_diabetes(pair, tmp_path)
    assert meet(county, TODAY + timedelta(days=10), {"DM": REJECTED}) == []
    assert state_of(county, pair.app_id) == "certificate_issued"
    assert set(certificates_of(county, pair.app_id)) == {pair.card}
    (line,) = ReportService(county.db).appeals(None).lines
    assert line.standing == "dismissed"
    station.import_(county.export(tmp_path / "answer.ncmspkg", "S001"))
    assert state_of(station, pair.app_id) == "certificate_issued"
    with pytest.raises(NcmsError) as refused:  # once: the answer is final
        AppealService(station.db, today=Clock(TODAY + timedelta(days=11))).appealable(pair.app_id)
    assert refused.value.key == "appeal.already"


def test_while_the_appeal_runs_the_card_is_still_to_collect(pair: Pair, tmp_path: Path) -> None:
    """The dashboard counts the standing card not yet collected, whatever its file's
    state, and opens the list holding it; a card that has expired is no longer counted."""
    appeal_diabetes(pair, tmp_path)
    day = TODAY + timedelta(days=4)
    figure = load_dashboard(pair.station.db, day).certificates_to_hand_out
    assert figure.value == 1
    assert [row.id for row in ApplicationList(pair.station.db).page(figure.filter)] == [pair.app_id]
    end = certificates_of(pair.station, pair.app_id)[pair.card].valid_until
    assert end is not None
    later = load_dashboard(pair.station.db, end + timedelta(days=1)).certificates_to_hand_out
    assert later.value == 0
    assert ApplicationList(pair.station.db).page(later.filter) == []


def test_a_file_holding_a_certificate_is_not_withdrawn_as_a_duplicate(
    pair: Pair, tmp_path: Path
) -> None:
    """The appealed diabetes flagged against another open file of the same person: the
    reviewer may withdraw the other file, not the one whose hypertension card stands."""
    other = accepted(pair.station.db, 2, ["DM"])
    BatchService(pair.station.db).make(HEAD, date(2027, 1, 1))
    appeal_diabetes(pair, tmp_path)
    county = pair.county
    with county.db.session() as session:  # as the import flags a pair
        app = session.get(Application, pair.app_id)
        assert app is not None
        app.duplicate_of = other
    duplicates = DuplicateService(county.db)
    with pytest.raises(ValidationError) as refused:
        duplicates.mark_duplicate(REVIEWER, pair.app_id, other, pair.app_id, "同一人重复申请")
    assert [p.key for p in refused.value.problems] == ["duplicate.holds_certificate"]
    assert pair.card in refused.value.problems[0].message
    assert state_of(county, pair.app_id) == "appealed"
    duplicates.mark_duplicate(REVIEWER, pair.app_id, other, other, "同一人重复申请")
    assert state_of(county, other) == "withdrawn"


def test_no_appeal_once_the_certificate_has_ended(pair: Pair, tmp_path: Path) -> None:
    LossService(pair.station.db, today=Clock(TODAY + timedelta(days=2))).cancel(
        CLERK, pair.card, "death"
    )
    with pytest.raises(NcmsError) as refused:
        AppealService(pair.station.db, today=Clock(TODAY + timedelta(days=3))).appealable(
            pair.app_id
        )
    assert refused.value.key == "appeal.certificate_ended"
