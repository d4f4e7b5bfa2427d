"""The benchmark rows: demo generation and person search."""

from __future__ import annotations

import random
import sqlite3
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from app.admin.installation import InitRequest, initialise
from app.db.database import Database, open_database
from app.db.models import Person
from app.intake.listing import ApplicationFilter, ApplicationList
from app.intake.search import search_persons
from app.paths import DataPaths
from app.security.secrets import MemorySecretStore
from app.training.demo import DemoGenerator


@dataclass(frozen=True)
class Row:
    name: str
    figure: str
    baseline: str = ""
    ratio: str = ""
    note: str = ""


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _station(root: Path) -> Database:
    paths = DataPaths(root / "station")
    initialise(
        paths,
        None,
        InitRequest("station", "S001", "宜沟镇合管站", "C4105", "bench-pass-1"),
        lambda _root, _scope: MemorySecretStore(),
    )
    return open_database(paths)


def bench_demo_and_search(tmp: Path, applications: int, queries: int) -> list[Row]:
    db = _station(tmp)
    started = time.perf_counter()
    DemoGenerator(db, seed=1).run(applications)
    elapsed = time.perf_counter() - started
    db.engine.dispose()
    database = db.paths.database
    rows = [
        Row(
            f"demo --applications {applications}",
            f"{elapsed:.1f} s",
            note="target < 180 s at 100,000",
        ),
        Row(
            "  database size",
            f"{database.stat().st_size / 1e6:.1f} MB",
            note=f"{database.stat().st_size / applications / 1024:.1f} KiB per application",
        ),
        Row(
            "  blob store size",
            f"{_size(db.paths.blobs) / 1e6:.2f} MB",
            note="demo images deduplicated",
        ),
    ]
    rows += _search_rows(db, queries)
    rows += _listing_rows(db, queries)
    rows += _window_rows(db)
    db.close()
    return rows


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[int(0.95 * (len(ordered) - 1))]


def _timed(call: Callable[[str], object], inputs: list[str]) -> tuple[float, float]:
    samples = []
    for text in inputs:
        started = time.perf_counter()
        call(text)
        samples.append((time.perf_counter() - started) * 1000)
    return _percentiles(samples)


def _bare_query(raw: sqlite3.Connection, column: str) -> Callable[[str], object]:
    """The same range scan on the same index, straight through sqlite3."""
    sql = (
        f"SELECT id, name, id_number, gender, birth_date, village FROM person "
        f"WHERE {column} >= ? AND {column} < ? LIMIT 50"
    )

    def query(text: str) -> object:
        key = text[::-1] if column == "id_number_rev" else text
        return raw.execute(sql, (key, key + "\uffff")).fetchall()

    return query


def _search_rows(db: Database, queries: int) -> list[Row]:
    rng = random.Random(5)
    with db.reader() as session:
        people = session.execute(select(Person.name, Person.name_initials, Person.id_number)).all()
    sample = [rng.choice(people) for _ in range(queries)]
    raw = sqlite3.connect(db.paths.database)
    kinds = {
        "name prefix": ([p.name[:2] for p in sample], "name"),
        "pinyin initials": ([p.name_initials for p in sample], "name_initials"),
        "last 4 ID digits": ([p.id_number[-4:] for p in sample], "id_number_rev"),
    }
    rows = []
    for label, (texts, column) in kinds.items():
        median, p95 = _timed(lambda text: search_persons(db, text), texts)
        _base_median, base_p95 = _timed(_bare_query(raw, column), texts)
        rows.append(
            Row(
                f"search {label} ({len(texts)} queries)",
                f"median {median:.2f} ms, p95 {p95:.2f} ms",
                f"bare SQLite p95 {base_p95:.2f} ms",
                f"{p95 / base_p95:.1f}x",
                "target p95 < 20 ms",
            )
        )
    raw.close()
    return rows


