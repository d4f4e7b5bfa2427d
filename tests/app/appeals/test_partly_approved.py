"""The appeal of a partly approved file, on SQLite and PostgreSQL: hypertension
approved and its certificate issued, diabetes rejected. The applicant appeals the
diabetes while the certificate stands; an approval on appeal is a certificate of its
own (the card in the holder's hands, handed out and filed with the national
platform, is not touched), a dismissal leaves the file as it was."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from app.appeals.lodging import AppealService
from app.certificates.handout import Collector, HandOutRequest, HandOutService
from app.certificates.printing import CertificateService
from app.certificates.reported import ReportService as LossService
from app.db.models import Application, Certificate
from app.errors import NcmsError, ValidationError
from app.examination.batches import BatchService
from app.intake.dashboard import load_dashboard
from app.intake.listing import ApplicationList
from app.national.filing import NationalFilingService
from app.review.duplicates import DuplicateService
from app.review.meeting import Conclusion, MeetingService
from app.review.reports import ReportService
from tests.app.appeals.test_appeal import REASONS, REJECTED
from tests.app.helpers import CLERK, HEAD
from tests.app.review.helpers import APPROVE, MEMBERS, Clock
from tests.app.sync.helpers import REVIEWER, Side, accepted, make_side, trust
from tests.conftest import TODAY


@dataclass
class Pair:
    station: Side
    county: Side
    app_id: uuid.UUID
    card: str  # the hypertension certificate


def _meeting(county: Side, day: date, concluded: dict[str, Conclusion]) -> list[str]:
    """A meeting on `day` concluding this file's cases by disease, every other deferred."""
    meetings = MeetingService(county.db, today=Clock(day))
    meeting = meetings.open(REVIEWER, day, MEMBERS)
    for item in meetings.items(meeting.id):
        conclusion = concluded.get(item.case.disease_code)
        if conclusion is None:
            meetings.defer(REVIEWER, item.id, True, item.version)
        else:
            meetings.conclude(REVIEWER, item.id, conclusion, item.version)
    return meetings.close(REVIEWER, meeting.id, county.keys.signing).recorded.certificates


@pytest.fixture(params=["sqlite", "postgres"])
def pair(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Pair]:
    url = request.getfixturevalue("pg_url") if request.param == "postgres" else None
    county = make_side(tmp_path / "county", "county", "C4105", url=url)
    station = make_side(tmp_path / "S001", "station", "S001")
    trust(station, county)
    app_id = accepted(station.db, 1, ["HTN", "DM"])
    BatchService(station.db).make(HEAD, date(2027, 1, 1))
    county.import_(station.export(tmp_path / "batch.ncmspkg"))
    (card,) = _meeting(county, TODAY, {"HTN": APPROVE, "DM": REJECTED})
    station.import_(county.export(tmp_path / "decided.ncmspkg", "S001"))
    yield Pair(station, county, app_id, card)
    station.db.engine.dispose()
    county.db.engine.dispose()


def _certificates(side: Side, app_id: uuid.UUID) -> dict[str, Certificate]:
    with side.db.reader() as session:
        found = session.scalars(select(Certificate).where(Certificate.application_id == app_id))
        rows = {c.number: c for c in found}
        session.expunge_all()
    return rows


def _state(side: Side, app_id: uuid.UUID) -> str:
    with side.db.reader() as session:
        state = session.scalar(select(Application.state).where(Application.id == app_id))
    assert state is not None
    return state


def _appeal(pair: Pair, tmp_path: Path) -> None:
    """The applicant's appeal of the diabetes, three days on, taken at the county."""
    appeals = AppealService(pair.station.db, today=Clock(TODAY + timedelta(days=3)))
    shown = appeals.appealable(pair.app_id)
    assert [d.code for d in shown.diseases] == ["DM"]
    appeals.lodge(CLERK, pair.app_id, REASONS)
    assert _state(pair.station, pair.app_id) == "appealed"
    pair.county.import_(pair.station.export(tmp_path / "appeal.ncmspkg"))
    assert _state(pair.county, pair.app_id) == "appealed"


