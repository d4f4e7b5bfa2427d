"""The county's list of cases across stations: by station, by diagnosing hospital,
the duplicates the import flagged, and the short number as the station searches."""

from __future__ import annotations

from app.intake.listing import ApplicationFilter, ApplicationList
from tests.app.helpers import CHINESE_MEDICINE, COUNTY_HOSPITAL
from tests.app.sync.helpers import County


def test_the_county_lists_every_station_and_filters_by_each(county_center: County) -> None:
    listing = ApplicationList(county_center.county.db)
    assert listing.stations() == [("S001", "宜沟镇合管站"), ("S002", "任固镇合管站")]
    assert listing.count(ApplicationFilter()) == 4
    rows = listing.page(ApplicationFilter(station="S002"), sort="number", descending=False)
    assert [r.station_code for r in rows] == ["S002", "S002"]
    assert {r.diseases for r in rows} == {("HTN",), ("DM",)}


def test_the_diagnosing_hospital_filter_and_its_choices(county_center: County) -> None:
    listing = ApplicationList(county_center.county.db)
    codes = [code for code, _name in listing.hospitals()]
    assert sorted(codes) == sorted([COUNTY_HOSPITAL, CHINESE_MEDICINE])
    clinic = listing.page(ApplicationFilter(hospital=CHINESE_MEDICINE))
    assert [(r.station_code, r.diseases, r.hospital_code) for r in clinic] == [
        ("S002", ("DM",), CHINESE_MEDICINE)
    ]


def test_the_duplicate_flag_finds_the_second_stations_file(county_center: County) -> None:
    listing = ApplicationList(county_center.county.db)
    flagged = listing.page(ApplicationFilter(duplicates=True))
    assert len(flagged) == 1 and flagged[0].duplicate and flagged[0].station_code == "S002"
    everyone = listing.page(ApplicationFilter(), limit=10)
    same_person = [r for r in everyone if r.id_number == flagged[0].id_number]
    assert {r.station_code for r in same_person} == {"S001", "S002"}


def test_the_short_number_finds_a_file_across_stations(county_center: County) -> None:
    listing = ApplicationList(county_center.county.db)
    rows = listing.page(ApplicationFilter(station="S002"), sort="number", descending=False)
    short = rows[0].number.rsplit("-", 1)[-1]
    found = listing.page(ApplicationFilter(text=short))
    # Each station numbers its own: the same short number may be at both.
    assert rows[0].number in [r.number for r in found]
    both = listing.page(ApplicationFilter(text=short, station="S002"))
    assert [r.number for r in both] == [rows[0].number]
