"""The county's committee: the agenda of waiting cases, the checks a sheet passes,
what each outcome does to an application, and the certificate numbers it takes."""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select

from app.cli import review as review_cli
from app.db.database import open_database
from app.db.models import Application, Certificate, ChecklistItem, Decision
from app.domain.workflow import Role
from app.errors import NcmsError, PermissionDenied, ValidationError
from app.examination.batches import BatchService
from app.paths import DataPaths
from app.review.committee import CaseDecision, ReviewService
from app.security.actor import Actor
from tests.app.helpers import HEAD
from tests.app.sync.helpers import REJECTION, REVIEWER, Side, accepted, make_side, trust
from tests.conftest import TODAY

EXPERTS = ("张医生", "李医生")
EXAM_BY = TODAY + timedelta(days=20)
# The diseases each application of the batch declares, in the order they are numbered.
DECLARED = [["HTN"], ["HTN", "DM"], ["DM"]]


def _build(root: Path) -> tuple[Side, Side]:
    """Station S001 and county C4105; the county holds the batch of DECLARED, and
    the station one more application it accepted but has not batched."""
    station = make_side(root / "station", "station", "S001")
    county = make_side(root / "county", "county", "C4105")
    trust(station, county)
    for sequence, diseases in enumerate(DECLARED, 1):
        accepted(station.db, sequence, diseases)
    BatchService(station.db).make(HEAD, date(2027, 1, 1))
    accepted(station.db, 9)  # accepted after the batch: not sent
    county.import_(station.export(root / "up.ncmspkg"))
    return station, county


@pytest.fixture
def sides(tmp_path: Path) -> Iterator[tuple[Side, Side]]:
    station, county = _build(tmp_path)
    yield station, county
    station.db.close()
    county.db.close()


@pytest.fixture
def county(sides: tuple[Side, Side]) -> Side:
    return sides[1]


@pytest.fixture(scope="module")
def untouched(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Side, Side]]:
    """The same, shared by the tests that only read it or are refused."""
    station, county = _build(tmp_path_factory.mktemp("untouched"))
    yield station, county
    station.db.close()
    county.db.close()


@pytest.fixture
def waiting(untouched: tuple[Side, Side]) -> Side:
    return untouched[1]


def _review(side: Side) -> ReviewService:
    return ReviewService(side.db, today=lambda: TODAY)


def _numbers(side: Side) -> list[str]:
    """The applications' numbers, in the order they were taken."""
    with side.db.reader() as session:
        return list(session.scalars(select(Application.number).order_by(Application.number)))


def _row(
    number: str,
    disease: str,
    outcome: str = "approved",
    reasons: str = "",
    experts: tuple[str, ...] = EXPERTS,
    row: int = 3,
    **details: Any,
) -> CaseDecision:
    if outcome == "exam_required":  # where and by when, unless the test says otherwise
        details = {"exam_hospital": "汤阴县人民医院", "exam_by": EXAM_BY, **details}
    return CaseDecision(row, number, disease, outcome, reasons, experts, **details)


def _state(side: Side, number: str) -> str:
    with side.db.reader() as session:
        app = session.scalars(select(Application).where(Application.number == number)).one()
        return app.state


def _certificates(side: Side) -> list[Certificate]:
    with side.db.reader() as session:
        return list(session.scalars(select(Certificate).order_by(Certificate.number)))


def _approve_all(side: Side) -> list[str]:
    review = _review(side)
    rows = [
        _row(c.application_number, c.disease_code, row=n) for n, c in enumerate(review.agenda(), 3)
    ]
    return review.record(REVIEWER, rows, side.keys.signing).certificates


# -- the agenda ------------------------------------------------------------------------


def test_the_agenda_is_one_case_per_pending_disease_of_what_was_sent(waiting: Side) -> None:
    first, second, third = _numbers(waiting)  # the unbatched fourth never came
    cases = _review(waiting).agenda()
    assert [(c.application_number, c.disease_code) for c in cases] == [
        (first, "HTN"),
        (second, "HTN"),
        (second, "DM"),
        (third, "DM"),
    ]
    case = cases[0]
    assert case.station_code == "S001" and case.state == "county_received"
    assert case.masked_id.startswith("410523") and "*" in case.masked_id
    assert case.age == 76  # born 1950-01-02, on TODAY
    provided, listed = case.materials.split("/")
    assert provided == listed and int(listed) > 1  # every one provided
    assert case.documents == 1 and not case.duplicate
    with waiting.db.session() as session:  # one line of the first file found wanting
        line = session.scalars(
            select(ChecklistItem).where(ChecklistItem.application_id == case.application_id)
        ).first()
        assert line is not None
        line.status = "insufficient"
    again = _review(waiting).agenda()
    assert [c.materials for c in again[:2]] == [f"{int(listed) - 1}/{listed}", cases[1].materials]


