"""The training county `ncms gui --demo county` opens: three practice stations'
batches imported and waiting for the committee, a cross-station duplicate to
resolve, an agenda for a meeting, all marked as training and kept until someone
starts over."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from app.admin.users import UserService
from app.county.overview import COMMITTEE
from app.db.database import open_database
from app.domain.workflow import Role
from app.intake.listing import ApplicationFilter, ApplicationList
from app.national.filing import NationalFilingService
from app.paths import DataPaths
from app.review.committee import ReviewService
from app.review.duplicates import DuplicateService
from app.review.meeting import MeetingService
from app.review.notice import NoticeService, ObjectionEntry
from app.review.reports import ReportService
from app.review.sheet import write_agenda
from app.sync.stations import StationService
from app.training.county_center import (
    APPLICATIONS,
    STATIONS,
    CountyTraining,
    CountyTrainingPaths,
    open_county_training,
)
from app.training.installation import TRAINING_PASSWORD, TrainingPaths

CODES = {"S001", "S002", "S003"}


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CountyTraining]:
    paths = CountyTrainingPaths.beside(tmp_path_factory.mktemp("county") / "data")
    told: list[tuple[int, int]] = []
    made = open_county_training(paths, progress=lambda *p: told.append(p))
    assert told[-1] == (APPLICATIONS * len(STATIONS),) * 2  # one bar over every station
    yield made
    made.db.close()


def test_it_sits_beside_the_data_directory_apart_from_the_station_training(
    county: CountyTraining,
) -> None:
    root = county.paths.root
    assert root.name == "data-county-training" and not (root.parent / "data").exists()
    assert root != TrainingPaths.beside(root.parent / "data").root
    assert county.db.paths.root == root / "county"


def test_it_is_a_training_county_and_the_login_shown_works(county: CountyTraining) -> None:
    me = county.db.installation()
    assert me.training and "培训" in me.name and me.code == "PX4105"
    actor = UserService(county.db).authenticate(county.username, county.password)
    assert actor.role == Role.COUNTY_REVIEWER and county.password == TRAINING_PASSWORD
    for code in CODES:  # each practice station a real installation, marked too
        station = open_database(county.paths.station(code))
        try:
            assert station.installation().training and station.installation().code == code
        finally:
            station.close()


def test_three_stations_packages_came_through_the_import_and_wait(
    county: CountyTraining,
) -> None:
    stations = StationService(county.db, lambda: county.secrets).overview()
    # The first station's second package: the appeal of a rejection (see below).
    received = {c: 2 if c == STATIONS[0][0].code else 1 for c in CODES}
    assert {(s.code, s.received, s.refused) for s in stations} == {
        (c, received[c], 0) for c in CODES
    }
    assert all("培训" in s.name for s in stations)
    waiting = ApplicationList(county.db).page(ApplicationFilter(states=COMMITTEE), limit=1000)
    by_station = Counter(row.station_code for row in waiting)
    assert set(by_station) == CODES and min(by_station.values()) >= 3, by_station


def test_a_cross_station_duplicate_is_listed(county: CountyTraining) -> None:
    flagged = ApplicationList(county.db).page(ApplicationFilter(duplicates=True))
    assert flagged
    pair = DuplicateService(county.db).pair(flagged[0].id)
    assert pair is not None and pair.shared_diseases
    rows = {r.id: r for r in ApplicationList(county.db).page(ApplicationFilter(), limit=1000)}
    one, other = rows[pair.flagged], rows[pair.other]
    assert one.station_code != other.station_code and one.id_number == other.id_number


def test_public_notices_wait_to_be_practised_on_today(county: CountyTraining) -> None:
    notices = NoticeService(county.db)
    today = date.today()
    over, running = sorted(notices.notices(), key=lambda n: n.period.starts_on)
    assert over.can_close(today)  # its period ended: the trainee closes it
    assert running.period.starts_on <= today <= running.period.ends_on
    reviewer = UserService(county.db).authenticate(county.username, county.password)
    listed = notices.listed(running.id)
    assert len(listed) == 2
    entry = ObjectionEntry(listed[0].number, "村民张某", "该户不在本村居住", today)
    assert notices.record_objection(reviewer, running.id, entry).raised_by == "村民张某"


def test_an_appeal_waits_on_the_agenda_and_in_the_reports(county: CountyTraining) -> None:
    """A file the first earlier meeting rejected, appealed at its station since: the
    trainee's meeting takes it again, and the Reports page lists it."""
    appeals = [case for case in ReviewService(county.db).agenda() if case.appeal is not None]
    assert appeals and {case.station_code for case in appeals} == {STATIONS[0][0].code}
    (line, *_) = ReportService(county.db).appeals(None).lines
    assert line.standing == "waiting" and line.reasons
    assert line.lodged_on < date.today()


def test_a_meeting_opens_on_the_agenda(county: CountyTraining, tmp_path: Path) -> None:
    agenda = ReviewService(county.db).agenda()
    assert {case.station_code for case in agenda} == CODES
    assert any(case.duplicate for case in agenda)
    write_agenda(agenda, tmp_path / "agenda.xlsx", "评审会议")
    assert (tmp_path / "agenda.xlsx").stat().st_size > 0
    reviewer = UserService(county.db).authenticate(county.username, county.password)
    meeting = MeetingService(county.db).open(reviewer, date.today(), ["培训专家甲", "培训专家乙"])
    assert meeting.cases == len(agenda) and meeting.remaining == len(agenda)


def test_later_starts_reuse_it_until_started_over(county: CountyTraining) -> None:
    again = open_county_training(county.paths, progress=lambda *p: pytest.fail("made again"))
    try:
        assert again.db.installation().id == county.db.installation().id
    finally:
        again.db.close()
    assert county.paths.exists()
    county.paths.start_over_marker.touch()
    assert not county.paths.exists()
    county.paths.start_over_marker.unlink()


def test_the_national_export_can_be_practised_once_a_notice_closes(
    county: CountyTraining, tmp_path: Path
) -> None:
    """A copy, so the module's county keeps its notices for the other tests."""
    copy = tmp_path / "copy"
    shutil.copytree(county.paths.root, copy)
    db = open_database(DataPaths(copy / "county"))
    try:
        reviewer = UserService(db).authenticate(county.username, county.password)
        notices = NoticeService(db)
        over = min(notices.notices(), key=lambda n: n.period.starts_on)
        notices.close(reviewer, over.id)
        owed = NationalFilingService(db).owed()
        ready, _ = owed.ready
        assert ready  # the notice's approvals, complete
        # What the county maps once is mapped: nothing is held back for want of it.
        assert {r.data["insu_optins"] for r in owed.registrations} == {"410523"}
        assert all(re.match(r"H\d{11}$", r.data["ide_fixmedins_no"]) for r in owed.registrations)
        assert all(r.data["psn_no"] for r in owed.registrations)
    finally:
        db.close()
