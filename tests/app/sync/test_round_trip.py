"""Station → county → station through package files, at the service level."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from app.certificates.printing import CertificateService
from app.certificates.seal import Verdict
from app.db.database import Database
from app.db.models import (
    Application,
    AuditEntry,
    Certificate,
    Decision,
    Document,
    Person,
    StateChange,
)
from app.domain.workflow import State
from app.errors import NcmsError, PermissionDenied
from app.examination.batches import BatchService
from app.examination.examination import ExaminationService
from app.intake.applications import ApplicationService
from app.intake.status import station_status
from app.review.committee import CaseDecision, ReviewService
from app.sync.conflicts import list_conflicts, resolve_conflict
from tests.app.helpers import CLERK, HEAD, row_counts
from tests.app.sync.helpers import REVIEWER, Side, accepted, batched, make_side, trust
from tests.conftest import TODAY


def _decide_all(county: Side, reject: frozenset[int] = frozenset()) -> list[str]:
    review = ReviewService(county.db, today=lambda: TODAY)
    rows = []
    for n, case in enumerate(review.agenda()):
        rejected = n in reject
        rows.append(
            CaseDecision(
                n + 2,
                case.application_number,
                case.disease_code,
                "rejected" if rejected else "approved",
                "血压记录不足三次" if rejected else "",
                ("张医生", "李医生"),
            )
        )
    return review.record(REVIEWER, rows, county.keys.signing).certificates


def _states(db: Database) -> dict[str, str]:
    with db.reader() as session:
        return {a.number: a.state for a in session.scalars(select(Application))}


def test_files_go_up_decisions_come_down_and_certificates_arrive(
    station: Side, county: Side, tmp_path: Path
) -> None:
    batched(station.db, 3)
    assert station_status(station.db).pending_to_sync == 3
    up = station.export(tmp_path / "up.ncmspkg")
    assert set(_states(station.db).values()) == {State.SENT.value}
    result = county.import_(up)
    assert result.status == "applied" and result.changes["application"] == 3
    assert set(_states(county.db).values()) == {State.COUNTY_RECEIVED.value}
    with county.db.reader() as session:
        documents = session.scalars(select(Document)).all()
        assert len(documents) == 3
        assert all(county.db.blobs.check(d.blob_sha256) is None for d in documents)

    numbers = _decide_all(county, reject=frozenset({1}))
    assert len(numbers) == 2 and all(n.startswith("C41052027") for n in numbers)
    down = county.export(tmp_path / "down.ncmspkg", "S001")
    result = station.import_(down)
    assert result.changes["decision"] == 3 and result.changes["certificate"] == 2
    states = sorted(_states(station.db).values())
    assert states == ["certificate_issued", "certificate_issued", "rejected"]
    with station.db.reader() as session:
        held = sorted(c.number for c in session.scalars(select(Certificate)))
        assert held == sorted(numbers)
        rejected = session.scalars(select(Decision).where(Decision.outcome == "rejected")).one()
        assert rejected.reasons == ["血压记录不足三次"] and not rejected.conflict
        # The county confirmed what it applied: nothing of those files is pending.
        assert all(a.acked_version == a.version for a in session.scalars(select(Application)))
        assert all(d.acked_version == d.version for d in session.scalars(select(Document)))
        seals = {c.number: c.seal for c in session.scalars(select(Certificate))}
    assert station_status(station.db).pending_to_sync == 0
    # The county sealed each certificate; the station checks the seal with the
    # county's public key alone.
    checker = CertificateService(station.db, today=lambda: TODAY.replace(year=2027, month=2))
    for number, seal in seals.items():
        checked = checker.verify(seal)
        assert checked.verdict == Verdict.VALID and checked.data is not None
        assert checked.data.number == number


def test_the_same_package_twice_changes_nothing(
    station: Side, county: Side, tmp_path: Path
) -> None:
    batched(station.db, 2)
    up = station.export(tmp_path / "up.ncmspkg")
    county.import_(up)
    before = row_counts(county.db)
    head = county.db.installation().audit_head
    again = county.import_(up)
    assert again.status == "already" and again.applied_at is not None
    assert row_counts(county.db) == before
    assert county.db.installation().audit_head == head


def test_an_older_package_after_a_newer_one_changes_nothing(
    station: Side, county: Side, tmp_path: Path
) -> None:
    batched(station.db, 1)
    first = station.export(tmp_path / "1.ncmspkg")
    second = station.export(tmp_path / "2.ncmspkg")  # the same files, not yet acknowledged
    assert county.import_(second).status == "applied"
    before = row_counts(county.db)
    assert county.import_(first).status == "stale"
    assert row_counts(county.db) == before


def test_documents_the_county_holds_are_not_sent_again(
    station: Side, county: Side, tmp_path: Path
) -> None:
    batched(station.db, 2)
    county.import_(station.export(tmp_path / "up.ncmspkg"))
    station.import_(county.export(tmp_path / "ack.ncmspkg", "S001"))
    # A new file whose photo is the very same picture as an acknowledged one.
    accepted(station.db, 1 + 100)
    with station.db.session() as session:
        old = session.scalars(select(Document)).first()
        assert old is not None
        new = session.scalars(select(Document).where(Document.acked_version == 0)).one()
        new.blob_sha256 = old.blob_sha256
    BatchService(station.db).make(HEAD, date(2027, 1, 1))
    exported = station.export(tmp_path / "2.ncmspkg")
    assert exported.counts["application"] == 1 and exported.counts["document"] == 1
    assert exported.blobs == 0
    assert county.import_(exported).changes["document"] == 1


def test_a_decision_on_a_superseded_version_is_kept_as_a_conflict(
    station: Side, county: Side, tmp_path: Path
) -> None:
    (app_id,) = batched(station.db, 1)
    county.import_(station.export(tmp_path / "up.ncmspkg"))
    _decide_all(county)
    down = county.export(tmp_path / "down.ncmspkg", "S001")
    # Meanwhile the station amended the file (a clerk's edit makes a new version).
    with station.db.session() as session:
        app = session.get(Application, app_id)
        assert app is not None
        app.notes = "补充了出院记录"
        app.version += 1
        amended = app.version
    result = station.import_(down)
    assert result.changes["conflict"] == 1
    with station.db.reader() as session:
        app = session.get(Application, app_id)
        assert app is not None
        assert (app.state, app.version, app.notes) == ("sent", amended, "补充了出院记录")
        decision = session.scalars(select(Decision)).one()
        assert decision.conflict and decision.application_version < amended
    (conflict,) = list_conflicts(station.db)
    assert (conflict.judged_version, conflict.current_version) == (
        decision.application_version,
        amended,
    )
    with pytest.raises(PermissionDenied):
        resolve_conflict(station.db, CLERK, conflict.decision_id, "已补充出院记录")
    with pytest.raises(NcmsError):
        resolve_conflict(station.db, HEAD, conflict.decision_id, "  ")
    resolve_conflict(station.db, HEAD, conflict.decision_id, "已补充出院记录，待县里重新评审")
    assert list_conflicts(station.db) == []
    with station.db.reader() as session:
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "decision.conflict_resolved")
        ).one()
        assert entry.actor == HEAD.username and "重新评审" in entry.after["note"]


def test_same_person_and_disease_from_two_stations_is_flagged(
    station: Side, county: Side, tmp_path: Path
) -> None:
    other = make_side(tmp_path / "other", "station", "S002")
    trust(other, county)
    batched(station.db, 1, start=7)
    batched(other.db, 1, start=7)  # the same ID number, the same disease
    county.import_(station.export(tmp_path / "a.ncmspkg"))
    result = county.import_(other.export(tmp_path / "b.ncmspkg"))
    assert result.changes["duplicate"] == 1
    with county.db.reader() as session:
        persons = session.scalars(select(Person)).all()
        assert {p.station_code for p in persons} == {"S001", "S002"}
        flagged = session.scalars(
            select(Application).where(Application.duplicate_of.is_not(None))
        ).one()
        assert flagged.station_code == "S002"
    assert any(c.duplicate for c in ReviewService(county.db, lambda: TODAY).agenda())
    other.db.close()


def test_a_supplement_request_comes_back_as_a_new_round(
    station: Side, county: Side, tmp_path: Path
) -> None:
    (app_id,) = batched(station.db, 1)
    county.import_(station.export(tmp_path / "1.ncmspkg"))
    review = ReviewService(county.db, today=lambda: TODAY)
    case = review.agenda()[0]
    review.record(
        REVIEWER,
        [
            CaseDecision(
                2,
                case.application_number,
                case.disease_code,
                "supplement_requested",
                "缺少近一月血压记录",
                ("张医生", "李医生"),
            )
        ],
        county.keys.signing,
    )
    station.import_(county.export(tmp_path / "2.ncmspkg", "S001"))
    assert _states(station.db) == {case.application_number: "awaiting_materials"}
    service = ApplicationService(station.db, today=lambda: TODAY)
    service.receive(CLERK, app_id)
    ExaminationService(station.db).accept(HEAD, app_id)
    BatchService(station.db).make(HEAD, date(2027, 1, 1))
    result = county.import_(station.export(tmp_path / "3.ncmspkg"))
    assert result.changes["amended"] == 1
    assert _states(county.db) == {case.application_number: "county_received"}
    with county.db.reader() as session:
        steps = [
            s.to_state
            for s in session.scalars(
                select(StateChange)
                .where(StateChange.application_id == app_id)
                .order_by(StateChange.at)
            )
        ]
    assert steps[-1] == "county_received"
