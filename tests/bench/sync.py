"""Benchmark rows for sync packages: export and import of a quarter's files with six
documents each, beside `tar` piped to `age` over the same blob files, with the peak
memory of each `ncms` process (target: under 300 MB whatever the package size)."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

from sqlalchemy import delete, insert, select, update

from app.db.database import open_database
from app.db.models import Application, Batch, ChecklistItem, Document, Person, StateChange
from app.db.types import utcnow
from app.paths import DataPaths
from app.training.demo import DemoGenerator
from tests.bench.core import Row
from tests.integration.pg_server import create_database, postgres_server

DOCUMENTS_PER_APPLICATION = 6
DOCUMENT_BYTES = 150_000  # a scanned page after intake (JPEG q80, 2000 px): 100-300 KB
FULL_SIZE = 2_000
_ENV = {
    **{k: v for k, v in os.environ.items() if not k.startswith("NCMS_")},
    "NCMS_SECRET_STORE": "file",
    "NCMS_SECRET_PASSPHRASE": "bench passphrase",
    "NCMS_PASSWORD": "bench-pass-1",
    "NCMS_ADMIN_PASSWORD": "bench-pass-1",
    "NCMS_LANG": "en",
}


def _ncms(data: Path, *args: str) -> tuple[float, int]:
    """Run `ncms`; (seconds, peak resident memory in bytes) of that process alone."""
    command = [sys.executable, "-m", "app.cli.main", "--data-dir", str(data), *args]
    started = time.perf_counter()
    # Through tests.bench.peak, so the figure is the command's own (see there).
    report = subprocess.run(
        [sys.executable, "-m", "tests.bench.peak", *command],
        env=_ENV,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    elapsed = time.perf_counter() - started
    if report[0] != "0":
        raise RuntimeError(f"ncms {' '.join(args)} failed in {data}")
    return elapsed, int(report[1])


def _pair(tmp: Path) -> tuple[Path, Path]:
    tmp.mkdir(parents=True, exist_ok=True)
    station, county = tmp / "sync-station", tmp / "sync-county"
    _ncms(
        station, "init", "station", "--code", "S001", "--name", "宜沟镇合管站", "--county", "C4105"
    )
    _ncms(station, "keys", "export", "--out", str(tmp / "s.json"))
    _county(county, tmp)
    _ncms(station, "peers", "add", str(tmp / "c.json"))
    return station, county


def _county(county: Path, tmp: Path, *db: str) -> None:
    """A county trusting the station whose identity is `tmp`/s.json (`db`: --db URL)."""
    _ncms(county, *db, "init", "county", "--code", "C4105", "--name", "汤阴县合管中心")
    _ncms(county, *db, "keys", "export", "--out", str(tmp / "c.json"))
    _ncms(county, *db, "peers", "add", str(tmp / "s.json"))


def _import_into_postgres(tmp: Path, station: Path) -> tuple[float, int]:
    """One import into a county on the throwaway PostgreSQL: the station is turned
    to that county (the old one's key revoked) and exports the same files for it."""
    with postgres_server() as server:
        url = create_database(server, "bench_sync")
        county = tmp / "sync-county-pg"
        _county(county, tmp, "--db", url)
        _ncms(station, "peers", "revoke", "C4105")
        _ncms(station, "peers", "add", str(tmp / "c.json"))
        package = tmp / "up-pg.ncmspkg"
        _ncms(station, "export", "--out", str(package))
        _settled()
        return _ncms(county, "--db", url, "import", str(package))


def _fill(station: Path, applications: int, document_bytes: int = DOCUMENT_BYTES) -> int:
    """Demo files, all batched for the county, each with six distinct scans."""
    db = open_database(DataPaths(station))
    try:
        DemoGenerator(db, seed=5).run(applications)
        total = 0
        with db.session() as session:
            batch = Batch(
                number="S001-2027Q1-01",
                station_code="S001",
                quarter=utcnow().date().replace(month=1, day=1),
                created_by="bench",
            )
            session.add(batch)
            session.flush()
            session.execute(
                update(Application).values(state="batched", batch_id=batch.id, acked_version=0)
            )
            session.execute(update(Person).values(acked_version=0))
            session.execute(update(StateChange).values(acked=False))
            session.execute(update(ChecklistItem).values(document_id=None))
            session.execute(delete(Document))
            rows = []
            for app_id in session.scalars(select(Application.id)):
                for page in range(DOCUMENTS_PER_APPLICATION):
                    data = os.urandom(document_bytes)  # incompressible, like JPEG
                    digest = hashlib.sha256(data).hexdigest()
                    path = db.blobs.path_for(digest)
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_bytes(data)
                    total += len(data)
                    rows.append(
                        {
                            "id": uuid.uuid4(),
                            "application_id": app_id,
                            "kind": "medical_record",
                            "blob_sha256": digest,
                            "media_type": "image/jpeg",
                            "size": len(data),
                            "pages": 1,
                            "source": "scanner",
                            "original_name": f"page{page}.jpg",
                            "captured_by": "bench",
                            "captured_at": utcnow(),
                            "updated_by": "bench",
                        }
                    )
            session.execute(insert(Document), rows)
        return total
    finally:
        db.close()


# Each figure is the best of this many runs: this kind of machine's disk (a VM's,
# with writeback shared with others) varies by half from one run to the next.
RUNS = 2


def _settled() -> None:
    """Wait for the writes before to reach the disk, so no step pays for another's."""
    os.sync()


def _best(runs: list[tuple[float, int]]) -> tuple[float, int]:
    return min(seconds for seconds, _ in runs), max(rss for _, rss in runs)


def _baseline(station: Path, tmp: Path) -> tuple[float, float, float] | None:
    """Best seconds for `tar | age -r`, `age -d | tar -x`, and the latter followed by
    `sync` (the import is durable when it ends; plain tar is not) over the same blobs."""
    if shutil.which("age") is None or shutil.which("age-keygen") is None:
        return None
    key = tmp / "bench.agekey"
    subprocess.run(["age-keygen", "-o", str(key)], check=True, capture_output=True)
    public = subprocess.run(
        ["age-keygen", "-y", str(key)], check=True, capture_output=True, text=True
    ).stdout.strip()
    archive = tmp / "blobs.tar.age"
    packs, unpacks, durable = [], [], []
    for run in range(RUNS):
        archive.unlink(missing_ok=True)
        _settled()
        started = time.perf_counter()
        subprocess.run(
            f"tar -cf - -C {station / 'blobs'} . | age -r {public} > {archive}",
            shell=True,
            check=True,
        )
        packs.append(time.perf_counter() - started)
        out = tmp / f"untarred-{run}"
        out.mkdir()
        _settled()
        started = time.perf_counter()
        subprocess.run(f"age -d -i {key} {archive} | tar -xf - -C {out}", shell=True, check=True)
        unpacks.append(time.perf_counter() - started)
        os.sync()
        durable.append(time.perf_counter() - started)
        shutil.rmtree(out)
    return min(packs), min(unpacks), min(durable)


def bench_sync_packages(tmp: Path, applications: int, _queries: int) -> list[Row]:
    count = min(applications, FULL_SIZE)
    station, county = _pair(tmp)
    total = _fill(station, count)
    megabytes = total / 1e6
    package = tmp / "up.ncmspkg"
    exports, imports = [], []
    for run in range(RUNS):
        package.unlink(missing_ok=True)
        _settled()
        exports.append(_ncms(station, "export", "--out", str(package)))
        target = tmp / f"sync-county-{run}"  # each import into the county as paired
        shutil.copytree(county, target)
        _settled()
        imports.append(_ncms(target, "import", str(package)))
        if run + 1 < RUNS:
            shutil.rmtree(target)
    (export_s, export_rss), (import_s, import_rss) = _best(exports), _best(imports)
    baseline = _baseline(station, tmp)
    pg_s, pg_rss = _import_into_postgres(tmp, station)
    label = f"{count} applications × {DOCUMENTS_PER_APPLICATION} documents"

    def row(
        what: str, seconds: float, rss: int, base: float | None, durable: str = "", runs: int = RUNS
    ) -> Row:
        speed = megabytes / seconds
        how = f"best of {runs}" if runs > 1 else "one run"
        return Row(
            f"sync {what} ({label}, {megabytes:.0f} MB, {how})",
            f"{speed:.0f} MB/s ({seconds:.1f} s)",
            f"tar|age {megabytes / base:.0f} MB/s{durable}" if base else "age not installed",
            f"{speed / (megabytes / base):.2f}× its speed (target ≥ 0.5×)" if base else "",
            f"peak memory {rss / 1e6:.0f} MB; target < 300 MB",
        )

    synced = f", {megabytes / baseline[2]:.0f} MB/s with sync" if baseline else ""
    return [
        row("export", export_s, export_rss, baseline[0] if baseline else None),
        row("import", import_s, import_rss, baseline[1] if baseline else None, synced),
        row("import into PostgreSQL", pg_s, pg_rss, baseline[1] if baseline else None, runs=1),
    ]


MEMORY_SIZES = (500, 2_000, 10_000)


def bench_sync_memory(tmp: Path, applications: int, _queries: int) -> list[Row]:
    """Peak memory of export and import as the package grows: the records and the
    listing grow, the blobs are kept small (2 KB) so the run stays short."""
    rows = []
    for count in (n for n in MEMORY_SIZES if n <= applications):
        station, county = _pair(tmp / f"memory-{count}")
        _fill(station, count, document_bytes=2_000)
        package = tmp / f"memory-{count}.ncmspkg"
        _, export_rss = _ncms(station, "export", "--out", str(package))
        _, import_rss = _ncms(county, "import", str(package))
        entries = count * DOCUMENTS_PER_APPLICATION
        rows.append(
            Row(
                f"sync peak memory ({count} applications, {entries} documents)",
                f"export {export_rss / 1e6:.0f} MB, import {import_rss / 1e6:.0f} MB",
                "",
                "",
                "target < 300 MB whatever the size (limit: 150,000 entries)",
            )
        )
    return rows
