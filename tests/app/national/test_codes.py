"""The county maps its hospitals and unmapped diseases to the platform's codes: a
code not shaped as the platform's is refused beside its field and changes nothing,
each change is audited once, and a station maps nothing (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.db.models import AuditEntry, Disease, Hospital
from app.errors import NcmsError, PermissionDenied, ValidationError
from app.national.codes import NationalCodes
from tests.app.helpers import HEAD, row_counts
from tests.app.sync.helpers import REVIEWER, County


def _audited(county_center: County) -> int:
    with county_center.county.db.reader() as session:
        return session.scalar(select(func.count()).where(AuditEntry.action == "national.codes"))


def test_a_hospital_and_a_disease_are_mapped_and_audited_once(county_center: County) -> None:
    db = county_center.county.db
    codes = NationalCodes(db)
    unmapped = [m for m in codes.mappings() if not m.national_code]
    assert {m.kind for m in unmapped} == {"hospital", "disease"}  # the catalogue's gaps
    codes.map_hospital(REVIEWER, "H410523001", " h41052300001 ")
    codes.map_hospital(REVIEWER, "H410523001", "H41052300001")  # again: nothing new
    codes.map_disease(REVIEWER, "COPD", "M05300", "慢性阻塞性肺疾病")
    with db.reader() as session:
        hospital = session.get(Hospital, "H410523001")
        copd = session.get(Disease, "COPD")
        assert hospital is not None and copd is not None
        assert hospital.national_code == "H41052300001"
        assert (copd.national_code, copd.national_name) == ("M05300", "慢性阻塞性肺疾病")
    assert _audited(county_center) == 2
    shown = {(m.kind, m.code): m.national_code for m in codes.mappings()}
    assert shown[("hospital", "H410523001")] == "H41052300001"


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda c: c.map_hospital(REVIEWER, "H410523001", "4105-23"), "hospital"),
        (lambda c: c.map_disease(REVIEWER, "COPD", "05300", "慢阻肺"), "disease"),
        (lambda c: c.map_disease(REVIEWER, "COPD", "M0123", "慢阻肺"), "disease"),
        (lambda c: c.map_disease(REVIEWER, "COPD", "M05300", "  "), "disease"),
        (lambda c: c.map_disease(REVIEWER, "COPD", "M05300", "慢\x0b阻肺"), "disease"),
    ],
)
def test_a_code_not_shaped_as_the_platform_s_changes_nothing(
    county_center: County, call: object, field: str
) -> None:
    db = county_center.county.db
    before = row_counts(db), NationalCodes(db).mappings()
    with pytest.raises(ValidationError) as caught:
        call(NationalCodes(db))  # type: ignore[operator]
    assert caught.value.fields() == {field}
    assert (row_counts(db), NationalCodes(db).mappings()) == before


def test_unknown_codes_a_station_and_a_station_s_role_are_refused(county_center: County) -> None:
    codes = NationalCodes(county_center.county.db)
    with pytest.raises(NcmsError, match="no hospital H999"):
        codes.map_hospital(REVIEWER, "H999", "H41052300001")
    with pytest.raises(NcmsError, match="no disease XYZ"):
        codes.map_disease(REVIEWER, "XYZ", "M05300", "慢阻肺")
    with pytest.raises(PermissionDenied):
        codes.map_hospital(HEAD, "H410523001", "H41052300001")
    with pytest.raises(NcmsError, match="Only the county"):
        NationalCodes(county_center.stations["S001"].db).mappings()
    assert _audited(county_center) == 0


def test_two_hospitals_never_share_a_national_code(county_center: County) -> None:
    codes = NationalCodes(county_center.county.db)
    codes.map_hospital(REVIEWER, "H410523001", "H41052300001")
    with pytest.raises(ValidationError) as caught:
        codes.map_hospital(REVIEWER, "H410523201", "H41052300001")
    assert "汤阴县人民医院" in caught.value.problems[0].message
    shown = {m.code: m.national_code for m in codes.mappings()}
    assert shown["H410523201"] == ""
