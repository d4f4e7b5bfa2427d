"""Deciding a flagged cross-station duplicate at the county: "duplicate" withdraws the
chosen file, and the withdrawal with its reason reaches that station and no other;
"not a duplicate" clears the flag for good, whatever is imported again. On SQLite
and on PostgreSQL (the `county_center` fixture)."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from app.db.database import Database
from app.db.models import Application, AuditEntry, StateChange
from app.errors import NcmsError, PackageRefused, PermissionDenied, ValidationError
from app.intake.listing import ApplicationFilter, ApplicationList
from app.review.duplicates import DuplicatePair, DuplicateService
from app.sync.context import LOCAL_COLUMNS
from app.sync.records import to_record
from tests.app.helpers import HEAD
from tests.app.sync.crafting import Records, reseal_records
from tests.app.sync.helpers import REVIEWER, County, Side

REASON = "同一人同一病种已在宜沟镇合管站申请"


def _pair(county_center: County) -> DuplicatePair:
    db = county_center.county.db
    (flagged,) = ApplicationList(db).page(ApplicationFilter(duplicates=True))
    pair = DuplicateService(db).pair(flagged.id)
    assert pair is not None and pair.flagged == flagged.id
    return pair


def _state(db: Database, app_id: uuid.UUID) -> tuple[str, uuid.UUID | None] | None:
    with db.reader() as session:
        app = session.get(Application, app_id)
        return None if app is None else (app.state, app.duplicate_of)


def _steps(db: Database, app_id: uuid.UUID) -> list[tuple[str, str, list[str]]]:
    with db.reader() as session:
        return [
            (s.actor_role, s.to_state, list(s.reasons))
            for s in session.scalars(
                select(StateChange)
                .where(StateChange.application_id == app_id)
                .order_by(StateChange.at)
            )
        ]


def _flagged_count(db: Database) -> int:
    return ApplicationList(db).count(ApplicationFilter(duplicates=True))


def _down(county_center: County, code: str, name: str) -> Path:
    """The county's next package for station `code`, imported there."""
    out = county_center.county.root.parent / f"{name}.ncmspkg"
    package = county_center.county.export(out, code)
    county_center.stations[code].import_(package)
    return out


def test_the_pair_is_found_from_either_file(county_center: County) -> None:
    pair = _pair(county_center)
    service = DuplicateService(county_center.county.db)
    assert service.pair(pair.other) == pair
    assert pair.shared_diseases == ("HTN",)
    with county_center.county.db.reader() as session:
        flagged, other = (
            session.get(Application, pair.flagged),
            session.get(Application, pair.other),
        )
        assert flagged is not None and other is not None
        assert (flagged.station_code, other.station_code) == ("S002", "S001")


@pytest.mark.parametrize("withdrawn", ["flagged", "other"])
def test_a_duplicate_is_withdrawn_at_its_own_station_with_the_reason(
    county_center: County, withdrawn: str
) -> None:
    county = county_center.county
    pair = _pair(county_center)
    gone, kept = (
        (pair.flagged, pair.other) if withdrawn == "flagged" else (pair.other, pair.flagged)
    )
    gone_at, kept_at = ("S002", "S001") if withdrawn == "flagged" else ("S001", "S002")
    DuplicateService(county.db).mark_duplicate(REVIEWER, pair.flagged, pair.other, gone, REASON)

    assert _state(county.db, gone) == ("withdrawn", None)
    assert _state(county.db, kept) == ("county_received", None)
    assert _flagged_count(county.db) == 0
    with county.db.reader() as session:
        actions = [
            (e.action, e.actor, e.after)
            for e in session.scalars(
                select(AuditEntry).where(AuditEntry.entity_id.in_([str(pair.flagged), str(gone)]))
            )
        ]
    assert ("application.duplicate", REVIEWER.username) in [(a, who) for a, who, _ in actions]
    assert any(
        a == "application.state" and after["state"] == "withdrawn" and after["reasons"] == [REASON]
        for a, _, after in actions
    )

    # Each station takes the county's next package: only the chosen file is withdrawn.
    _down(county_center, gone_at, "down-gone")
    _down(county_center, kept_at, "down-kept")
    station = county_center.stations[gone_at].db
    assert _state(station, gone) == ("withdrawn", None)
    assert ("county_reviewer", "withdrawn", [REASON]) in _steps(station, gone)
    other_station = county_center.stations[kept_at].db
    assert _state(other_station, gone) is None  # never sent there
    kept_state = _state(other_station, kept)
    assert kept_state is not None and kept_state[0] == "county_received"
    assert all(to != "withdrawn" for _, to, _ in _steps(other_station, kept))


