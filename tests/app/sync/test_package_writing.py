"""Writing a package: what the clerk is told when the stick or the store lets them
down, and that nothing is recorded nor left under the package's name then."""

from __future__ import annotations

import errno
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from app.db.models import Document, SyncPackage
from app.errors import StorageError
from app.examination.batches import BatchService
from app.sync import package
from tests.app.helpers import HEAD
from tests.app.sync.crafting import payload_entries
from tests.app.sync.helpers import Side, accepted, png


def _batched(station: Side) -> str:
    accepted(station.db, 1, scans=[png(5)])
    BatchService(station.db).make(HEAD, date(2027, 1, 1))
    with station.db.reader() as session:
        return session.scalars(
            select(Document.blob_sha256).where(Document.kind == "medical_record")
        ).one()


def _nothing_recorded(station: Side, drive: Path) -> None:
    assert list(drive.iterdir()) == []
    with station.db.reader() as session:
        assert session.scalars(select(SyncPackage)).all() == []


def test_a_stick_that_reads_back_other_bytes_is_named(
    station: Side, county: Side, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _batched(station)
    drive = tmp_path / "usb"
    drive.mkdir()
    monkeypatch.setattr(package, "sha256_file", lambda path: "0" * 64)
    with pytest.raises(StorageError) as caught:
        station.export(drive / "up.ncmspkg")
    assert caught.value.key == "sync.read_back" and str(drive) in str(caught.value)
    _nothing_recorded(station, drive)


def test_a_scan_damaged_in_the_store_stops_the_package(
    station: Side, county: Side, tmp_path: Path
) -> None:
    digest = _batched(station)
    station.db.blobs.path_for(digest).write_bytes(b"not the scan any more")
    drive = tmp_path / "usb"
    drive.mkdir()
    with pytest.raises(StorageError) as caught:
        station.export(drive / "up.ncmspkg")
    assert caught.value.key == "blob.damaged" and digest in str(caught.value)
    _nothing_recorded(station, drive)


def test_a_scan_larger_than_a_package_may_carry_is_named_before_writing(
    station: Side, county: Side, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    digest = _batched(station)
    monkeypatch.setattr(package, "LIMITS", package.Limits(max_blob=100))
    drive = tmp_path / "usb"
    drive.mkdir()
    with pytest.raises(StorageError) as caught:
        station.export(drive / "up.ncmspkg")
    assert caught.value.key == "blob.too_large_to_send" and digest in str(caught.value)
    _nothing_recorded(station, drive)


def test_the_payload_is_an_ordinary_zip(station: Side, county: Side, tmp_path: Path) -> None:
    """Any ZIP tool reads what the stream writer made: scans stored as they are."""
    digest = _batched(station)
    result = station.export(tmp_path / "up.ncmspkg")
    entries = payload_entries(result.path, station.keys.age_identity)
    assert entries[f"blobs/{digest}"] == station.db.blobs.read(digest)
    assert {"manifest.json", "manifest.sig", "data/person.jsonl"} <= set(entries)


def test_a_full_stick_is_said_so(
    station: Side, county: Side, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _batched(station)
    drive = tmp_path / "usb"
    drive.mkdir()

    class _Full:
        def write(self, data: bytes) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

    class _OnFullStick(package._HashingWriter):
        def __init__(self, target: object) -> None:
            super().__init__(_Full())  # type: ignore[arg-type]

    monkeypatch.setattr(package, "_HashingWriter", _OnFullStick)
    with pytest.raises(StorageError) as caught:
        station.export(drive / "up.ncmspkg")
    assert caught.value.key == "sync.drive_full"
    _nothing_recorded(station, drive)
