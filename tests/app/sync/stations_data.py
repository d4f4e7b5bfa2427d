"""A county whose stations sent what the Stations page is for: a batch with an
application the county never received, a tampered package (for the service tests,
the page's test and its screenshots)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

from sqlalchemy import select

from app.db.models import Application
from app.errors import PackageRefused
from app.examination.batches import BatchService
from tests.app.helpers import HEAD
from tests.app.sync.crafting import Records, payload_entries, reseal_records, seal_entries
from tests.app.sync.helpers import County, Side, accepted


def numbers(side: Side) -> list[str]:
    with side.db.reader() as session:
        return sorted(session.scalars(select(Application.number)))


def new_batch(station: Side, sequences: list[int], disease: str = "HTN") -> list[str]:
    """Another batch at the station (next quarter): its application numbers."""
    before = set(numbers(station))
    for n in sequences:
        accepted(station.db, n, [disease])
    BatchService(station.db).make(HEAD, date(2027, 4, 1))
    return sorted(set(numbers(station)) - before)


def resealed(
    county: County, code: str, out: Path, edits: dict[str, Callable[[Records], Records]]
) -> Path:
    """The station's next package with its records edited and signed again by it."""
    station = county.stations[code]
    package = station.export(out.with_suffix(".good.ncmspkg")).path
    return reseal_records(
        package,
        station.keys.age_identity,
        station.keys.signing,
        county.county.db.installation().age_recipient,
        out,
        edits,
    )


def without_application(county: County, code: str, number: str, out: Path) -> Path:
    """The station's next package without application `number` (and its documents
    and history), its batch's roster still listing it."""
    with county.stations[code].db.reader() as session:
        gone = str(
            session.scalars(select(Application.id).where(Application.number == number)).one()
        )

    def drop(key: str) -> Callable[[Records], Records]:
        return lambda records: [r for r in records if r.get(key) != gone]

    edits = {"application": drop("id"), "document": drop("application_id")}
    edits["state_change"] = drop("application_id")
    return resealed(county, code, out, edits)


def tampered(county: County, code: str, out: Path) -> Path:
    """The station's next package with an application record changed after signing."""
    station = county.stations[code]
    good = station.export(out.with_suffix(".good.ncmspkg")).path
    entries = payload_entries(good, station.keys.age_identity)
    name = "data/application.jsonl"
    record = json.loads(entries[name].splitlines()[0])
    entries[name] = entries[name].replace(record["id"].encode(), record["id"][::-1].encode())
    recipient = county.county.db.installation().age_recipient
    return seal_entries(list(entries.items()), out, recipient)


def with_a_difference_and_a_refusal(county: County, work: Path) -> str:
    """S001 sends a batch of three whose second file never arrives; S002's next
    package is tampered with on the way and refused. Returns the missing number."""
    work.mkdir(parents=True, exist_ok=True)
    sent = new_batch(county.stations["S001"], [11, 12, 13])
    county.county.import_(without_application(county, "S001", sent[1], work / "S001-2.ncmspkg"))
    new_batch(county.stations["S002"], [41], "DM")
    try:
        county.county.import_(tampered(county, "S002", work / "S002-0002-copy.ncmspkg"))
    except PackageRefused:
        pass
    else:
        raise AssertionError("the tampered package was applied")
    return sent[1]
