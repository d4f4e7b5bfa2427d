"""The county's view of its stations, on SQLite and PostgreSQL: what each sent and
when, its audit head, its refused packages with their reasons, its token, and the
reconciliation of what it says it sent with what the county holds."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from app.db.models import AuditEntry
from app.errors import PackageRefused, PermissionDenied
from app.security import sync_tokens
from app.security.secrets import SecretStore
from app.sync.peers import PeerService
from app.sync.roster import MAX_DISEASES, MAX_NUMBERS, parse_roster
from app.sync.stations import StationService, TokenState
from tests.app.sync.crafting import Records
from tests.app.sync.helpers import ADMIN, REVIEWER, County
from tests.app.sync.stations_data import new_batch, resealed, tampered, without_application


def _service(county: County, secrets: Callable[[], SecretStore] | None = None) -> StationService:
    side = county.county
    return StationService(side.db, secrets or (lambda: side.secrets))


def test_each_station_with_its_last_package_audit_head_and_its_batch_agreeing(
    county_center: County,
) -> None:
    stations = _service(county_center).overview()
    assert [(s.code, s.name) for s in stations] == [
        ("S001", "宜沟镇合管站"),
        ("S002", "任固镇合管站"),
    ]
    s001 = stations[0]
    assert s001.received == 1 and s001.refused == 0
    assert s001.last_package is not None and s001.last_package.sequence == 1
    assert s001.last_package.file_name == "S001.ncmspkg"
    assert s001.last_sync_at is not None
    assert s001.token == TokenState.NONE and s001.token_issued_at is None
    # The head the station's package reported: where its chain stood as it exported,
    # before the export's own entries (its files moved to "sent", the export itself).
    with county_center.stations["S001"].db.reader() as session:
        chain = list(session.scalars(select(AuditEntry).order_by(AuditEntry.seq)))
    at = next(n for n, e in enumerate(chain, 1) if e.hash == s001.audit_head)
    assert s001.audit_count == at
    assert chain[at].entity_type != "sync_package" and chain[-1].action == "package.export"
    assert chain[at - 1].action != "package.export"
    # Its batch as sent: what it says it holds is what the county holds.
    detail = _service(county_center).detail("S001")
    assert detail is not None
    [batch] = detail.batches
    assert batch.agrees and batch.stated == {"HTN": 2} and batch.held == {"HTN": 2}
    assert batch.sentence == (
        f"Batch {batch.batch_number}: the station's list and the county agree; "
        "Hypertension (stage II/III): 2"
    )
    assert detail.differences == 0


def test_a_package_missing_an_application_names_it(county_center: County, tmp_path: Path) -> None:
    sent = new_batch(county_center.stations["S001"], [11, 12, 13])
    path = without_application(county_center, "S001", sent[1], tmp_path / "short.ncmspkg")
    county_center.county.import_(path)
    detail = _service(county_center).detail("S001")
    assert detail is not None and detail.differences == 1
    newest = detail.batches[0]
    assert newest.stated == {"HTN": 3} and newest.held == {"HTN": 2}
    assert newest.sentence == (
        f"Batch {newest.batch_number}: Hypertension (stage II/III): station says 3, "
        f"county holds 2: "
        f"{sent[1]} missing"
    )
    assert detail.batches[1].agrees  # the first batch is still whole


def test_a_package_of_an_older_program_without_rosters_still_applies(
    county_center: County, tmp_path: Path
) -> None:
    new_batch(county_center.stations["S002"], [21], "DM")

    def no_roster(records: Records) -> Records:
        return [{k: v for k, v in r.items() if k != "roster"} for r in records]

    path = resealed(county_center, "S002", tmp_path / "old.ncmspkg", {"batch": no_roster})
    county_center.county.import_(path)
    detail = _service(county_center).detail("S002")
    assert detail is not None
    newest = detail.batches[0]
    assert newest.stated is None and newest.held == {"DM": 1}
    assert "do not list its contents" in newest.sentence and "Diabetes" in newest.sentence


@pytest.mark.parametrize(
    "roster",
    [
        {"HTN": ["S002-2026-000001"]},  # another station's number
        {"HTN": ["S001-2026-000001"] * 2},
        {"HTN": [f"S001-2026-{n:06d}" for n in range(MAX_NUMBERS + 1)]},
        {f"D{n}": [] for n in range(MAX_DISEASES + 1)},
        {"HTN": "S001-2026-000001"},
        {"HTN": ["S001-" + "9" * 40]},
        {"../x": []},
        ["HTN"],
    ],
    ids=["foreign", "twice", "too-many", "too-many-diseases", "not-a-list", "long", "code", "list"],
)
def test_a_roster_is_bounded_and_shaped(roster: Any) -> None:
    with pytest.raises(ValueError):
        parse_roster(roster, "S001")


def test_a_malformed_roster_refuses_its_package_and_is_listed(
    county_center: County, tmp_path: Path
) -> None:
    new_batch(county_center.stations["S001"], [31])

    def forged(records: Records) -> Records:
        return [{**r, "roster": {"HTN": ["S002-2026-000001"]}} for r in records]

    path = resealed(county_center, "S001", tmp_path / "forged.ncmspkg", {"batch": forged})
    with pytest.raises(PackageRefused) as caught:
        county_center.county.import_(path)
    assert caught.value.key == "package.bad_record"
    detail = _service(county_center).detail("S001")
    assert detail is not None
    [refusal] = detail.refused
    assert refusal.reason == (
        "Record 1 of batch (roster HTN has a number that is not the station's) is malformed"
    )
    assert detail.overview.received == 1  # nothing of it applied


def test_a_tampered_package_is_listed_with_its_reason(
    county_center: County, tmp_path: Path
) -> None:
    new_batch(county_center.stations["S002"], [41], "DM")
    bad = tampered(county_center, "S002", tmp_path / "S002-0002-copy.ncmspkg")
    name = "data/application.jsonl"
    with pytest.raises(PackageRefused):
        county_center.county.import_(bad)
    service = _service(county_center)
    detail = service.detail("S002")
    assert detail is not None
    [refusal] = detail.refused
    assert refusal.file_name == "S002-0002-copy.ncmspkg" and refusal.key == "package.tampered"
    assert refusal.reason == f"The package entry {name} does not match its manifest (tampered)"
    assert [s.refused for s in service.overview()] == [0, 1]
    # A file from nobody known is kept too, under no station.
    junk = tmp_path / "junk.ncmspkg"
    junk.write_bytes(b"age-encryption.org/v1\nnot really")
    with pytest.raises(PackageRefused):
        county_center.county.import_(junk)
    assert [r.file_name for r in service.refused_unknown()] == ["junk.ncmspkg"]


def test_a_county_admin_issues_replaces_and_revokes_a_token(
    county_center: County, tmp_path: Path
) -> None:
    service = _service(county_center)
    first = service.issue_token(ADMIN, "S001")
    assert sync_tokens.normalise(first) == first
    peers = PeerService(county_center.county.db)
    assert sync_tokens.match(first, peers.token_digests()) == "S001"
    s001 = service.overview()[0]
    assert s001.token == TokenState.ISSUED and s001.token_issued_at is not None
    second = service.issue_token(ADMIN, "S001")  # replaced: the first stops working
    assert second != first
    assert sync_tokens.match(first, peers.token_digests()) is None
    assert sync_tokens.match(second, peers.token_digests()) == "S001"
    service.revoke(ADMIN, "S001")
    s001 = service.overview()[0]
    assert s001.token == TokenState.REVOKED and s001.revoked_at is not None
    assert sync_tokens.match(second, peers.token_digests()) is None
    # Its next package is refused by name, and listed with the station.
    station = county_center.stations["S001"]
    new_batch(station, [51])
    with pytest.raises(PackageRefused):
        county_center.county.import_(station.export(tmp_path / "after.ncmspkg"))
    detail = service.detail("S001")
    assert detail is not None
    assert [r.key for r in detail.refused] == ["package.revoked_sender"]


def test_a_reviewer_may_neither_issue_nor_revoke(county_center: County) -> None:
    def no_store() -> SecretStore:
        raise AssertionError("the secret store was opened for a reviewer")

    service = _service(county_center, no_store)
    with pytest.raises(PermissionDenied):
        service.issue_token(REVIEWER, "S001")
    with pytest.raises(PermissionDenied):
        service.revoke(REVIEWER, "S001")
    assert service.overview()[0].token == TokenState.NONE
    assert service.overview()[0].revoked_at is None
