"""The service's handlers called in this process, without a socket or uvicorn: each
refusal answers with the right status and headers and leaves the disk as it was.
(test_tus_service.py runs the same service over real sockets.)"""

from __future__ import annotations

import asyncio
import contextlib
import shutil
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from app.sync.peers import PeerService
from app.sync.service.desk import CountyDesk, ServiceLimits
from app.sync.service.http import SyncApp
from tests.app.sync.helpers import ADMIN, Side, make_side, trust

TUS = {"Tus-Resumable": "1.0.0"}
OCTETS = {"Content-Type": "application/offset+octet-stream"}
MISSING = "/files/AAAAAAAAAAAAAAAAAAAAAA"  # the shape of an id, but no such upload
LIMITS = ServiceLimits(max_size=1000)


class InProcess:
    """A client of the app in this process, on one event loop, with the app's
    lifespan (its sweeper, and waiting for imports) around the whole test."""

    def __init__(self, app: Starlette, headers: dict[str, str], remote: str) -> None:
        self._app = app
        self._loop = asyncio.new_event_loop()
        self._stack = contextlib.AsyncExitStack()
        self._http = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app, client=(remote, 50000)),
            base_url="http://county.test",
            headers=headers,
        )

    def __enter__(self) -> InProcess:
        self._run(self._stack.enter_async_context(self._app.router.lifespan_context(self._app)))
        self._run(self._stack.enter_async_context(self._http))
        return self

    def __exit__(
        self, kind: type[BaseException] | None, err: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._run(self._stack.aclose())
        self._run(self._loop.shutdown_default_executor())
        self._loop.close()

    def _run(self, step: Any) -> Any:
        return self._loop.run_until_complete(step)

    def request(self, method: str, url: str, **options: Any) -> httpx.Response:
        response: httpx.Response = self._run(self._http.request(method, url, **options))
        return response


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Side, str]]:
    """A county on SQLite trusting station S001, and S001's token; made once for the
    module, as making installations takes seconds (`desk` clears what tests leave)."""
    root = tmp_path_factory.mktemp("http")
    station = make_side(root / "station", "station", "S001")
    county = make_side(root / "county", "county", "C4105")
    trust(station, county)
    token = PeerService(county.db).issue_token(ADMIN, "S001", county.secrets)
    yield county, token
    county.db.close()
    station.db.close()


@pytest.fixture
def desk(county: tuple[Side, str]) -> Iterator[CountyDesk]:
    side = county[0]
    desk = CountyDesk(side.db, side.keys, side.secrets, LIMITS)
    yield desk
    # Each test starts with no uploads and no decision packages.
    shutil.rmtree(desk.uploads.root)
    shutil.rmtree(desk.served)


@pytest.fixture
def token(county: tuple[Side, str]) -> str:
    return county[1]


@pytest.fixture
def client(desk: CountyDesk, token: str) -> Iterator[InProcess]:
    app = SyncApp(desk).asgi()
    with InProcess(app, {**TUS, "Authorization": f"Bearer {token}"}, "192.0.2.7") as http:
        yield http


def _on_disk(desk: CountyDesk) -> list[Path]:
    return sorted(p.relative_to(desk.uploads.root) for p in desk.uploads.root.rglob("*"))


def _create(client: InProcess, length: int) -> str:
    created = client.request("POST", "/files", headers={"Upload-Length": str(length)})
    assert created.status_code == 201, created.text
    return str(created.headers["Location"])


def test_a_head_on_an_unknown_upload_is_404_and_says_nothing_more(client: InProcess) -> None:
    for url in (MISSING, "/files/not-an-id"):
        response = client.request("HEAD", url)
        assert response.status_code == 404
        assert response.headers["Tus-Resumable"] == "1.0.0"
        assert "Upload-Offset" not in response.headers
    assert client.request("HEAD", "/files/..%2F..%2Fetc").status_code == 404
    assert client.request("GET", MISSING).status_code == 404


def test_a_patch_at_the_wrong_offset_is_409_with_where_the_upload_stands(
    client: InProcess, desk: CountyDesk
) -> None:
    url = _create(client, 10)
    first = client.request("PATCH", url, content=b"01234", headers={**OCTETS, "Upload-Offset": "0"})
    assert first.status_code == 204 and first.headers["Upload-Offset"] == "5"
    for offset in ("0", "3", "7"):
        wrong = client.request(
            "PATCH", url, content=b"abc", headers={**OCTETS, "Upload-Offset": offset}
        )
        assert wrong.status_code == 409 and wrong.headers["Upload-Offset"] == "5"
    assert desk.uploads.offset(url.rsplit("/", 1)[1]) == 5
    head = client.request("HEAD", url)
    assert (head.headers["Upload-Offset"], head.headers["Upload-Length"]) == ("5", "10")