def _listing_rows(db: Database, queries: int) -> list[Row]:
    """What the Applications page does per keystroke or filter: count + first page."""
    listing = ApplicationList(db)
    rng = random.Random(9)
    villages, quarters = listing.villages(), listing.quarters()
    states = ["certificate_issued", "awaiting_materials", "received", "rejected"]
    with db.reader() as session:
        names = list(session.scalars(select(Person.name).limit(2000)))

    def make() -> ApplicationFilter:
        return rng.choice(
            [
                lambda: ApplicationFilter(states=(rng.choice(states),)),
                lambda: ApplicationFilter(village=rng.choice(villages), disease="HTN"),
                lambda: ApplicationFilter(
                    quarter=rng.choice(quarters), states=(rng.choice(states),)
                ),
                lambda: ApplicationFilter(text=rng.choice(names)[:2]),
            ]
        )()

    filters = [make() for _ in range(queries)]
    samples = []
    for flt in filters:
        started = time.perf_counter()
        listing.count(flt)
        listing.page(flt, "updated", True, 0, 200)
        samples.append((time.perf_counter() - started) * 1000)
    median, p95 = _percentiles(samples)
    return [
        Row(
            f"applications list filter+page ({queries})",
            f"median {median:.1f} ms, p95 {p95:.1f} ms",
            note="target p95 < 100 ms",
        )
    ]


def _window_rows(db: Database) -> list[Row]:
    """Dashboard refresh and opening the main window, offscreen."""
    import os
    from datetime import date

    from app.domain.workflow import Role
    from app.intake.dashboard import load_dashboard
    from app.security.actor import Actor

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from app.services import build_services
    from ui.app import make_application
    from ui.main_window import MainWindow
    from ui.resources import register_font

    qt = make_application()
    register_font(qt)
    samples = []
    for _ in range(10):
        started = time.perf_counter()
        load_dashboard(db, date.today())
        samples.append((time.perf_counter() - started) * 1000)
    _median, p95 = _percentiles(samples)
    started = time.perf_counter()
    fresh = open_database(db.paths)  # as at start: open (and check migrations) first
    window = MainWindow(build_services(fresh), Actor("bench", Role.STATION_HEAD))
    window.show()
    qt.processEvents()
    opened = time.perf_counter() - started
    refresh = []
    for _ in range(5):
        started = time.perf_counter()
        window.dashboard_page.refresh()
        qt.processEvents()
        refresh.append((time.perf_counter() - started) * 1000)
    window.close()
    fresh.close()
    return [
        Row("dashboard figures (load_dashboard)", f"p95 {p95:.0f} ms"),
        Row(
            "dashboard page refresh with charts",
            f"max {max(refresh):.0f} ms",
            note="target < 300 ms",
        ),
        Row("start to usable main window", f"{opened:.2f} s", note="target < 2 s"),
    ]


def bench_sync(tmp: Path, applications: int, queries: int) -> list[Row]:
    from tests.bench.sync import bench_sync_packages  # it builds on Row, defined here

    return bench_sync_packages(tmp, applications, queries)


def bench_sync_memory(tmp: Path, applications: int, queries: int) -> list[Row]:
    from tests.bench.sync import bench_sync_memory as run

    return run(tmp, applications, queries)


def bench_certificates(tmp: Path, applications: int, queries: int) -> list[Row]:
    from tests.bench.printing import bench_certificates as run

    return run(tmp, applications, queries)


def bench_online_sync(tmp: Path, applications: int, queries: int) -> list[Row]:
    from tests.bench.online import bench_online_sync as run

    return run(tmp, applications, queries)


def bench_token_abuse(tmp: Path, applications: int, queries: int) -> list[Row]:
    from tests.bench.abuse import bench_token_abuse as run

    return run(tmp, applications, queries)


def bench_county(tmp: Path, applications: int, queries: int) -> list[Row]:
    from tests.bench.county import bench_county as run

    return run(tmp, applications, queries)


BENCHMARKS: list[Callable[[Path, int, int], list[Row]]] = [
    bench_demo_and_search,
    bench_sync,
    bench_sync_memory,
    bench_certificates,
    bench_online_sync,
    bench_token_abuse,
    bench_county,
]
