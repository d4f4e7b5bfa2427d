"""The demo generator: a station filled with applications in every state, whose
histories walk the real workflow, the same for the same seed, written in whole
chunks, and only at a station."""

from __future__ import annotations

import io
import itertools
import re
import uuid
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from sqlalchemy import func, select

from app.admin.installation import SIGNING_KEY
from app.certificates.issued import DEMO_AUTHORITY, read_certificates
from app.certificates.seal import Verdict, verify_certificate
from app.db.database import Database
from app.db.models import (
    Application,
    ApplicationDisease,
    Batch,
    Certificate,
    ChecklistItem,
    Document,
    Person,
    StateChange,
)
from app.domain.quarters import review_quarter
from app.domain.vocabulary import BatchState
from app.domain.workflow import TRANSITIONS, State
from app.errors import StorageError
from app.paths import DataPaths
from app.security.secrets import MemorySecretStore
from app.sync.context import SyncKeys
from app.training.demo import PATHS, DemoGenerator
from tests.conftest import TODAY, make_installation

SEED = 3
# Enough for SEED's draw to reach every state, the rarest (partly approved) 1 in 100.
EVERY_STATE = 300


def _generate(db: Database, count: int, seed: int = SEED, chunk: int = 1000) -> None:
    DemoGenerator(db, today=TODAY, seed=seed).run(count, chunk=chunk)


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """One station with EVERY_STATE demo applications, shared by the tests that read it."""
    root = tmp_path_factory.mktemp("demo")
    db = make_installation(DataPaths(root / "station"), MemorySecretStore())
    _generate(db, EVERY_STATE)
    yield db
    db.close()


def _count(db: Database, model: Any) -> int:
    with db.reader() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_the_station_holds_applications_in_every_state_the_demo_knows(filled: Database) -> None:
    with filled.reader() as session:
        states = Counter(session.scalars(select(Application.state)))
    assert set(states) == {state.value for state in PATHS}
    assert sum(states.values()) == EVERY_STATE


def test_every_history_walks_the_workflow_to_the_state_it_ends_in(filled: Database) -> None:
    with filled.reader() as session:
        apps = {a.id: a for a in session.scalars(select(Application))}
        steps: dict[uuid.UUID, list[StateChange]] = defaultdict(list)
        for step in session.scalars(select(StateChange).order_by(StateChange.at)):
            steps[step.application_id].append(step)
    assert set(steps) == set(apps)
    for app_id, app in apps.items():
        history = steps[app_id]
        assert history[0].from_state is None and history[0].to_state == State.DRAFT
        for before, after in itertools.pairwise(history):
            assert after.from_state == before.to_state
            assert (State(before.to_state), State(after.to_state)) in TRANSITIONS
        assert history[-1].to_state == app.state, app.number
        assert [s.application_version for s in history] == list(range(1, len(history) + 1))


def test_what_each_state_carries_matches_it(filled: Database) -> None:
    with filled.reader() as session:
        apps = list(session.scalars(select(Application)))
        certified = set(session.scalars(select(Certificate.application_id)))
        outcomes: dict[uuid.UUID, list[str]] = defaultdict(list)
        for item in session.scalars(select(ApplicationDisease)):
            outcomes[item.application_id].append(item.outcome)
    for app in apps:
        state = State(app.state)
        has_certificate = app.id in certified
        assert has_certificate == (state in (State.CERTIFICATE_ISSUED, State.EXPIRED)), app.number
        assert (app.batch_id is not None) == (state not in _AT_THE_COUNTER), app.number
        found = set(outcomes[app.id])
        if state == State.REJECTED:
            assert found == {"rejected"}
        elif state == State.PARTLY_APPROVED:
            assert found == {"approved", "rejected"}
        elif state in (State.APPROVED, State.CERTIFICATE_ISSUED, State.EXPIRED):
            assert found == {"approved"}
        else:
            assert found == {"pending"}, (app.number, state)


