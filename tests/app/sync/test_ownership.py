"""One station never touches another station's records, and a station takes the
county's records only from its own county and only about its own files: a forged
package is refused whole, naming the entry and line, and every row stays as it was."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from app.db.models import (
    Application,
    Batch,
    Certificate,
    ChecklistItem,
    Decision,
    Document,
    Peer,
    Person,
    StateChange,
    SyncPackage,
)
from app.errors import PackageRefused
from app.examination.batches import BatchService
from app.sync.peers import own_identity
from app.sync.records import to_record
from tests.app.helpers import HEAD, row_counts
from tests.app.sync.crafting import Records, payload_entries, reseal_records, resign, seal_entries
from tests.app.sync.helpers import Side, accepted, issue_certificates, make_side, png, trust

Edit = Callable[[Records], Records]


@pytest.fixture
def other(tmp_path: Path, county: Side) -> Iterator[Side]:
    """Station S002 of the same county, whose file the county already holds."""
    side = make_side(tmp_path / "s2", "station", "S002")
    trust(side, county)
    accepted(side.db, 50, scans=[png(7)])
    BatchService(side.db).make(HEAD, date(2027, 1, 1))
    county.import_(side.export(tmp_path / "s2.ncmspkg"))
    yield side
    side.db.close()


@pytest.fixture
def upload(station: Side, county: Side, tmp_path: Path) -> Path:
    accepted(station.db, 1, scans=[png(3)])
    BatchService(station.db).make(HEAD, date(2027, 1, 1))
    return station.export(tmp_path / "s1.ncmspkg").path


def _held(side: Side, station_code: str) -> dict[str, Any]:
    """One station's rows as the county holds them: every table an upload writes."""
    with side.db.reader() as session:
        app = session.scalars(
            select(Application).where(Application.station_code == station_code)
        ).one()
        rows = {
            "person": session.get(Person, app.person_id),
            "application": app,
            "batch": session.get(Batch, app.batch_id),
            "document": session.scalars(
                select(Document).where(Document.application_id == app.id).order_by(Document.kind)
            ).first(),
            "state_change": session.scalars(
                select(StateChange).where(StateChange.application_id == app.id)
            ).first(),
        }
        return {table: to_record(row) for table, row in rows.items() if row is not None}


def _refused_whole(side: Side, path: Path, entry: str) -> str:
    before = row_counts(side.db), side.db.installation().audit_head
    with pytest.raises(PackageRefused) as caught:
        side.import_(path)
    assert caught.value.key == "package.foreign_record", str(caught.value)
    assert entry in str(caught.value) and "record 1" in str(caught.value)
    assert (row_counts(side.db), side.db.installation().audit_head) == before
    return str(caught.value)


def _forged_up(
    upload: Path, station: Side, county: Side, out: Path, edits: dict[str, Edit]
) -> Path:
    """The station's upload with `edits`, signed by the station's own key."""
    recipient = county.db.installation().age_recipient
    return reseal_records(
        upload, station.keys.age_identity, station.keys.signing, recipient, out, edits
    )


def _forged_down(
    down: Path, county: Side, station: Side, out: Path, edits: dict[str, Edit]
) -> Path:
    """The county's package for the station with `edits`, signed by the county."""
    recipient = station.db.installation().age_recipient
    return reseal_records(
        down, county.keys.age_identity, county.keys.signing, recipient, out, edits
    )


def _first(change: Callable[[dict[str, Any]], None]) -> Edit:
    def edit(records: Records) -> Records:
        change(records[0])
        return records

    return edit


def _takeover(theirs: dict[str, Any], table: str, *links: str) -> Edit:
    """The sender's first record of `table` given another station's id (and links),
    a newer version, and the sender's own station code."""

    def change(record: dict[str, Any]) -> None:
        record["id"] = theirs[table]["id"]
        for link in links:
            record[link] = theirs[table][link]
        if "version" in record:
            record["version"] = theirs[table]["version"] + 10

    return _first(change)


