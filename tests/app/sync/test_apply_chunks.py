"""The county applies a package a chunk of records at a time (one query, one insert,
one flush per few hundred): the result is the same whatever the chunk size, down
to one record a chunk, and the same as record by record."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from app.db.models import Application, Document
from app.examination.batches import BatchService
from app.sync import apply
from tests.app.helpers import HEAD
from tests.app.sync.crafting import Records, reseal_records
from tests.app.sync.helpers import Side, accepted, png


@pytest.fixture(params=[1, 2, 500], ids=["chunk-1", "chunk-2", "chunk-500"])
def chunk(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(apply, "_FLUSH_EVERY", request.param)
    return int(request.param)


@pytest.fixture
def upload(station: Side, county: Side, tmp_path: Path) -> Path:
    for n in (1, 2, 3):
        accepted(station.db, n, scans=[png(100 + n)])
    BatchService(station.db).make(HEAD, date(2027, 1, 1))
    return station.export(tmp_path / "up.ncmspkg").path


def _forged(upload: Path, station: Side, county: Side, edits: dict[str, object]) -> Path:
    return reseal_records(
        upload,
        station.keys.age_identity,
        station.keys.signing,
        county.db.installation().age_recipient,
        upload.with_name("forged.ncmspkg"),
        edits,  # type: ignore[arg-type]
    )


def test_a_document_listed_twice_is_one_row_at_its_newer_version(
    chunk: int, upload: Path, station: Side, county: Side
) -> None:
    def twice(records: Records) -> Records:
        first = records[0]
        newer = {**first, "version": first["version"] + 1, "original_name": "再扫描.png"}
        older = {**first, "original_name": "旧的.png"}  # the same version again: ignored
        return [first, *records[1:], newer, older]

    county.import_(_forged(upload, station, county, {"document": twice}))
    with county.db.reader() as session:
        documents = list(session.scalars(select(Document)))
    assert len(documents) == len({d.id for d in documents}) == 6  # 3 photos, 3 scans
    names = {d.original_name for d in documents}
    assert "再扫描.png" in names and "旧的.png" not in names


def test_of_a_pair_in_one_package_the_later_file_is_flagged(
    chunk: int, upload: Path, station: Side, county: Side
) -> None:
    """A forged second file for the same person and disease (the counter would refuse
    it): flagged against the first, which stays unflagged, whatever the chunk size."""
    copy_id = uuid.uuid4()

    def again(records: Records) -> Records:
        first = records[0]
        copy = {
            **first,
            "id": str(copy_id),
            "number": first["number"] + "-2",
            "checklist": [[code, pos, status, None, reason]
                          for code, pos, status, _doc, reason in first["checklist"]],
        }  # fmt: skip
        return [first, *records[1:], copy]

    county.import_(_forged(upload, station, county, {"application": again}))
    with county.db.reader() as session:
        flags = dict(session.execute(select(Application.id, Application.duplicate_of)).all())
    first = flags[copy_id]
    assert first is not None and first != copy_id
    assert flags[first] is None  # the first of the pair is not flagged back
    assert sum(other is not None for other in flags.values()) == 1


def test_a_document_inserted_mid_chunk_is_held_for_the_rest_of_it(
    monkeypatch: pytest.MonkeyPatch, upload: Path, station: Side, county: Side
) -> None:
    """New documents go in a chunk's worth at a time, which may fall inside a chunk of
    records read: the same id again after that point is an update, not a second row."""
    monkeypatch.setattr(apply, "_FLUSH_EVERY", 2)
    with station.db.reader() as session:
        scans = [d.id for d in session.scalars(select(Document).where(Document.kind != "photo"))]
    s2, s3 = str(scans[1]), str(scans[2])

    def without_two_scans(records: Records) -> Records:
        return [r for r in records if r["id"] not in (s2, s3)]

    county.import_(_forged(upload, station, county, {"document": without_two_scans}))

    def reordered(records: Records) -> Records:
        by_id = {r["id"]: r for r in records}
        held = [r for r in records if r["id"] not in (s2, s3)]
        newer = {**by_id[s2], "version": by_id[s2]["version"] + 1, "original_name": "二.png"}
        # Records read two at a time: [s2, held] [s3, s2 newer] — the second pair
        # fills the two new ones, which go in, before s2 comes again.
        return [by_id[s2], held[0], by_id[s3], newer, *held[1:]]

    second = reseal_records(
        upload,
        station.keys.age_identity,
        station.keys.signing,
        county.db.installation().age_recipient,
        upload.with_name("second.ncmspkg"),
        {"document": reordered},
    )
    county.import_(second)
    with county.db.reader() as session:
        kept = session.get(Document, uuid.UUID(s2))
        count = len(list(session.scalars(select(Document.id))))
    assert kept is not None and kept.original_name == "二.png"
    assert count == 6


def test_documents_staged_in_many_rounds_are_all_taken_in(
    monkeypatch: pytest.MonkeyPatch, upload: Path, county: Side
) -> None:
    """The staging threads' finished work is gathered as the import goes (so memory
    does not grow with the package): no document is lost between two gatherings."""
    from app.sync import opening

    monkeypatch.setattr(opening, "_KEPT_WAITING", 2)
    county.import_(upload)
    with county.db.reader() as session:
        digests = list(session.scalars(select(Document.blob_sha256)))
    assert len(digests) == 6
    assert all(county.db.blobs.exists(d) for d in digests)