def test_the_reviewer_must_give_a_reason_and_choose_a_file_of_the_pair(
    county_center: County,
) -> None:
    db = county_center.county.db
    service = DuplicateService(db)
    pair = _pair(county_center)
    third = next(
        r.id
        for r in ApplicationList(db).page(ApplicationFilter(station="S002"))
        if r.id != pair.flagged
    )
    with pytest.raises(ValidationError) as refused:
        service.mark_duplicate(REVIEWER, pair.flagged, pair.other, pair.flagged, "   ")
    assert [p.key for p in refused.value.problems] == ["duplicate.reason_required"]
    with pytest.raises(ValidationError) as refused:
        service.mark_duplicate(REVIEWER, pair.flagged, pair.other, third, REASON)
    assert [p.key for p in refused.value.problems] == ["duplicate.not_in_pair"]
    with pytest.raises(ValidationError):
        service.mark_duplicate(REVIEWER, pair.flagged, pair.other, pair.flagged, "长" * 201)
    with pytest.raises(PermissionDenied):
        service.mark_duplicate(HEAD, pair.flagged, pair.other, pair.flagged, REASON)
    with pytest.raises(PermissionDenied):
        service.mark_not_duplicate(HEAD, pair.flagged, pair.other)
    # A pair named wrongly (another desk's stale view) changes nothing either.
    with pytest.raises(NcmsError) as stale:
        service.mark_duplicate(REVIEWER, pair.flagged, third, third, REASON)
    assert stale.value.key == "duplicate.already_decided"
    for app_id in (pair.flagged, pair.other, third):
        state = _state(db, app_id)
        assert state is not None and state[0] == "county_received"
    assert _flagged_count(db) == 1


def test_once_decided_the_pair_is_not_decided_again(county_center: County) -> None:
    service = DuplicateService(county_center.county.db)
    pair = _pair(county_center)
    service.mark_not_duplicate(REVIEWER, pair.flagged, pair.other, "身份证号录入错误，实为两人")
    with pytest.raises(NcmsError) as again:
        service.mark_duplicate(REVIEWER, pair.flagged, pair.other, pair.flagged, REASON)
    assert again.value.key == "duplicate.already_decided"
    assert service.pair(pair.flagged) is None and service.pair(pair.other) is None


def _amend_and_send(side: Side, out: Path) -> Path:
    """A clerk's edit makes a new version of every file; the station sends them again."""
    with side.db.session() as session:
        for app in session.scalars(select(Application)):
            app.notes = "补充了出院记录"
            app.version += 1
    return side.export(out).path


def test_not_a_duplicate_stays_cleared_when_the_packages_come_again(
    county_center: County,
) -> None:
    county = county_center.county
    pair = _pair(county_center)
    DuplicateService(county.db).mark_not_duplicate(REVIEWER, pair.flagged, pair.other)
    assert _state(county.db, pair.flagged) == ("county_received", None)
    with county.db.reader() as session:
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "application.duplicate")
        ).one()
        assert entry.actor == REVIEWER.username and entry.after["verdict"] == "not_duplicate"
    packages = county.root.parent
    for code in ("S001", "S002"):
        county.import_(packages / f"{code}.ncmspkg")  # the same packages again
    # Both stations amend their files and send them again: the county takes the new
    # versions (the flag's rule runs on each) and still does not flag the pair.
    for code in ("S001", "S002"):
        side = county_center.stations[code]
        result = county.import_(_amend_and_send(side, packages / f"{code}-amended.ncmspkg"))
        assert result.changes["amended"] == 2 and not result.changes.get("duplicate")
    assert _flagged_count(county.db) == 0
    assert _state(county.db, pair.flagged) == ("county_received", None)
    assert _state(county.db, pair.other) == ("county_received", None)


