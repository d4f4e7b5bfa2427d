"""Benchmark rows for the county center on the throwaway PostgreSQL: thirty stations'
applications (three times `--applications`: 300,000 by default), and what the county
window does over them: the case list, the meeting (opening an agenda of 5,000 cases,
the next case with its documents), the compliance report and the public list PDF.

The county's rows are one demo station's (DemoGenerator, the same generator as the
station's benchmarks) copied thirty times under thirty station codes, each copy with
its own ids: a realistic mix of states, diseases, hospitals and documents, loaded in
minutes instead of importing thirty packages. Each row's baseline is measured in the
same run: the same work on the one station's SQLite file, or the bare query.
"""

from __future__ import annotations

import dataclasses
import random
import shutil
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, Table, Uuid, create_engine, func, select, text, update

from app.admin.installation import InitRequest, initialise
from app.db.database import Database, open_database
from app.db.models import Application, ApplicationDisease
from app.db.models.base import Base
from app.domain.workflow import Role, State
from app.intake.documents import DocumentService
from app.intake.listing import ApplicationFilter, ApplicationList
from app.paths import DataPaths
from app.printing import rosters
from app.printing.printouts import office
from app.review.committee import WAITING
from app.review.meeting import MeetingService
from app.review.reports import ReportService
from app.security.actor import Actor
from app.security.secrets import MemorySecretStore
from app.training.demo import DemoGenerator
from tests.bench.core import Row, _percentiles, _station
from tests.integration.pg_server import create_database, postgres_server

STATIONS = 30
AGENDA = 5_000
PUBLIC_LIST = 5_000
# Copied in this order, parents first; other tables (the audit log, state changes,
# certificates with their numbers) are not what the county's pages read.
TABLES = (
    "person", "batch", "application", "application_disease", "document", "checklist_item",
    "decision",
)  # fmt: skip
REVIEWER = Actor("bench-reviewer", Role.COUNTY_REVIEWER)
OFFICE = "汤阴县合管中心"


def _template(tmp: Path, applications: int) -> Database:
    """One demo station with `applications` files (S001), as the station's rows."""
    db = _station(tmp / "county-template")
    DemoGenerator(db, seed=3).run(applications)
    return db


def _county(tmp: Path, url: str) -> Database:
    paths = DataPaths(tmp / "county-pg")
    initialise(
        paths,
        url,
        InitRequest("county", "C4105", OFFICE, "C4105", "bench-pass-1"),
        lambda _root, _scope: MemorySecretStore(),
    )
    return open_database(paths, url)


def _copier(table: Table, station: int) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """Rows of `table` as station number `station` would have sent them: every id
    shifted the same way (so foreign keys still meet), S001 in codes and numbers
    replaced by the station's own code."""
    ids = [c.name for c in table.columns if isinstance(c.type, Uuid)]
    code = f"S{station + 1:03d}"
    shift = station << 64  # ids stay unique across copies, and as random as before

    def copy(row: dict[str, Any]) -> dict[str, Any]:
        out = dict(row)
        for name in ids:
            if out[name] is not None:
                out[name] = uuid.UUID(int=out[name].int ^ shift)
        for name, value in out.items():
            if isinstance(value, str) and value.startswith("S001"):
                out[name] = code + value[4:]
        return out

    return copy


def _chunks(rows: list[dict[str, Any]], size: int = 5_000) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def _load(template: Database, county: Database) -> float:
    """Seconds to copy the template into the county STATIONS times."""
    tables = Base.metadata.tables
    source: dict[str, list[dict[str, Any]]] = {}
    with template.engine.connect() as conn:
        for name in TABLES:
            source[name] = [dict(r._mapping) for r in conn.execute(select(tables[name]))]
    started = time.perf_counter()
    with county.engine.begin() as conn:
        for station in range(STATIONS):
            for name in TABLES:
                copy = _copier(tables[name], station)
                for chunk in _chunks(source[name]):
                    conn.execute(tables[name].insert(), [copy(r) for r in chunk])
    shutil.copytree(template.paths.blobs, county.paths.blobs, dirs_exist_ok=True)
    with county.engine.connect() as conn:
        conn.execution_options(isolation_level="AUTOCOMMIT").execute(text("ANALYZE"))
    return time.perf_counter() - started


