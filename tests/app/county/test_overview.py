"""The county's dashboard figures, on the county of two stations: this quarter's
files by station and disease, the waits, the notices running, the certificates to
renew, the stations gone silent; and every figure lists, on the Cases page's filter,
exactly the files it counts."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from app.county.overview import CountyOverview, CountyOverviewData, Figure
from app.domain.quarters import quarter_start
from app.intake.listing import ApplicationList
from app.review.meeting import Conclusion, MeetingService
from app.review.notice import NoticePeriod, NoticeService
from tests.app.review.helpers import MEMBERS, Clock, conclude_every_kind
from tests.app.sync.helpers import REVIEWER, County
from tests.conftest import TODAY

QUARTER = date(2026, 10, 1)  # TODAY's review quarter
PERIOD = NoticePeriod(date(2026, 11, 23), date(2026, 11, 27))


def _every_figure(data: CountyOverviewData) -> list[Figure]:
    cells = [f for row in data.by_station for f in (*row.by_disease.values(), row.total)]
    return [
        *cells,
        *data.disease_totals.values(),
        data.quarter_total,
        data.waiting_committee,
        data.waiting_examination,
        data.waiting_materials,
    ]


def test_the_quarter_by_station_and_disease_and_what_waits(county_center: County) -> None:
    db = county_center.county.db
    data = CountyOverview(db, Clock()).load()
    assert data.quarter == QUARTER == quarter_start(TODAY)
    assert [(r.code, r.name) for r in data.by_station] == [
        ("S001", "宜沟镇合管站"),
        ("S002", "任固镇合管站"),
    ]
    table = {(r.code, d): f.value for r in data.by_station for d, f in r.by_disease.items()}
    assert table == {("S001", "HTN"): 2, ("S002", "HTN"): 1, ("S002", "DM"): 1}
    assert data.diseases == ("HTN", "DM")  # most files first
    assert {d: f.value for d, f in data.disease_totals.items()} == {"HTN": 3, "DM": 1}
    assert [r.total.value for r in data.by_station] == [2, 2]
    assert data.quarter_total.value == 4
    # Everything arrived, nothing decided yet: four cases for the committee.
    assert (data.waiting_committee.value, data.waiting_examination.value) == (4, 0)
    assert data.waiting_materials.value == 0
    assert (data.notices_running, data.expiring) == ((), 0)
    listing = ApplicationList(db)
    for figure in _every_figure(data):
        assert listing.count(figure.filter) == figure.value, figure
    s001 = data.by_station[0].by_disease["HTN"].filter
    assert (s001.station, s001.disease, s001.quarter) == ("S001", "HTN", QUARTER)


def test_after_a_meeting_the_waits_the_notice_and_the_renewals(county_center: County) -> None:
    db = county_center.county.db
    clock = Clock()
    meetings = MeetingService(db, today=clock)
    meeting = conclude_every_kind(meetings)  # two approved, one examination, one deferred
    meetings.close(REVIEWER, meeting.id, county_center.county.keys.signing, notice=PERIOD)
    overview = CountyOverview(db, clock)
    data = overview.load()
    assert data.waiting_committee.value == 1
    assert data.waiting_examination.value == 1
    (notice,) = data.notices_running
    assert (notice.period, notice.certificates) == (PERIOD, 2)
    assert data.expiring == 0  # held for the notice, and valid for years
    listing = ApplicationList(db)
    for figure in _every_figure(data):
        assert listing.count(figure.filter) == figure.value, figure

    # The committee asks for a supplement on the deferred case: it waits for materials.
    later = meetings.open(REVIEWER, TODAY, MEMBERS)
    for item in meetings.items(later.id):
        if item.case.state == "exam_required":  # its examination is not back yet
            meetings.defer(REVIEWER, item.id, True, item.version)
        else:
            ask = Conclusion("supplement_requested", "缺出院记录", ("张医生", "李医生"))
            meetings.conclude(REVIEWER, item.id, ask, item.version)
    meetings.close(REVIEWER, later.id, county_center.county.keys.signing)
    clock.today = PERIOD.ends_on
    assert [n.id for n in overview.load().notices_running] == [notice.id]  # its last day
    clock.today = PERIOD.ends_on + timedelta(days=1)
    data = overview.load()  # over, but its certificates wait for someone to close it
    assert data.notices_running == () and [n.id for n in data.notices_to_close] == [notice.id]
    NoticeService(db, clock).close(REVIEWER, notice.id)
    data = overview.load()
    assert (data.waiting_committee.value, data.waiting_materials.value) == (0, 1)
    assert listing.count(data.waiting_materials.filter) == 1
    assert data.notices_running == () and data.notices_to_close == ()
    # Two months before the first certificates end, both are on the renewal list.
    register = overview.register.entries()
    ends = min(e.certificate.valid_until for e in register if e.certificate.valid_until)
    clock.today = ends - timedelta(days=data.expiring_days - 1)
    assert overview.load().expiring == 2


def test_a_station_that_sent_nothing_for_more_than_n_days_is_silent(
    county_center: County,
) -> None:
    db = county_center.county.db
    overview = CountyOverview(db, Clock(date.today()))
    data = overview.load()
    assert [(s.code, s.packages, s.silent_days) for s in data.stations] == [
        ("S001", 1, 0),
        ("S002", 1, 0),
    ]
    assert all(s.last_package_at is not None for s in data.stations)
    assert data.silent_after_days == 14 and data.silent == ()
    overview.today = Clock(date.today() + timedelta(days=15))
    assert [(s.code, s.silent_days) for s in overview.load().silent] == [
        ("S001", 15),
        ("S002", 15),
    ]
    overview.today = Clock(date.today() + timedelta(days=14))
    assert overview.load().silent == ()
    quieter = replace(overview.load(), silent_after_days=3)
    assert len(quieter.silent) == 2


def test_writing_a_station_its_package_is_not_hearing_from_it(
    county_center: County, tmp_path: Path
) -> None:
    from app.sync.export import ExportService

    county = county_center.county
    overview = CountyOverview(county.db, Clock(date.today()))
    before = {s.code: s.last_sync_at for s in overview.load().stations}
    written = ExportService(county.db, county.keys).export(REVIEWER, tmp_path / "p.ncmspkg", "S001")
    assert written.sequence >= 1
    after = {s.code: s.last_sync_at for s in overview.load().stations}
    assert after == before  # the station sent nothing since: still as silent as it was