def _cases(theirs: dict[str, Any]) -> dict[str, tuple[str, str, Edit]]:
    """Each way an upload can name another station's row: (table edited, entry named, edit)."""
    return {
        "person overwritten": ("person", "person", _takeover(theirs, "person")),
        "batch overwritten": ("batch", "batch", _takeover(theirs, "batch", "number")),
        "application overwritten": (
            "application",
            "application",
            _takeover(theirs, "application", "number"),
        ),
        "application filed under their applicant": (
            "application",
            "application",
            _first(lambda r: r.update(person_id=theirs["person"]["id"])),
        ),
        "application put in their batch": (
            "application",
            "application",
            _first(lambda r: r.update(batch_id=theirs["batch"]["id"])),
        ),
        "document moved off their file": ("document", "document", _takeover(theirs, "document")),
        "document put on their file": (
            "document",
            "document",
            _first(lambda r: r.update(application_id=theirs["application"]["id"])),
        ),
        "history step taken over": (
            "state_change",
            "state_change",
            _takeover(theirs, "state_change"),
        ),
        "checklist naming their document": (
            "application",
            "application",
            _first(
                lambda r: r.update(
                    checklist=[
                        [*r["checklist"][0][:3], theirs["document"]["id"], ""],
                        *r["checklist"][1:],
                    ]
                )
            ),
        ),
    }


# Every edit reads `theirs` only when applied, so the names can be listed up front.
CASES = list(_cases({}))


@pytest.mark.parametrize("case", CASES)
def test_package_cannot_touch_another_stations_record(
    case: str, upload: Path, station: Side, other: Side, county: Side, tmp_path: Path
) -> None:
    theirs = _held(county, "S002")
    table, entry, edit = _cases(theirs)[case]
    path = _forged_up(upload, station, county, tmp_path / "forged.ncmspkg", {table: edit})
    _refused_whole(county, path, entry)
    assert _held(county, "S002") == theirs
    # The same package unedited is taken: the refusal was for the forgery alone.
    assert county.import_(upload).status == "applied"
    assert _held(county, "S002") == theirs


def test_checklist_item_cannot_name_another_file_of_the_same_station(
    station: Side, county: Side, tmp_path: Path
) -> None:
    first = accepted(station.db, 1)
    accepted(station.db, 2)
    BatchService(station.db).make(HEAD, date(2027, 1, 1))
    upload = station.export(tmp_path / "s1.ncmspkg").path
    with station.db.reader() as session:
        document = session.scalars(select(Document.id).where(Document.application_id == first))
        foreign = str(document.first())

    def point_second_at_first(records: Records) -> Records:
        second = next(r for r in records if r["id"] != str(first))
        second["checklist"] = [[*item[:3], foreign, ""] for item in second["checklist"]]
        return records

    path = _forged_up(
        upload, station, county, tmp_path / "forged.ncmspkg", {"application": point_second_at_first}
    )
    with pytest.raises(PackageRefused) as caught:
        county.import_(path)
    assert caught.value.key == "package.foreign_record"
    assert row_counts(county.db)["checklist_item"] == 0


# -- the county's records at a station ---------------------------------------------


@pytest.fixture
def down(station: Side, county: Side, tmp_path: Path) -> Path:
    """A real decisions package about two files, already applied once at the station."""
    issue_certificates(station, county, tmp_path / "round", 2)
    return tmp_path / "round" / "down.ncmspkg"


def _fresh(change: Callable[[dict[str, Any]], None]) -> Edit:
    """The first record as a new one (a new id, a newer version), then `change`d."""

    def make(record: dict[str, Any]) -> None:
        record.update(id=str(uuid.uuid4()), version=record["version"] + 1)
        change(record)

    return _first(make)


STRANGER = str(uuid.uuid4())
DOWN_CASES: dict[str, tuple[str, Edit]] = {
    "decision by another county": ("decision", _fresh(lambda r: r.update(county_code="C9999"))),
    "decision moved onto another file": ("decision", lambda rs: [_moved(rs[0], rs[-1]), *rs[1:]]),
    "certificate for another applicant": (
        "certificate",
        _fresh(lambda r: r.update(person_id=STRANGER, number="X-2")),
    ),
    "certificate by another county": (
        "certificate",
        _fresh(lambda r: r.update(county_code="C9999", number="X-3")),
    ),
}


