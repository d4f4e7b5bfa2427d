"""A partly approved file (plugin, see tests/conftest.py): S001's hypertension and
diabetes file, the hypertension approved with its certificate issued and down at
the station, the diabetes rejected — on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from app.appeals.lodging import AppealService
from app.db.models import Application, Certificate
from app.examination.batches import BatchService
from app.review.meeting import Conclusion, MeetingService
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


def meet(county: Side, day: date, concluded: dict[str, Conclusion]) -> list[str]:
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


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def pair(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Pair]:
    url = request.getfixturevalue("pg_url") if request.param == "postgres" else None
    county = make_side(tmp_path / "county", "county", "C4105", url=url)
    station = make_side(tmp_path / "S001", "station", "S001")
    trust(station, county)
    app_id = accepted(station.db, 1, ["HTN", "DM"])
    BatchService(station.db).make(HEAD, date(2027, 1, 1))
    county.import_(station.export(tmp_path / "batch.ncmspkg"))
    (card,) = meet(county, TODAY, {"HTN": APPROVE, "DM": REJECTED})
    station.import_(county.export(tmp_path / "decided.ncmspkg", "S001"))
    yield Pair(station, county, app_id, card)
    station.db.engine.dispose()
    county.db.engine.dispose()


def certificates_of(side: Side, app_id: uuid.UUID) -> dict[str, Certificate]:
    with side.db.reader() as session:
        found = session.scalars(select(Certificate).where(Certificate.application_id == app_id))
        rows = {c.number: c for c in found}
        session.expunge_all()
    return rows


def state_of(side: Side, app_id: uuid.UUID) -> str:
    with side.db.reader() as session:
        state = session.scalar(select(Application.state).where(Application.id == app_id))
    assert state is not None
    return state


def appeal_diabetes(pair: Pair, tmp_path: Path) -> None:
    """The applicant's appeal of the diabetes, three days on, taken at the county."""
    appeals = AppealService(pair.station.db, today=Clock(TODAY + timedelta(days=3)))
    shown = appeals.appealable(pair.app_id)
    assert [d.code for d in shown.diseases] == ["DM"]
    appeals.lodge(CLERK, pair.app_id, REASONS)
    assert state_of(pair.station, pair.app_id) == "appealed"
    pair.county.import_(pair.station.export(tmp_path / "appeal.ncmspkg"))
    assert state_of(pair.county, pair.app_id) == "appealed"