_AT_THE_COUNTER = {
    State.DRAFT,
    State.RECEIVED,
    State.AWAITING_MATERIALS,
    State.RETURNED,
    State.WITHDRAWN,
    State.STATION_ACCEPTED,
}


def test_numbers_are_the_stations_own_and_unique(filled: Database) -> None:
    with filled.reader() as session:
        numbers = list(session.scalars(select(Application.number)))
        id_numbers = list(session.scalars(select(Person.id_number)))
        batches = list(session.scalars(select(Batch)))
    assert all(re.fullmatch(r"S001-\d{4}-\d{6}", n) for n in numbers)
    assert len(set(numbers)) == len(numbers) and len(set(id_numbers)) == len(id_numbers)
    # One batch a quarter went to the county; this quarter's may also wait to be sent.
    assert len({(b.quarter, b.state) for b in batches}) == len(batches)


def test_the_current_quarter_waits_to_be_batched_and_sent(filled: Database) -> None:
    current = review_quarter(TODAY)
    with filled.reader() as session:
        waiting = list(
            session.scalars(
                select(Application).where(
                    Application.state.in_([State.STATION_ACCEPTED, State.BATCHED])
                )
            )
        )
        batches = {b.id: b for b in session.scalars(select(Batch))}
    assert {a.state for a in waiting} == {State.STATION_ACCEPTED, State.BATCHED}
    assert {a.quarter for a in waiting} == {current}
    made = {batches[a.batch_id].state for a in waiting if a.batch_id is not None}
    assert made == {BatchState.CLOSED}  # made, not yet sent
    assert {b.state for b in batches.values() if b.quarter < current} == {BatchState.SENT}
    assert BatchState.OPEN not in {b.state for b in batches.values()}


def test_what_is_missing_is_missing_for_a_reason_that_fits(filled: Database) -> None:
    with filled.reader() as session:
        items = list(session.scalars(select(ChecklistItem)))
        states = dict(session.execute(select(Application.id, Application.state)).all())
    short: dict[uuid.UUID, list[str]] = defaultdict(list)
    for item in items:
        if item.status == "missing":
            assert item.reason == "未提供"
        elif item.status == "insufficient":
            assert item.reason and item.reason != "未提供"
            if "检查报告" in item.reason:
                assert item.material_code in ("exam_report", "pathology_report")
            if item.material_code == "photo":
                assert "照片" in item.reason
        if item.status in ("missing", "insufficient"):
            short[item.application_id].append(item.material_code)
    waiting = [i for i, s in states.items() if s in (State.AWAITING_MATERIALS, State.RETURNED)]
    assert waiting and all(short[i] for i in waiting)


def test_demo_certificates_never_pass_for_the_countys(filled: Database, tmp_path: Path) -> None:
    # Marked D in the number and sealed with a key of the demo's own: a scanner
    # holding the real county's key never reads one as valid.
    county_secrets = MemorySecretStore()
    county = make_installation(DataPaths(tmp_path / "county"), county_secrets, role="county")
    county.close()
    assert county_secrets.get(SIGNING_KEY)
    county_key = SyncKeys.load(county_secrets).signing.public_key().public_bytes_raw()
    with filled.reader() as session:
        certificates = list(session.scalars(select(Certificate)))
    assert certificates
    for certificate in certificates:
        assert re.fullmatch(r"C4105\d{4}D\d{5}", certificate.number)
        verdict = verify_certificate(certificate.seal, lambda _code: county_key, TODAY).verdict
        assert verdict == Verdict.TAMPERED


def test_demo_certificates_name_a_demo_issuer_not_a_code(filled: Database) -> None:
    # `ncms demo` on a station that has not added its county's identity: no name is
    # known for C4105, and the certificate says who issued it in words, as a sample.
    issued = read_certificates(filled)
    assert issued
    assert {c.authority for c in issued} == {DEMO_AUTHORITY}
    assert all(c.sample for c in issued)