@pytest.mark.parametrize("case", list(DOWN_CASES))
def test_station_takes_county_records_only_about_its_own_files(
    case: str, down: Path, station: Side, county: Side, tmp_path: Path
) -> None:
    table, edit = DOWN_CASES[case]
    before = {
        "decision": [to_record(d) for d in _all(station, Decision)],
        "certificate": [to_record(c) for c in _all(station, Certificate)],
    }
    path = _forged_down(down, county, station, tmp_path / "forged.ncmspkg", {table: edit})
    _refused_whole(station, path, table)
    assert [to_record(d) for d in _all(station, Decision)] == before["decision"]
    assert [to_record(c) for c in _all(station, Certificate)] == before["certificate"]


@pytest.mark.parametrize("table", ["decision", "certificate"])
def test_county_records_on_files_the_station_lacks_change_nothing(
    table: str, down: Path, station: Side, county: Side, tmp_path: Path
) -> None:
    """Set aside, not refused: a station that restored an older backup still gets
    the county's decisions on files it lost, and must go on taking the rest."""
    model: Any = Decision if table == "decision" else Certificate
    before = [to_record(r) for r in _all(station, model)]
    path = _forged_down(
        down,
        county,
        station,
        tmp_path / "stray.ncmspkg",
        {table: _fresh(lambda r: r.update(application_id=STRANGER, number="X-1"))},
    )
    station.import_(path)
    after = [to_record(r) for r in _all(station, model)]
    assert STRANGER not in {r["application_id"] for r in after}
    assert [r for r in after if r["id"] in {b["id"] for b in before}] == before


def _moved(record: dict[str, Any], onto: dict[str, Any]) -> dict[str, Any]:
    """A held decision, newer, on another of the station's files."""
    assert record["application_id"] != onto["application_id"]
    return {**record, "application_id": onto["application_id"], "version": record["version"] + 1}


def _all(side: Side, model: Any) -> list[Any]:
    with side.db.reader() as session:
        return list(session.scalars(select(model).order_by(model.id)))


def test_station_refuses_county_records_from_a_county_not_its_own(
    down: Path, station: Side, county: Side, tmp_path: Path
) -> None:
    stranger = make_side(tmp_path / "c2", "county", "C9999")
    # `peers add` refuses another county today; a trust stored before it did (or
    # written by hand) must still not let that county decide this station's files.
    identity = own_identity(stranger.db)
    with station.db.session() as session:
        session.add(
            Peer(
                code=identity.code,
                role=identity.role,
                name=identity.name,
                county_code=identity.county_code,
                signing_public_key=identity.signing_public_key,
                age_recipient=identity.age_recipient,
            )
        )
    entries = payload_entries(down, station.keys.age_identity)
    signed = resign(
        entries,
        stranger.keys.signing,
        lambda m: m.update(sender="C9999", package_id=str(uuid.uuid4())),
    )
    path = seal_entries(
        list(signed.items()), tmp_path / "c2.ncmspkg", station.db.installation().age_recipient
    )
    before = row_counts(station.db)
    with pytest.raises(PackageRefused) as caught:
        station.import_(path)
    assert caught.value.key == "package.not_our_county"
    assert "C9999" in str(caught.value) and "C4105" in str(caught.value)
    assert row_counts(station.db) == before
    stranger.db.close()


# -- verify finds what an import would have refused ---------------------------------

LINKS = {
    "applicant of another station": (Application, "person_id", "person", "applicant"),
    "batch of another station": (Application, "batch_id", "batch", "in batch"),
    "checklist naming another file's document": (
        ChecklistItem,
        "document_id",
        "document",
        "of another file",
    ),
}


@pytest.mark.parametrize("link", list(LINKS))
def test_verify_reports_records_whose_owner_and_links_disagree(
    link: str, upload: Path, station: Side, other: Side, county: Side
) -> None:
    from sqlalchemy import update

    from app.admin.verify import verify_installation

    county.import_(upload)
    assert verify_installation(county.db).ok
    model, column, table, words = LINKS[link]
    theirs = _held(county, "S002")
    mine = _held(county, "S001")["application"]
    with county.db.session() as session:
        session.execute(
            update(model)
            .where(model.application_id == uuid.UUID(mine["id"]))
            .values({column: uuid.UUID(theirs[table]["id"])})
            if model is ChecklistItem
            else update(model)
            .where(model.id == uuid.UUID(mine["id"]))
            .values({column: uuid.UUID(theirs[table]["id"])})
        )
    problems = verify_installation(county.db).problems
    assert any(mine["number"] in p and words in p for p in problems), problems


