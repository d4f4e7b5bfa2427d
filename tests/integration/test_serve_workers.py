"""The sync service as several worker processes on one county (SQLite and
PostgreSQL): two `ncms serve` processes on one data directory are two workers that
the test can address one by one. Parts of one upload reach both at once; the bytes
on disk stay the package's, a stale offset is 409 from either, a request hanging
on a dead link in one is taken over from the other, and the package is imported
exactly once. `--workers 2` then runs the same app in uvicorn's worker processes."""

from __future__ import annotations

import hashlib
import json
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from app.admin.installation import InitRequest, initialise, stored_secrets
from app.db.database import open_database
from app.db.models import AuditEntry, Installation, SyncPackage
from app.db.models.installation import TRAINING_SETTING
from app.domain.vocabulary import Direction
from app.paths import DataPaths
from app.security.secrets import open_training_store
from app.sync.context import SyncKeys
from app.sync.peers import PeerService
from tests.app.sync.helpers import ADMIN, Side, make_side, trust
from tests.conftest import ADMIN_PASSWORD
from tests.integration.cli import cli_env
from tests.integration.online_helpers import batched_with_scans, held_once

TUS = {"Tus-Resumable": "1.0.0"}
OCTETS = "application/offset+octet-stream"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class County:
    side: Side
    url: str | None  # PostgreSQL's, or None for SQLite in the data directory

    def serve(self, log: Path, *args: str) -> Served:
        port = _free_port()
        command = [sys.executable, "-m", "app.cli.main", "--data-dir", str(self.side.root)]
        if self.url:
            command += ["--db", self.url]
        command += ["serve", "--port", str(port), "--idle-timeout", "60", *args]
        if "--host" not in args:
            command += ["--host", "127.0.0.1"]
        with log.open("ab") as sink:
            process = subprocess.Popen(
                command, stdin=subprocess.DEVNULL, stdout=sink, stderr=sink, env=cli_env()
            )
        return Served(process, port, log)