def test_every_document_is_a_stored_image_of_its_recorded_size(filled: Database) -> None:
    with filled.reader() as session:
        documents = list(session.scalars(select(Document)))
        linked = set(session.scalars(select(ChecklistItem.document_id)))
    assert documents
    assert linked - {None} <= {d.id for d in documents}
    seen: dict[str, tuple[Any, ...]] = {}
    for document in documents:
        if document.blob_sha256 in seen:
            continue
        data = filled.blobs.read(document.blob_sha256)
        image = Image.open(io.BytesIO(data))
        seen[document.blob_sha256] = (image.size, Image.MIME[str(image.format)], len(data))
        assert seen[document.blob_sha256] == (
            (document.width, document.height),
            document.media_type,
            document.size,
        )


def _content(db: Database) -> list[tuple[Any, ...]]:
    """What a user sees of the demo, without the random ids."""
    with db.reader() as session:
        rows = session.execute(
            select(Application.number, Application.state, Person.id_number, Person.name)
            .join(Person, Application.person_id == Person.id)
            .order_by(Application.number)
        ).all()
        diseases = sorted(
            session.execute(
                select(Application.number, ApplicationDisease.disease_code).join(ApplicationDisease)
            ).all()
        )
    return [tuple(r) for r in rows] + [tuple(d) for d in diseases]


def test_the_same_seed_gives_the_same_station(tmp_path: Path) -> None:
    stations = []
    for name in ("a", "b"):
        db = make_installation(DataPaths(tmp_path / name), MemorySecretStore())
        _generate(db, 40, seed=11)
        stations.append(_content(db))
        db.close()
    assert stations[0] == stations[1]


def test_a_second_run_adds_new_people_and_numbers_on(sqlite_db: Database) -> None:
    _generate(sqlite_db, 30)
    _generate(sqlite_db, 30)  # the same seed draws the same people again
    assert _count(sqlite_db, Application) == _count(sqlite_db, Person) == 60
    with sqlite_db.reader() as session:
        numbers = list(session.scalars(select(Application.number)))
        batches = list(session.scalars(select(Batch)))
    assert len(set(numbers)) == 60
    # The second run fills the first run's batches: one sent, one waiting, a quarter.
    assert len({(b.quarter, b.state) for b in batches}) == len(batches)


def test_progress_is_told_after_each_chunk(sqlite_db: Database) -> None:
    told: list[tuple[int, int]] = []
    result = DemoGenerator(sqlite_db, today=TODAY, seed=SEED).run(
        25, chunk=10, progress=lambda done, total: told.append((done, total))
    )
    assert told == [(10, 25), (20, 25), (25, 25)]
    assert result.applications == _count(sqlite_db, Application) == 25
    assert result.persons == _count(sqlite_db, Person) == 25
    assert result.documents == _count(sqlite_db, Document) > 0


def test_a_run_killed_midway_leaves_only_whole_chunks(
    sqlite_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = 0
    one = DemoGenerator._application

    def failing(self: DemoGenerator, *args: Any) -> None:
        nonlocal made
        made += 1
        if made == 15:  # the fifth of the second chunk
            raise KeyboardInterrupt
        one(self, *args)

    monkeypatch.setattr(DemoGenerator, "_application", failing)
    with pytest.raises(KeyboardInterrupt):
        _generate(sqlite_db, 30, chunk=10)
    with sqlite_db.reader() as session:
        apps = set(session.scalars(select(Application.id)))
        owners = {
            model.__tablename__: set(session.scalars(select(model.application_id)))
            for model in (ApplicationDisease, ChecklistItem, StateChange)
        }
    assert len(apps) == _count(sqlite_db, Person) == 10
    assert all(found == apps for found in owners.values()), owners


def test_the_demo_is_refused_at_a_county(county_db: Database) -> None:
    with pytest.raises(StorageError, match="only be generated at a station"):
        _generate(county_db, 5)
    assert _count(county_db, Application) == 0
    assert not any(p.is_file() for p in county_db.paths.blobs.rglob("*"))