def test_a_decided_disease_leaves_the_agenda_and_its_sibling_stays(county: Side) -> None:
    first, second, third = _numbers(county)
    review = _review(county)
    review.record(
        REVIEWER,
        [
            _row(first, "HTN"),
            _row(second, "HTN", row=4),
            _row(third, "DM", "supplement_requested", "缺少近一个月的检查报告", row=5),
        ],
        county.keys.signing,
    )
    # The first is certified, the third went back for its supplement; the second
    # waits, under review, for the committee's word on its other disease.
    assert [(c.application_number, c.disease_code, c.state) for c in review.agenda()] == [
        (second, "DM", "under_review")
    ]
    assert _state(county, first) == "certificate_issued"
    assert _state(county, third) == "awaiting_materials"


def test_a_case_sent_for_a_physical_examination_stays_on_the_agenda(county: Side) -> None:
    first, *_ = _numbers(county)
    review = _review(county)
    review.record(
        REVIEWER, [_row(first, "HTN", "exam_required", "需到县医院体检")], county.keys.signing
    )
    still = [c for c in review.agenda() if c.application_number == first]
    assert [(c.disease_code, c.state) for c in still] == [("HTN", "exam_required")]
    with county.db.reader() as session:
        decision = session.scalars(select(Decision)).one()
        # The hospital named on the sheet is kept by its code, with the date.
        assert (decision.exam_hospital_code, decision.exam_by) == ("H410523001", EXAM_BY)
    # Its examination done, the committee decides it like any other case.
    (number,) = review.record(REVIEWER, [_row(first, "HTN")], county.keys.signing).certificates
    assert _state(county, first) == "certificate_issued" and number.startswith("C4105")


# -- the sheet's checks ----------------------------------------------------------------


def test_every_problem_of_a_sheet_is_reported_at_once_with_its_row(waiting: Side) -> None:
    first, second, third = _numbers(waiting)
    problems = _review(waiting).check(
        [
            _row("S001-2026-999999", "HTN", row=3),  # no such case
            _row(first, "DM", row=4),  # the application declared HTN only
            _row(second, "HTN", "rejected", "  ", row=5),  # a rejection without a reason
            _row(second, "DM", "maybe", "?", row=6),
            _row(third, "DM", experts=("张医生",), row=7),
            _row(third, "DM", row=8),  # the same case twice
        ]
    )
    assert [(p.field, p.key) for p in problems] == [
        ("row 3", "review.unknown_case"),
        ("row 4", "review.unknown_case"),
        ("row 5", "review.reason_required"),
        ("row 6", "review.bad_outcome"),
        ("row 7", "review.two_experts"),
        ("row 8", "review.duplicate_row"),
    ]


@pytest.mark.parametrize("outcome", ["rejected", "exam_required", "supplement_requested"])
def test_every_outcome_but_approval_needs_its_reason(waiting: Side, outcome: str) -> None:
    first, *_ = _numbers(waiting)
    review = _review(waiting)
    assert [p.key for p in review.check([_row(first, "HTN", outcome)])] == [
        "review.reason_required"
    ]
    assert review.check([_row(first, "HTN", outcome, "病历资料不完整")]) == []
    assert review.check([_row(first, "HTN", "approved")]) == []  # approval needs none


def test_an_examination_names_a_designated_hospital_and_a_date_to_come(waiting: Side) -> None:
    first, *_ = _numbers(waiting)
    review = _review(waiting)
    checks = {
        "nothing": {"exam_hospital": "", "exam_by": None},
        "unknown hospital, past date": {
            "exam_hospital": "某某诊所",
            "exam_by": TODAY - timedelta(days=1),
        },
        "by code, today": {"exam_hospital": "H410500001", "exam_by": TODAY},
    }
    found = {
        name: [p.key for p in review.check([_row(first, "HTN", "exam_required", "复查", **d)])]
        for name, d in checks.items()
    }
    assert found == {
        "nothing": ["review.exam_hospital_required", "review.exam_date_required"],
        "unknown hospital, past date": ["review.exam_hospital_unknown", "review.exam_date_past"],
        "by code, today": [],
    }


def test_the_category_the_committee_sets_is_the_certificates(county: Side) -> None:
    first, *_ = _numbers(county)
    review = _review(county)
    assert [p.key for p in review.check([_row(first, "HTN", category="Z")])] == [
        "review.bad_category"
    ]
    review.record(REVIEWER, [_row(first, "HTN", category="A")], county.keys.signing)
    with county.db.reader() as session:
        certificate = session.scalars(select(Certificate)).one()
        decision = session.scalars(select(Decision)).one()
    # The catalogue puts hypertension in B; the committee graded this case A.
    assert [d["category"] for d in certificate.diseases] == ["A"]
    assert decision.category == "A"