def _waiting(county: Database, count: int) -> None:
    """About `count` cases (declared diseases), from every station, waiting for the
    committee; no other (the demo's own waiting files are taken as reviewed)."""
    waiting = [s.value for s in WAITING]
    with county.session() as session:
        session.execute(
            update(Application)
            .where(Application.state.in_(waiting))
            .values(state=State.CERTIFICATE_ISSUED.value)
        )
        ids = session.scalars(select(Application.id).order_by(Application.number)).all()
        chosen = random.Random(4).sample(list(ids), min(count * 3 // 4, len(ids)))
        session.execute(
            update(Application)
            .where(Application.id.in_(chosen))
            .values(state=State.COUNTY_RECEIVED.value)
        )
        session.execute(
            update(ApplicationDisease)
            .where(ApplicationDisease.application_id.in_(chosen))
            .values(outcome="pending")
        )


def _timed(calls: list[Callable[[], object]]) -> tuple[float, float]:
    samples = []
    for call in calls:
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    return _percentiles(samples)


def _filters(listing: ApplicationList, rng: random.Random, count: int) -> list[ApplicationFilter]:
    stations = [code for code, _name in listing.stations()] or [None]
    hospitals = [code for code, _name in listing.hospitals()] or [None]
    quarters = listing.quarters() or [None]
    states = [s.value for s in (State.CERTIFICATE_ISSUED, State.REJECTED, State.BATCHED)]
    makers: list[Callable[[], ApplicationFilter]] = [
        lambda: ApplicationFilter(station=rng.choice(stations)),
        lambda: ApplicationFilter(quarter=rng.choice(quarters), disease="HTN"),
        lambda: ApplicationFilter(states=(rng.choice(states),), station=rng.choice(stations)),
        lambda: ApplicationFilter(hospital=rng.choice(hospitals)),
        lambda: ApplicationFilter(duplicates=True),
        lambda: ApplicationFilter(text=rng.choice(["王", "李", "张", "刘"])),
    ]
    return [rng.choice(makers)() for _ in range(count)]


def _list_p95(db: Database, filters: list[ApplicationFilter]) -> tuple[float, float]:
    """What the Cases page does per filter: the count (stopping past the window's
    limit) and the first page."""
    from ui.models.applications_model import COUNT_LIMIT, PAGE_SIZE

    listing = ApplicationList(db)

    def one(flt: ApplicationFilter) -> Callable[[], object]:
        return lambda: (
            listing.count(flt, COUNT_LIMIT),
            listing.page(flt, "updated", True, 0, PAGE_SIZE),
        )

    return _timed([one(f) for f in filters])


def _case_rows(county: Database, template: Database, queries: int) -> list[Row]:
    rng = random.Random(8)
    filters = _filters(ApplicationList(county), rng, queries)
    median, p95 = _list_p95(county, filters)
    # The same filters on the one station's SQLite (their station codes are S001's).
    local = [dataclasses.replace(f, station="S001" if f.station else None) for f in filters]
    _base_median, base_p95 = _list_p95(template, local)
    return [
        Row(
            f"county case list filter+first page ({queries})",
            f"median {median:.1f} ms, p95 {p95:.1f} ms",
            f"one station's SQLite p95 {base_p95:.1f} ms",
            f"{p95 / base_p95:.1f}x",
            "target p95 < 100 ms",
        )
    ]


def _bare_fetch(engine: Engine, ids: list[uuid.UUID]) -> tuple[float, float]:
    with engine.connect() as conn:
        query = text("SELECT * FROM application WHERE id = :id")
        return _timed([lambda i=i: conn.execute(query, {"id": i}).all() for i in ids])


def _meeting_rows(county: Database, url: str, queries: int) -> list[Row]:
    meetings = MeetingService(county)
    documents = DocumentService(county)
    started = time.perf_counter()
    meeting = meetings.open(REVIEWER, date.today(), ("张医生", "李医生"))
    items = meetings.items(meeting.id)
    opened = time.perf_counter() - started

    def next_case(item_id: uuid.UUID) -> Callable[[], object]:
        def show() -> object:
            item = meetings.item(item_id)
            files = documents.of_application(item.case.application_id)
            return [documents.content(f) for f in files[:1]]

        return show

    sample = items[:: max(1, len(items) // queries)][:queries]
    median, p95 = _timed([next_case(i.id) for i in sample])
    bare = create_engine(url)
    _bm, bare_p95 = _bare_fetch(bare, [i.case.application_id for i in sample])
    bare.dispose()
    return [
        Row(
            f"meeting: open with an agenda of {len(items)} cases",
            f"{opened:.2f} s",
            note="target < 5 s at 5,000",
        ),
        Row(
            f"meeting: next case with its documents ({len(sample)})",
            f"median {median:.1f} ms, p95 {p95:.1f} ms",
            f"bare PostgreSQL row p95 {bare_p95:.2f} ms",
            f"{p95 / bare_p95:.0f}x",
            "target < 150 ms",
        ),
    ]


def _report_rows(county: Database) -> list[Row]:
    reports = ReportService(county)
    started = time.perf_counter()
    compliance = reports.compliance(None)  # every quarter: the most work
    elapsed = time.perf_counter() - started
    started = time.perf_counter()
    with county.reader() as session:
        session.execute(
            select(Application.hospital_code, ApplicationDisease.outcome, func.count())
            .join(ApplicationDisease)
            .group_by(Application.hospital_code, ApplicationDisease.outcome)
        ).all()
    bare = time.perf_counter() - started
    return [
        Row(
            f"compliance report, all quarters ({len(compliance.hospitals)} hospitals)",
            f"{elapsed * 1000:.0f} ms",
            f"bare GROUP BY {bare * 1000:.0f} ms",
            f"{elapsed / bare:.1f}x",
            "target < 2 s",
        )
    ]


def _public_list_rows(tmp: Path, county: Database) -> list[Row]:
    from tests.bench.printing import _views

    one = _views(1)[0]
    lines = [
        dataclasses.replace(one, id=uuid.uuid4(), number=f"C41052027{n:06d}", photo=None, seal="")
        for n in range(PUBLIC_LIST)
    ]
    here = office(county)

    def render(count: int) -> float:
        started = time.perf_counter()
        rosters.public_list(lines[:count], tmp / f"public-{count}.pdf", here, "2026年第4季度")
        return time.perf_counter() - started

    small, full = render(PUBLIC_LIST // 10), render(PUBLIC_LIST)
    return [
        Row(
            f"public list PDF, {PUBLIC_LIST} rows",
            f"{full:.1f} s",
            f"{PUBLIC_LIST // 10} rows {small:.2f} s",
            f"{full / small:.1f}x for 10x the rows",
            "target < 10 s",
        )
    ]


def bench_county(tmp: Path, applications: int, queries: int) -> list[Row]:
    per_station = max(1, applications * 3 // STATIONS)
    template = _template(tmp, per_station)
    with postgres_server() as server:
        url = create_database(server, "bench_county")
        county = _county(tmp, url)
        try:
            loaded = _load(template, county)
            _waiting(county, AGENDA)
            total = per_station * STATIONS
            rows = [
                Row(
                    f"county of {STATIONS} stations, {total:,} applications (PostgreSQL)",
                    f"loaded in {loaded:.0f} s",
                )
            ]
            rows += _case_rows(county, template, min(queries, 200))
            rows += _report_rows(county)
            rows += _meeting_rows(county, url, min(queries, 100))
            rows += _public_list_rows(tmp, county)
        finally:
            county.close()
            template.close()
    return rows