@dataclass
class Served:
    process: subprocess.Popen[bytes]
    port: int
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def wait_until_up(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log.read_text("utf-8", "replace")
            try:
                if httpx.get(self.url + "/health", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.05)
        raise AssertionError("ncms serve did not start")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def events(self, name: str) -> list[dict[str, object]]:
        lines = self.log.read_text("utf-8", "replace").splitlines()
        found = [json.loads(line) for line in lines if line.startswith("{")]
        return [e for e in found if e["event"] == name]


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def county(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[County]:
    """A county made in this process that `ncms serve` opens in its own processes.
    Marked as training, the one difference from a real county here: its keys open
    at once, not after the second per read the passphrase-guarded file costs."""
    url = request.getfixturevalue("pg_url") if request.param == "postgres" else None
    paths = DataPaths(tmp_path / "county")
    request_ = InitRequest("county", "C4105", "汤阴县合管中心", "C4105", ADMIN_PASSWORD)
    installation = initialise(paths, url, request_, open_training_store)
    db = open_database(paths, url)
    with db.session() as session:
        me = session.get_one(Installation, installation.id)
        me.settings = {**me.settings, TRAINING_SETTING: True}
    secrets = stored_secrets(db)
    side = Side(db, SyncKeys.load(secrets), paths.root, secrets)  # type: ignore[arg-type]
    yield County(side, url)
    db.close()


@pytest.fixture
def station(tmp_path: Path, county: County) -> Iterator[Side]:
    side = make_side(tmp_path / "station", "station", "S001")
    trust(side, county.side)
    yield side
    side.db.close()


@pytest.fixture
def token(county: County, station: Side) -> str:
    return PeerService(county.side.db).issue_token(ADMIN, "S001", county.side.secrets)


@pytest.fixture
def two(county: County, tmp_path: Path) -> Iterator[tuple[Served, Served]]:
    """Two workers of one county, started side by side."""
    served = (county.serve(tmp_path / "a.log"), county.serve(tmp_path / "b.log"))
    try:
        for worker in served:
            worker.wait_until_up()
        yield served
    finally:
        for worker in served:
            worker.stop()


class RawPatch:
    """A PATCH written by hand on its own connection, so that its body can come
    slowly, or stop coming (a dead link), while the test does something else."""

    def __init__(self, port: int, path: str, token: str, offset: int, length: int) -> None:
        self.connection = socket.create_connection(("127.0.0.1", port), timeout=30)
        head = (
            f"PATCH {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            f"Authorization: Bearer {token}\r\nTus-Resumable: 1.0.0\r\n"
            f"Content-Type: {OCTETS}\r\nUpload-Offset: {offset}\r\n"
            f"Content-Length: {length}\r\n\r\n"
        )
        self.connection.sendall(head.encode("ascii"))

    def send(self, body: bytes, pieces: int = 1, pause: float = 0.0) -> None:
        step = -(-len(body) // pieces)
        for start in range(0, len(body), step):
            try:
                self.connection.sendall(body[start : start + step])
            except OSError:
                return  # the server answered (409) and closed: the rest is not wanted
            time.sleep(pause)

    def response(self) -> tuple[int, dict[str, str]]:
        received = b""
        while b"\r\n\r\n" not in received:
            chunk = self.connection.recv(4096)
            assert chunk, f"the connection closed without an answer: {received!r}"
            received += chunk
        status, *lines = received.split(b"\r\n\r\n")[0].decode("latin-1").split("\r\n")
        self.connection.close()
        headers = dict(line.split(": ", 1) for line in lines)
        return int(status.split()[1]), {k.lower(): v for k, v in headers.items()}


def _create(worker: Served, token: str, length: int) -> str:
    created = httpx.post(
        worker.url + "/files",
        headers={**TUS, "Authorization": f"Bearer {token}", "Upload-Length": str(length)},
    )
    assert created.status_code == 201, created.text
    return httpx.URL(created.headers["Location"]).path


def _offset(worker: Served, token: str, path: str) -> int:
    head = httpx.head(
        worker.url + path, headers={**TUS, "Authorization": f"Bearer {token}"}, timeout=15
    )
    assert head.status_code == 200
    return int(head.headers["Upload-Offset"])


def _head(worker: Served, token: str, path: str) -> int:
    headers = {**TUS, "Authorization": f"Bearer {token}"}
    return httpx.head(worker.url + path, headers=headers, timeout=15).status_code


def _wait_for(condition: Callable[[], bool], what: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


def _outcome(worker: Served, token: str, path: str) -> dict[str, object]:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        status = httpx.get(worker.url + path, headers={**TUS, "Authorization": f"Bearer {token}"})
        found = status.json()["import"]
        if found is not None:
            return dict(found)
        time.sleep(0.05)
    raise AssertionError("the upload was never imported")


def test_two_workers_receiving_one_upload_import_it_exactly_once(
    county: County, station: Side, token: str, two: tuple[Served, Served], tmp_path: Path
) -> None:
    a, b = two
    sent = batched_with_scans(station.db, 3)
    package = station.export(tmp_path / "up.ncmspkg")
    data = package.path.read_bytes()
    half = len(data) // 2
    path = _create(a, token, len(data))

    # The same first half at offset 0 reaches both workers at once (a client that
    # retried too early): one writes it, the other is told where the upload stands.
    patches = [RawPatch(w.port, path, token, 0, half) for w in (a, b)]
    senders = [threading.Thread(target=p.send, args=(data[:half], 8, 0.05)) for p in patches]
    for sender in senders:
        sender.start()
    answers = [p.response() for p in patches]
    for sender in senders:
        sender.join()
    statuses = sorted(status for status, _ in answers)
    assert statuses == [204, 409], answers
    written = {int(headers["upload-offset"]) for _, headers in answers}
    assert len(written) == 1, answers  # the refused one is told the winner's offset
    (at,) = written
    assert 0 < at <= half and _offset(a, token, path) == _offset(b, token, path) == at

    # A request hanging on a dead link in one worker: a HEAD at the other takes over,
    # counting every byte that arrived, long before the idle timeout (60 s).
    hanging = RawPatch(a.port, path, token, at, len(data) - at)
    hanging.send(data[at : at + 4096])
    time.sleep(0.3)  # the bytes reach the worker
    assert _offset(b, token, path) == at + 4096
    status, headers = hanging.response()  # stopped, having written what it had
    assert (status, int(headers["upload-offset"])) == (204, at + 4096)
    at += 4096

    # A stale offset is 409 from any worker, with where the upload stands.
    for worker in (a, b):
        stale = RawPatch(worker.port, path, token, 0, 10)
        stale.send(b"x" * 10)
        status, headers = stale.response()
        assert (status, int(headers["upload-offset"])) == (409, at)

    # The rest through b; a asked about it at once: both want it imported.
    rest = RawPatch(b.port, path, token, at, len(data) - at)
    rest.send(data[at:])
    status, headers = rest.response()
    assert (status, headers.get("ncms-import")) == (204, "pending")
    first, second = _outcome(a, token, path), _outcome(b, token, path)
    assert first == second and first["status"] == "applied", (first, second)

    db = county.side.db
    assert held_once(db, sent)
    with db.reader() as session:
        packages = session.scalar(select(func.count()).where(SyncPackage.direction == Direction.IN))
        imports = session.scalar(select(func.count()).where(AuditEntry.action == "package.import"))
    assert (packages, imports) == (1, 1)
    assert len(a.events("upload.imported") + b.events("upload.imported")) == 1

    # A new token for the station (`ncms peers token S001`): the old one stops
    # working in every worker within a couple of seconds, the new one works.
    new = PeerService(db).issue_token(ADMIN, "S001", county.side.secrets)
    for worker in (a, b):
        _wait_for(lambda w=worker: _head(w, token, path) == 401, "the old token to stop")
        assert _head(worker, new, path) == 200


def test_serve_with_two_worker_processes(
    county: County, station: Side, token: str, tmp_path: Path
) -> None:
    served = county.serve(tmp_path / "w.log", "--workers", "2", "--host", "0.0.0.0", "--insecure")
    try:
        served.wait_until_up()
        _wait_for(lambda: len(served.events("service.started")) == 2, "both workers")
        workers = {e["pid"] for e in served.events("service.started")}
        assert len(workers) == 2 and served.process.pid not in workers
        sent = batched_with_scans(station.db, 2)
        data = station.export(tmp_path / "up.ncmspkg").path.read_bytes()
        station_headers = {**TUS, "Authorization": f"Bearer {token}"}
        # Behind a reverse proxy on this machine that terminates TLS: the address
        # the station used comes back in Location.
        created = httpx.post(
            served.url + "/files",
            headers={
                **station_headers,
                "Upload-Length": str(len(data)),
                "Host": "county.example",
                "X-Forwarded-Proto": "https",
                "X-Forwarded-For": "192.0.2.7",
            },
        )
        location = created.headers["Location"]
        assert location.startswith("https://county.example/files/"), location
        path = httpx.URL(location).path
        whole = httpx.patch(
            served.url + path,
            content=data,
            headers={**station_headers, "Content-Type": OCTETS, "Upload-Offset": "0"},
        )
        assert whole.status_code == 204, whole.text
        assert _outcome(served, token, path)["status"] == "applied"
        assert held_once(county.side.db, sent)
        # Whichever worker answers, a station retrying its download gets the same file.
        answers = [httpx.get(served.url + "/decisions", headers=station_headers) for _ in "ab"]
        assert all(answer.status_code == 200 for answer in answers)
        digests = {answer.headers["Ncms-Package-Sha256"] for answer in answers}
        assert digests == {hashlib.sha256(answers[0].content).hexdigest()}
        assert answers[0].content == answers[1].content
    finally:
        served.stop()
    assert served.process.returncode == 0
    assert "cross the network in clear" in served.log.read_text("utf-8")