@pytest.mark.parametrize(
    ("experts", "key"),
    [
        ((), "review.two_experts"),
        (("张医生",), "review.two_experts"),
        (("张医生", " 张医生 "), "review.same_expert"),  # said as such, not "two needed"
        (("张医生", "  ", ""), "review.two_experts"),
    ],
    ids=["none", "one", "one twice", "one and blanks"],
)
def test_two_different_experts_sign_each_decision(
    waiting: Side, experts: tuple[str, ...], key: str
) -> None:
    first, *_ = _numbers(waiting)
    review = _review(waiting)
    assert [p.key for p in review.check([_row(first, "HTN", experts=experts)])] == [key]
    assert review.check([_row(first, "HTN", experts=(" 张医生", "李医生 "))]) == []


def test_a_refused_sheet_records_nothing_and_takes_no_number(county: Side) -> None:
    first, second, _ = _numbers(county)
    review = _review(county)
    bad = [_row(first, "HTN"), _row(second, "HTN", "rejected", "", row=4)]
    with pytest.raises(ValidationError) as refused:
        review.record(REVIEWER, bad, county.keys.signing)
    assert refused.value.fields() == {"row 4"}
    with county.db.reader() as session:
        assert session.scalars(select(Decision)).all() == []
    assert _certificates(county) == [] and len(review.agenda()) == 4
    (number,) = review.record(REVIEWER, [_row(first, "HTN")], county.keys.signing).certificates
    assert number.endswith("000001")


def test_a_decided_case_cannot_be_decided_again(county: Side) -> None:
    first, second, _ = _numbers(county)
    review = _review(county)
    review.record(REVIEWER, [_row(first, "HTN"), _row(second, "HTN", row=4)], county.keys.signing)
    for again in (_row(first, "HTN", "rejected", REJECTION), _row(second, "HTN")):
        with pytest.raises(ValidationError) as refused:
            review.record(REVIEWER, [again], county.keys.signing)
        assert [p.key for p in refused.value.problems] == ["review.unknown_case"]
    with county.db.reader() as session:
        assert len(session.scalars(select(Decision)).all()) == 2
    assert len(_certificates(county)) == 1


@pytest.mark.parametrize("role", [Role.CLERK, Role.STATION_HEAD, Role.ADMIN, Role.SYSTEM], ids=str)
def test_only_the_county_staff_record_decisions(waiting: Side, role: Role) -> None:
    first, *_ = _numbers(waiting)
    with pytest.raises(PermissionDenied):
        _review(waiting).record(Actor("someone", role), [_row(first, "HTN")], waiting.keys.signing)
    with waiting.db.reader() as session:
        assert session.scalars(select(Decision)).all() == []
    assert _state(waiting, first) == "county_received"


def test_a_station_installation_is_refused_the_committee_s_work(
    untouched: tuple[Side, Side],
) -> None:
    # A station holds mirrors in the committee's states: still not its work.
    station, _ = untouched
    first, *_ = _numbers(station)
    service = _review(station)
    with pytest.raises(NcmsError, match="held at the county center"):
        service.agenda()
    with pytest.raises(NcmsError, match="held at the county center"):
        service.record(REVIEWER, [_row(first, "HTN")], station.keys.signing)
    with station.db.reader() as session:
        assert session.scalars(select(Decision)).all() == []
        assert session.scalars(select(Certificate)).all() == []


@pytest.mark.parametrize("handler", [review_cli.agenda, review_cli.decisions])
def test_the_review_commands_refuse_a_station_installation(
    untouched: tuple[Side, Side],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    handler: object,
) -> None:
    station, _ = untouched
    monkeypatch.delenv("NCMS_DB_URL", raising=False)
    if handler is review_cli.decisions:
        monkeypatch.setattr("app.review.sheet.read_decisions", lambda _path: [])
    args = argparse.Namespace(
        data_dir=str(station.root),
        db=None,
        out=tmp_path / "a.xlsx",
        file=tmp_path / "a.xlsx",
        notice_from=None,
        notice_to=None,
    )
    assert callable(handler)
    with pytest.raises(NcmsError, match="held at the county center"):
        handler(args)
    assert not (tmp_path / "a.xlsx").exists()


# -- what each outcome does ------------------------------------------------------------