@pytest.mark.parametrize(
    "authorization", [None, "", "Bearer", "Bearer WRONG-TOKEN", "Basic YWRtaW46YWRtaW4="]
)
def test_a_missing_or_bad_token_is_401_before_any_disk_use(
    desk: CountyDesk, token: str, authorization: str | None
) -> None:
    app = SyncApp(desk).asgi()
    with InProcess(app, {**TUS, "Authorization": f"Bearer {token}"}, "192.0.2.7") as station:
        url = _create(station, 10)
    before = _on_disk(desk)
    headers = {**TUS} if authorization is None else {**TUS, "Authorization": authorization}
    with InProcess(SyncApp(desk).asgi(), headers, "198.51.100.9") as stranger:
        refusals = [
            stranger.request("POST", "/files", headers={"Upload-Length": "10"}),
            stranger.request("HEAD", url),
            stranger.request("GET", url),
            stranger.request(
                "PATCH", url, content=b"XXXXX", headers={**OCTETS, "Upload-Offset": "0"}
            ),
            stranger.request("GET", "/decisions"),
        ]
        for refused in refusals:
            assert refused.status_code == 401
            assert refused.headers["WWW-Authenticate"] == "Bearer"
        # No token needed to ask what the server supports or whether it is up.
        assert stranger.request("OPTIONS", "/files").status_code == 204
        assert stranger.request("GET", "/health").json()["county"] == "C4105"
    assert _on_disk(desk) == before
    assert not any(desk.served.iterdir())


def test_an_address_with_too_many_bad_tokens_is_429_and_a_good_token_still_passes(
    desk: CountyDesk, token: str
) -> None:
    app = SyncApp(desk).asgi()
    with InProcess(app, {**TUS, "Authorization": "Bearer WRONG"}, "192.0.2.7") as http:
        for _ in range(LIMITS.auth_failures):
            assert http.request("HEAD", MISSING).status_code == 401
        held = http.request("HEAD", MISSING)
        assert held.status_code == 429 and 0 < int(held.headers["Retry-After"]) <= 600
        good = http.request("HEAD", MISSING, headers={"Authorization": f"Bearer {token}"})
        assert good.status_code == 404


def test_an_upload_length_over_the_maximum_is_413_and_creates_nothing(
    client: InProcess, desk: CountyDesk
) -> None:
    for length in (str(LIMITS.max_size + 1), "9" * 40):
        refused = client.request("POST", "/files", headers={"Upload-Length": length})
        assert refused.status_code == 413
        assert f"{LIMITS.max_size} bytes" in refused.text
    assert desk.uploads.uploads() == []
    at_most = client.request("POST", "/files", headers={"Upload-Length": str(LIMITS.max_size)})
    assert at_most.status_code == 201


def test_a_patch_longer_than_announced_is_413_and_writes_nothing(
    client: InProcess, desk: CountyDesk
) -> None:
    url = _create(client, 4)
    over = client.request("PATCH", url, content=b"abcdef", headers={**OCTETS, "Upload-Offset": "0"})
    assert over.status_code == 413
    assert desk.uploads.offset(url.rsplit("/", 1)[1]) == 0


@pytest.mark.parametrize(
    ("method", "headers", "status"),
    [
        ("POST", {"Upload-Length": "-1"}, 400),
        ("POST", {"Upload-Length": "5", "Upload-Defer-Length": "1"}, 400),
        ("POST", {"Upload-Length": "5", "Tus-Resumable": "0.2.2"}, 412),
        ("PATCH", {"Upload-Offset": "0"}, 415),  # not application/offset+octet-stream
        ("PATCH", {**OCTETS, "Upload-Offset": "0x0"}, 400),
    ],
)
def test_requests_the_protocol_does_not_allow(
    client: InProcess, method: str, headers: dict[str, str], status: int
) -> None:
    url = "/files" if method == "POST" else _create(client, 4)
    response = client.request(
        method, url, content=b"ab" if method == "PATCH" else None, headers=headers
    )
    assert response.status_code == status
    assert response.headers["Tus-Resumable"] == "1.0.0"


def test_a_whole_upload_is_imported_and_its_outcome_reported(
    client: InProcess, desk: CountyDesk
) -> None:
    url = _create(client, 6)
    done = client.request("PATCH", url, content=b"abcdef", headers={**OCTETS, "Upload-Offset": "0"})
    assert done.status_code == 204 and done.headers["Ncms-Import"] == "pending"
    upload_id = url.rsplit("/", 1)[1]
    desk.import_upload(upload_id)  # waits for the import the PATCH started: one at a time
    status = client.request("GET", url).json()
    assert (status["offset"], status["length"]) == (6, 6)
    assert status["import"]["status"] == "refused"  # six bytes are not a package
    assert client.request("HEAD", url).headers["Ncms-Import"] == "refused"


def test_an_unexpected_error_is_a_plain_500(
    client: InProcess, desk: CountyDesk, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(station: str) -> None:
        raise RuntimeError("the disk said no")

    monkeypatch.setattr(desk, "decisions_for", broken)
    response = client.request("GET", "/decisions")
    assert response.status_code == 500
    assert "disk" not in response.text