def test_a_forged_record_cannot_withdraw_the_other_stations_file(
    county_center: County,
) -> None:
    county = county_center.county
    pair = _pair(county_center)
    DuplicateService(county.db).mark_duplicate(
        REVIEWER, pair.flagged, pair.other, pair.flagged, REASON
    )
    down = _down(county_center, "S002", "down-s002")
    packages = county.root.parent
    s002 = county_center.stations["S002"]

    # S002 sends the county's withdrawal step again, moved onto S001's file.
    theirs = [
        {**step, "id": str(uuid.uuid4()), "application_id": str(pair.other)}
        for step in _withdrawal(s002, pair)
    ]
    upload = _amend_and_send(s002, packages / "s002-next.ncmspkg")
    forged = reseal_records(
        upload,
        s002.keys.age_identity,
        s002.keys.signing,
        county.db.installation().age_recipient,
        packages / "s002-forged.ncmspkg",
        {"state_change": lambda records: records + theirs},
    )
    with pytest.raises(PackageRefused) as refused:
        county.import_(forged)
    assert refused.value.key == "package.foreign_record"
    assert _state(county.db, pair.other) == ("county_received", None)

    # The county's package for S002, forged to name S001's file: S002 holds no such
    # file, and S001 never receives what was meant for S002.
    def name_theirs(records: Records) -> Records:
        return [{**r, "id": str(pair.other)} for r in records]

    s001 = county_center.stations["S001"]
    twisted = reseal_records(
        down,
        county.keys.age_identity,
        county.keys.signing,
        s002.db.installation().age_recipient,
        packages / "down-forged.ncmspkg",
        {"application_state": name_theirs},
    )
    s002.import_(twisted)
    assert _state(s002.db, pair.other) is None
    _down(county_center, "S001", "down-s001")
    kept = _state(s001.db, pair.other)
    assert kept is not None and kept[0] == "county_received"


def _withdrawal(side: Side, pair: DuplicatePair) -> Records:
    """The county's withdrawal step as the station holds it, as a package record."""
    with side.db.reader() as session:
        steps = session.scalars(
            select(StateChange).where(
                StateChange.application_id == pair.flagged,
                StateChange.to_state == "withdrawn",
                StateChange.actor_role == "county_reviewer",
            )
        ).all()
        out: list[dict[str, Any]] = [to_record(s, LOCAL_COLUMNS["state_change"]) for s in steps]
    assert len(out) == 1
    return out


def test_a_withdrawal_waits_as_a_change_for_its_station_to_pick_up(
    county_center: County,
) -> None:
    from app.sync.outgoing import outgoing

    county, s002 = county_center.county, county_center.stations["S002"]
    pair = _pair(county_center)
    root = county.root.parent

    def changed() -> int:
        return {o.station: o.changed for o in outgoing(county.db)}["S002"]

    # The station picks up what the county holds for it, and says so in its next package.
    s002.import_(county.export(root / "down1.ncmspkg", "S002"))
    county.import_(s002.export(root / "up1.ncmspkg"))
    assert changed() == 0
    DuplicateService(county.db).mark_duplicate(
        REVIEWER, pair.flagged, pair.other, pair.flagged, REASON
    )
    assert changed() == 1  # the withdrawn file, to be told at S002
    s002.import_(county.export(root / "down2.ncmspkg", "S002"))
    county.import_(s002.export(root / "up2.ncmspkg"))
    assert changed() == 0