def test_decisions_are_stored_per_disease_as_the_sheet_gave_them(county: Side) -> None:
    _, second, _ = _numbers(county)
    _review(county).record(
        REVIEWER,
        [
            _row(second, "HTN"),
            _row(
                second, "DM", "rejected", "血糖未达标；病历不全\n检查过期", (" 王医生 ", "赵医生")
            ),
        ],
        county.keys.signing,
    )
    with county.db.reader() as session:
        app = session.scalars(select(Application).where(Application.number == second)).one()
        decisions = {d.disease_code: d for d in session.scalars(select(Decision))}
        outcomes = {d.disease_code: d.outcome for d in app.diseases}
        version = app.version
    assert decisions["DM"].reasons == ["血糖未达标", "病历不全", "检查过期"]
    assert decisions["DM"].experts == ["王医生", "赵医生"]
    assert decisions["HTN"].reasons == [] and decisions["HTN"].experts == list(EXPERTS)
    assert {d.application_version for d in decisions.values()} == {version}
    assert {(d.county_code, d.decided_on, d.updated_by) for d in decisions.values()} == {
        ("C4105", TODAY, REVIEWER.username)
    }
    assert outcomes == {"HTN": "approved", "DM": "rejected"}
    # Partly approved, and certified for what was approved only.
    assert _state(county, second) == "certificate_issued"
    (certificate,) = _certificates(county)
    assert [d["code"] for d in certificate.diseases] == ["HTN"]


def test_a_rejection_of_every_disease_issues_no_certificate(county: Side) -> None:
    _, second, _ = _numbers(county)
    result = _review(county).record(
        REVIEWER,
        [_row(second, "HTN", "rejected", REJECTION), _row(second, "DM", "rejected", "不符合")],
        county.keys.signing,
    )
    assert (result.decisions, result.applications, result.certificates) == (2, 1, [])
    assert _state(county, second) == "rejected" and _certificates(county) == []


def test_a_supplement_request_keeps_the_disease_pending(county: Side) -> None:
    _, second, _ = _numbers(county)
    _review(county).record(
        REVIEWER,
        [_row(second, "HTN"), _row(second, "DM", "supplement_requested", "缺糖化血红蛋白")],
        county.keys.signing,
    )
    with county.db.reader() as session:
        app = session.scalars(select(Application).where(Application.number == second)).one()
        outcomes = {d.disease_code: d.outcome for d in app.diseases}
    # The approval stands; the other disease waits for the station's supplement.
    assert outcomes == {"HTN": "approved", "DM": "pending"}
    assert _state(county, second) == "awaiting_materials" and _certificates(county) == []


# -- certificate numbers ---------------------------------------------------------------


def test_certificate_numbers_are_county_year_and_sequence_without_gaps(county: Side) -> None:
    numbers = _approve_all(county)
    certificates = _certificates(county)
    year = certificates[0].valid_from.year
    assert numbers == [f"C4105{year}{n:06d}" for n in (1, 2, 3)]
    assert [c.number for c in certificates] == numbers
    assert all(re.fullmatch(r"C4105\d{4}\d{6}", n) for n in numbers)


def test_certificate_numbers_go_on_across_runs_and_reopening(
    sides: tuple[Side, Side], tmp_path: Path
) -> None:
    _, county = sides
    first, second, third = _numbers(county)
    review = _review(county)
    (one,) = review.record(REVIEWER, [_row(first, "HTN")], county.keys.signing).certificates
    county.db.close()
    county.db = open_database(DataPaths(county.root))
    rows = [_row(second, "HTN"), _row(second, "DM", row=4), _row(third, "DM", row=5)]
    two, three = _review(county).record(REVIEWER, rows, county.keys.signing).certificates
    assert [n[-6:] for n in (one, two, three)] == ["000001", "000002", "000003"]
    assert len({one, two, three}) == 3


class _FailingSigner:
    """The county's key, failing at its `fail_at`-th seal (a crash mid-sheet)."""

    def __init__(self, key: Ed25519PrivateKey, fail_at: int) -> None:
        self.key, self.fail_at, self.calls = key, fail_at, 0

    def sign(self, data: bytes) -> bytes:
        self.calls += 1
        if self.calls == self.fail_at:
            raise OSError("the key store went away")
        return self.key.sign(data)


def test_a_recording_that_fails_midway_gives_its_numbers_back(county: Side) -> None:
    review = _review(county)
    rows = [
        _row(c.application_number, c.disease_code, row=n) for n, c in enumerate(review.agenda(), 3)
    ]
    signer = _FailingSigner(county.keys.signing, fail_at=2)
    with pytest.raises(OSError, match="went away"):
        review.record(REVIEWER, rows, signer)  # type: ignore[arg-type]
    # The first application's certificate and decisions went with the transaction.
    assert _certificates(county) == [] and len(review.agenda()) == 4
    with county.db.reader() as session:
        assert session.scalars(select(Decision)).all() == []
    numbers = review.record(REVIEWER, rows, county.keys.signing).certificates
    assert [n[-6:] for n in numbers] == ["000001", "000002", "000003"]
