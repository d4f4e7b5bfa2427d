"""Decrypted records (full ID numbers) never lie on disk readable: not while an
export or import runs, and not after one was killed. Scans an import takes in wait
only in the blob store's own staging folder, and not beyond the import."""

from __future__ import annotations

import io
import os
import random
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from app.blobs.store import sha256_hex
from app.db.database import open_database
from app.db.models import Document, Person
from app.errors import PackageRefused
from app.examination.batches import BatchService
from app.scratch import PREFIXES, ScratchFile
from app.sync.context import sender_key_lookup
from app.sync.export import ExportService
from app.sync.importing import ImportService
from app.sync.opening import open_package
from tests.app.helpers import HEAD
from tests.app.sync.helpers import ADMIN, Side, accepted, make_side, png, trust

_PROC_FDS = Path("/proc/self/fd")
linux_only = pytest.mark.skipif(not _PROC_FDS.is_dir(), reason="reads /proc/self/fd")


@pytest.fixture
def sqlite_county(tmp_path: Path, station: Side) -> Iterator[Side]:
    side = make_side(tmp_path / "county", "county", "C4105")
    trust(station, side)
    yield side
    side.db.close()


def _scan_batch(station: Side) -> bytes:
    """One batched application with a scan; returns the scan, a marker of clear text
    (a payload stores scans as they are, records deflated)."""
    accepted(station.db, 1, scans=[png(77)])
    BatchService(station.db).make(HEAD, date(2027, 1, 1))
    with station.db.reader() as session:
        digest = session.scalars(
            select(Document.blob_sha256).where(Document.kind == "medical_record")
        ).one()
    return station.db.blobs.read(digest)


def _on_disk_under(work: Path) -> list[bytes]:
    """The bytes of every file under `work` this process holds open, named or not."""
    contents = []
    for fd in _PROC_FDS.iterdir():
        try:
            target = str(fd.readlink())
        except OSError:
            continue
        if target.startswith(str(work)):
            contents.append(fd.read_bytes())
    return contents


def _names_in(work: Path) -> list[str]:
    return sorted(p.name for p in work.iterdir()) if work.is_dir() else []


@linux_only
def test_decrypted_import_records_are_neither_named_nor_readable_on_disk(
    station: Side, sqlite_county: Side, tmp_path: Path
) -> None:
    scan = _scan_batch(station)
    package = station.export(tmp_path / "up.ncmspkg")
    db = sqlite_county.db
    work = db.paths.work
    me = db.installation()
    with station.db.reader() as session:
        id_number = session.scalars(select(Person.id_number)).first()
    assert id_number
    with open_package(
        package.path,
        [sqlite_county.keys.age_identity],
        work,
        db.blobs,
        sender_key_lookup(db, me),
        me.code,
    ) as opened:
        assert opened.has_blob(sha256_hex(scan))
        [person] = opened.records("person")
        assert person["id_number"] == id_number  # the records are all there
        assert _names_in(work) == []
        held = _on_disk_under(work)
        assert held, "the records should be in a file under work/, not in memory"
        assert all(id_number.encode() not in raw for raw in held)
        [staging] = db.blobs.root.glob(".incoming-*")
        assert (staging / sha256_hex(scan)).read_bytes() == scan
    assert _on_disk_under(work) == []
    assert list(db.blobs.root.glob(".incoming-*")) == []


@linux_only
def test_export_payload_being_built_is_neither_named_nor_readable_on_disk(
    station: Side, sqlite_county: Side, tmp_path: Path
) -> None:
    scan = _scan_batch(station)
    work = station.db.paths.work
    seen: list[tuple[list[str], list[bytes]]] = []

    def progress(done: int, total: int) -> None:
        # Called while the finished payload is being encrypted into the package.
        seen.append((_names_in(work), _on_disk_under(work)))

    ExportService(station.db, station.keys).export(
        ADMIN, tmp_path / "up.ncmspkg", progress=progress
    )
    assert seen
    for names, held in seen:
        assert names == []
        assert held and all(scan[:4096] not in raw for raw in held)


@pytest.mark.parametrize("prefix", PREFIXES)
def test_payloads_left_by_a_killed_run_are_swept_when_the_database_opens(
    station: Side, prefix: str
) -> None:
    work = station.db.paths.work
    work.mkdir(parents=True, exist_ok=True)
    (work / f"{prefix}k1ll3d.zip").write_bytes(b"PK\x03\x04 410523195001011234")
    (work / "roster-2027Q1-001.pdf").write_bytes(b"%PDF-1.4")  # printed: not a payload
    station.db.close()
    station.db = open_database(station.db.paths)
    assert _names_in(work) == ["roster-2027Q1-001.pdf"]


@pytest.mark.parametrize("outcome", ["applied", "refused"])
def test_payloads_left_by_a_killed_run_are_swept_after_each_import(
    station: Side, sqlite_county: Side, tmp_path: Path, outcome: str
) -> None:
    _scan_batch(station)
    package = station.export(tmp_path / "up.ncmspkg").path
    if outcome == "refused":
        package.write_bytes(package.read_bytes()[:-100])
    work = sqlite_county.db.paths.work
    work.mkdir(parents=True, exist_ok=True)
    stale = work / ".import-k1ll3d.zip"
    stale.write_bytes(b"PK\x03\x04 410523195001011234")
    service = ImportService(sqlite_county.db, sqlite_county.keys)
    if outcome == "refused":
        with pytest.raises(PackageRefused):
            service.import_package(ADMIN, package)
    else:
        assert service.import_package(ADMIN, package).status == "applied"
    assert _names_in(work) == []


@pytest.mark.parametrize("seed", range(6))
def test_scratch_reads_back_what_was_written_at_any_offset(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    model = io.BytesIO()
    with ScratchFile(tmp_path, ".import-") as scratch:
        for _ in range(60):
            length = len(model.getvalue())
            if rng.random() < 0.6:
                # Over what is there or right after it (zipfile never leaves holes).
                offset = rng.randrange(0, length + 1)
                data = rng.randbytes(rng.randrange(1, 5000))
                for f in (model, scratch):
                    f.seek(offset)
                    f.write(data)
            else:
                size = rng.randrange(0, 7000)
                offset = rng.randrange(0, length + 40)
                model.seek(offset)
                scratch.seek(offset)
                assert scratch.read(size) == model.read(size)
                assert scratch.tell() == model.tell()
        scratch.seek(0)
        assert scratch.read() == model.getvalue()
        assert scratch.seek(0, os.SEEK_END) == len(model.getvalue())


def test_a_backup_or_restore_folder_is_swept_only_once_nobody_holds_it(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    from app import scratch

    work = tmp_path / "work"
    with scratch.working_folder(work, ".restore-") as live:
        (live / "checked.sqlite3").write_bytes(b"in use")
        scratch.sweep(work)  # another process starting meanwhile
        assert live.exists()
    # A folder a killed process left: its lock file already removed (the kill came
    # in the middle of the removal), its owner gone.
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()  # fmt: skip
    left = work / f".restore-{dead}-abc123"
    left.mkdir(parents=True)
    (left / "ncms.sqlite3-wal").write_bytes(b"")
    being_made = work / f".backup-{os.getpid()}-def456"  # made, lock not yet taken
    being_made.mkdir()
    scratch.sweep(work)
    assert not left.exists()
    assert being_made.exists()