def test_an_approval_on_appeal_is_a_certificate_of_its_own(pair: Pair, tmp_path: Path) -> None:
    station, county = pair.station, pair.county
    printed = CertificateService(station.db, today=Clock())
    printed.record_prints(CLERK, printed.listed(), "")
    handout = HandOutService(station.db, today=Clock(TODAY + timedelta(days=1)))
    holder = handout.on_file(pair.card)
    handout.hand_out(CLERK, HandOutRequest(pair.card, Collector.APPLICANT, holder.id_number))
    before = _certificates(county, pair.app_id)[pair.card]

    _appeal(pair, tmp_path)
    # Meanwhile the hypertension card stands, at both ends.
    assert _certificates(station, pair.app_id)[pair.card].revoked_on is None
    (new,) = _meeting(county, TODAY + timedelta(days=10), {"DM": APPROVE})

    held = _certificates(county, pair.app_id)
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
    assert _state(station, pair.app_id) == "certificate_issued"
    at_station = _certificates(station, pair.app_id)
    assert set(at_station) == {pair.card, new}
    assert at_station[pair.card].handed_out_at is not None  # the hand-out kept
    # Printing by the file's number prints both cards; the new one is still to collect.
    number = station_number(station, pair.app_id)
    assert len(printed.by_application_numbers([number])) == 2
    dashboard = load_dashboard(station.db, TODAY + timedelta(days=11))
    assert dashboard.certificates_to_hand_out.value == 1


def station_number(side: Side, app_id: uuid.UUID) -> str:
    with side.db.reader() as session:
        number = session.scalar(select(Application.number).where(Application.id == app_id))
    assert number is not None
    return number


def test_an_appeal_dismissed_leaves_the_certificate_alone(pair: Pair, tmp_path: Path) -> None:
    station, county = pair.station, pair.county
    _appeal(pair, tmp_path)
    assert _meeting(county, TODAY + timedelta(days=10), {"DM": REJECTED}) == []
    assert _state(county, pair.app_id) == "certificate_issued"
    assert set(_certificates(county, pair.app_id)) == {pair.card}
    (line,) = ReportService(county.db).appeals(None).lines
    assert line.standing == "dismissed"
    station.import_(county.export(tmp_path / "answer.ncmspkg", "S001"))
    assert _state(station, pair.app_id) == "certificate_issued"
    with pytest.raises(NcmsError) as refused:  # once: the answer is final
        AppealService(station.db, today=Clock(TODAY + timedelta(days=11))).appealable(pair.app_id)
    assert refused.value.key == "appeal.already"


def test_while_the_appeal_runs_the_card_is_still_to_collect(pair: Pair, tmp_path: Path) -> None:
    """The dashboard counts the standing card not yet collected, whatever its file's
    state, and opens the list holding it; a card that has expired is no longer counted."""
    _appeal(pair, tmp_path)
    day = TODAY + timedelta(days=4)
    figure = load_dashboard(pair.station.db, day).certificates_to_hand_out
    assert figure.value == 1
    assert [row.id for row in ApplicationList(pair.station.db).page(figure.filter)] == [pair.app_id]
    end = _certificates(pair.station, pair.app_id)[pair.card].valid_until
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
    _appeal(pair, tmp_path)
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
    assert _state(county, pair.app_id) == "appealed"
    duplicates.mark_duplicate(REVIEWER, pair.app_id, other, other, "同一人重复申请")
    assert _state(county, other) == "withdrawn"


def test_no_appeal_once_the_certificate_has_ended(pair: Pair, tmp_path: Path) -> None:
    LossService(pair.station.db, today=Clock(TODAY + timedelta(days=2))).cancel(
        CLERK, pair.card, "death"
    )
    with pytest.raises(NcmsError) as refused:
        AppealService(pair.station.db, today=Clock(TODAY + timedelta(days=3))).appealable(
            pair.app_id
        )
    assert refused.value.key == "appeal.certificate_ended"