def test_acknowledgements_never_reach_another_stations_records(
    upload: Path, station: Side, other: Side, county: Side, tmp_path: Path
) -> None:
    """Station S001 "acknowledges" what the county keeps for S002 (its history step,
    the package made for it): had it worked, S002 would never receive them."""
    county.export(tmp_path / "for-s002.ncmspkg", "S002")
    with county.db.reader() as session:
        theirs = session.scalars(
            select(StateChange)
            .join(Application, Application.id == StateChange.application_id)
            .where(Application.station_code == "S002", StateChange.acked.is_(False))
        ).first()
        package = session.scalars(
            select(SyncPackage).where(
                SyncPackage.peer_code == "S002", SyncPackage.direction == "out"
            )
        ).one()
    assert theirs is not None
    forged_acks = [
        {"type": "state_change", "id": str(theirs.id), "version": 0},
        {"type": "package", "id": str(package.id), "version": 0},
    ]
    path = _forged_up(
        upload,
        station,
        county,
        tmp_path / "acks.ncmspkg",
        {"acks": lambda records: [*records, *forged_acks]},
    )
    county.import_(path)
    with county.db.reader() as session:
        held = session.get(StateChange, theirs.id)
        assert held is not None and not held.acked
        sent = session.get(SyncPackage, package.id)
        assert sent is not None and not sent.summary.get("acknowledged_at")
    # And the county sends S002 what it owes, as if S001 had said nothing.
    again = county.export(tmp_path / "again.ncmspkg", "S002")
    assert again.counts.get("state_change", 0) >= 1


def test_an_acknowledgement_never_claims_more_than_was_sent(
    station: Side, county: Side, tmp_path: Path
) -> None:
    """An inflated version in an acknowledgement would mark every later version of
    the record as already held, so none would ever be sent again."""
    accepted(station.db, 1)
    BatchService(station.db).make(HEAD, date(2027, 1, 1))
    county.import_(station.export(tmp_path / "up.ncmspkg"))
    down = county.export(tmp_path / "down.ncmspkg", "S001").path
    with station.db.reader() as session:
        person = session.scalars(select(Person)).one()

    def inflate(records: Records) -> Records:
        return [{**r, "version": 10**9} if r.get("type") == "person" else r for r in records] + [
            {"type": "person", "id": str(person.id), "version": 10**9}
        ]

    path = _forged_down(down, county, station, tmp_path / "inflated.ncmspkg", {"acks": inflate})
    station.import_(path)
    with station.db.reader() as session:
        held = session.get(Person, person.id)
        assert held is not None and held.acked_version <= held.version


def test_a_decision_from_an_older_county_without_the_later_columns_is_taken(
    down: Path, station: Side, county: Side, tmp_path: Path
) -> None:
    """A county on the release before the meeting window sends decisions without a
    category or an examination's hospital and date: the station takes them as such."""

    def older(record: dict[str, Any]) -> None:
        for later in ("category", "exam_hospital_code", "exam_by"):
            del record[later]
        record["reasons"] = ["旧版本的结论"]

    path = _forged_down(
        down, county, station, tmp_path / "older.ncmspkg", {"decision": _fresh(older)}
    )
    station.import_(path)
    taken = [d for d in _all(station, Decision) if d.reasons == ["旧版本的结论"]]
    assert [(d.category, d.exam_hospital_code, d.exam_by) for d in taken] == [("", None, None)]


def test_a_file_from_an_older_station_without_the_national_columns_is_taken(
    upload: Path, station: Side, county: Side, tmp_path: Path
) -> None:
    """A station on the release before the national platform's fields sends persons
    without a person number or insurance type and files without a doctor's code: the
    county takes them as the residents' scheme with none given, not as broken."""

    def older_person(record: dict[str, Any]) -> None:
        del record["psn_no"], record["insutype"]

    def older_file(record: dict[str, Any]) -> None:
        del record["doctor_code"]

    path = _forged_up(
        upload,
        station,
        county,
        tmp_path / "older.ncmspkg",
        {"person": _first(older_person), "application": _first(older_file)},
    )
    county.import_(path)
    (person,) = _all(county, Person)
    assert (person.psn_no, person.insutype) == ("", "390")
    (app,) = _all(county, Application)
    assert app.doctor_code == ""
