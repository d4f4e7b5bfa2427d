"""The county's sync service speaks tus 1.0 (core + creation) as the protocol says,
refuses strangers before touching the disk, and imports a whole upload through
the same service as `ncms import`."""

from __future__ import annotations

import base64
import os
import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

import app.sync.service.desk
from app.db.models import Application, Peer
from app.security import sync_tokens
from app.sync.peers import PeerService, own_identity
from app.sync.service.desk import CountyDesk, ServiceLimits
from app.sync.service.throttle import FailedAttempts, client_group
from tests.app.sync.helpers import ADMIN, Side, batched
from tests.integration.service import RunningService

TUS = {"Tus-Resumable": "1.0.0"}
MISSING = "/files/AAAAAAAAAAAAAAAAAAAAAA"  # past the token check: 404, not 401
BAD = {"Authorization": "Bearer " + "A" * 39}


@pytest.fixture
def token(county: Side) -> str:
    return PeerService(county.db).issue_token(ADMIN, "S001", county.secrets)


@pytest.fixture
def service(county: Side, token: str) -> Iterator[RunningService]:
    with RunningService(county, ServiceLimits(max_size=50_000_000)) as running:
        yield running


@pytest.fixture
def desk(service: RunningService) -> CountyDesk:
    return service.desk


@pytest.fixture
def client(service: RunningService, token: str) -> Iterator[httpx.Client]:
    headers = {**TUS, "Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=service.url, headers=headers, timeout=30) as http:
        yield http


def _create(client: httpx.Client, length: int, name: str = "p.ncmspkg") -> str:
    meta = "filename " + base64.b64encode(name.encode()).decode()
    response = client.post(
        "/files", headers={"Upload-Length": str(length), "Upload-Metadata": meta}
    )
    assert response.status_code == 201, response.text
    return str(response.headers["Location"])


def _patch(client: httpx.Client, url: str, offset: int, body: bytes) -> httpx.Response:
    return client.patch(
        url,
        content=body,
        headers={"Upload-Offset": str(offset), "Content-Type": "application/offset+octet-stream"},
    )


def _wait_import(client: httpx.Client, url: str) -> dict[str, object]:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        found = client.get(url).json()["import"]
        if found is not None:
            return dict(found)
        time.sleep(0.05)
    raise AssertionError("the import did not finish")


def test_options_says_what_the_server_supports(client: httpx.Client) -> None:
    response = client.options("/files", headers={"Authorization": ""})
    assert response.status_code == 204
    assert response.headers["Tus-Version"] == "1.0.0"
    assert set(response.headers["Tus-Extension"].split(",")) == {"creation", "expiration"}
    assert response.headers["Tus-Max-Size"] == "50000000"


def test_create_head_patch_resume_and_409(client: httpx.Client, service: RunningService) -> None:
    url = _create(client, 10)
    assert url.startswith(f"{service.url}/files/")
    head = client.head(url)
    assert (head.headers["Upload-Offset"], head.headers["Upload-Length"]) == ("0", "10")
    assert head.headers["Cache-Control"] == "no-store"
    first = _patch(client, url, 0, b"01234")
    assert first.status_code == 204 and first.headers["Upload-Offset"] == "5"
    # A client that thinks it is elsewhere is told where the upload stands.
    wrong = _patch(client, url, 3, b"34567")
    assert wrong.status_code == 409 and wrong.headers["Upload-Offset"] == "5"
    assert client.head(url).headers["Upload-Offset"] == "5"
    rest = _patch(client, url, 5, b"56789")
    assert rest.headers["Upload-Offset"] == "10" and rest.headers["Ncms-Import"] == "pending"


def test_protocol_errors(client: httpx.Client, desk: CountyDesk) -> None:
    assert client.post("/files").status_code == 400  # no Upload-Length
    too_big = client.post("/files", headers={"Upload-Length": str(50_000_001)})
    assert too_big.status_code == 413
    old = client.post("/files", headers={"Upload-Length": "5", "Tus-Resumable": "0.2.2"})
    assert old.status_code == 412 and old.headers["Tus-Version"] == "1.0.0"
    url = _create(client, 4)
    plain = client.patch(url, content=b"ab", headers={"Upload-Offset": "0"})
    assert plain.status_code == 415
    over = _patch(client, url, 0, b"abcdef")
    assert over.status_code == 413
    assert client.head(url).headers["Upload-Offset"] == "0"
    assert client.head("/files/AAAAAAAAAAAAAAAAAAAAAA").status_code == 404
    assert client.head("/files/..%2F..%2Fetc").status_code == 404


def test_a_bad_token_is_refused_before_any_disk_use(client: httpx.Client, desk: CountyDesk) -> None:
    url = _create(client, 10)
    _patch(client, url, 0, b"01234")
    before = sorted(p.relative_to(desk.uploads.root) for p in desk.uploads.root.rglob("*"))
    for auth in ("Bearer WRONG-TOKEN", "", "Basic YWRtaW46YWRtaW4="):
        headers = {"Authorization": auth, "Upload-Length": "10"}
        assert client.post("/files", headers=headers).status_code == 401
        assert client.head(url, headers=headers).status_code == 401
        patch = client.patch(
            url,
            content=b"XXXXX",
            headers={
                **headers,
                "Upload-Offset": "5",
                "Content-Type": "application/offset+octet-stream",
            },
        )
        assert patch.status_code == 401
        assert client.get("/decisions", headers=headers).status_code == 401
    after = sorted(p.relative_to(desk.uploads.root) for p in desk.uploads.root.rglob("*"))
    assert after == before
    assert desk.uploads.offset(url.rsplit("/", 1)[1]) == 5
    assert not any(desk.served.iterdir())


def test_another_stations_upload_is_invisible(
    client: httpx.Client, county: Side, tmp_path: Path, desk: CountyDesk
) -> None:
    from tests.app.sync.helpers import make_side, trust

    other = make_side(tmp_path / "other", "station", "S002")
    trust(other, county)
    other_token = PeerService(county.db).issue_token(ADMIN, "S002", county.secrets)
    desk.reload_tokens()  # as the running service does within two seconds
    url = _create(client, 10)
    headers = {"Authorization": f"Bearer {other_token}"}
    assert client.head(url, headers=headers).status_code == 404
    assert _patch_as(client, url, headers).status_code == 404
    other.db.close()


def _patch_as(client: httpx.Client, url: str, headers: dict[str, str]) -> httpx.Response:
    return client.patch(
        url,
        content=b"x",
        headers={
            **headers,
            "Upload-Offset": "0",
            "Content-Type": "application/offset+octet-stream",
        },
    )


def test_a_whole_upload_is_imported_once_and_decisions_come_back(
    client: httpx.Client, station: Side, county: Side, tmp_path: Path
) -> None:
    batched(station.db, 3)
    package = station.export(tmp_path / "up.ncmspkg").path.read_bytes()
    url = _create(client, len(package), "S001-up.ncmspkg")
    half = len(package) // 2
    _patch(client, url, 0, package[:half])
    _patch(client, url, half, package[half:])
    result = _wait_import(client, url)
    assert result["status"] == "applied" and result["changes"]["application"] == 3
    assert client.head(url).headers["Ncms-Import"] == "applied"
    # The same package again, as a station that lost track would send it: no duplicate.
    again = _create(client, len(package))
    _patch(client, again, 0, package)
    assert _wait_import(client, again)["status"] == "already"
    with county.db.reader() as session:
        assert session.scalar(select(func.count()).select_from(Application)) == 3
    decisions = client.get("/decisions")
    assert decisions.status_code == 200
    sha = decisions.headers["Ncms-Package-Sha256"]
    assert len(decisions.content) == int(decisions.headers["Content-Length"])
    # Asked again with nothing new at the county: the same file, resumable by range.
    tail = client.get("/decisions", headers={"Range": "bytes=100-"})
    assert tail.status_code == 206 and tail.headers["Ncms-Package-Sha256"] == sha
    assert tail.content == decisions.content[100:]
    landed = tmp_path / "down.ncmspkg"
    landed.write_bytes(decisions.content)
    assert station.import_(landed).status == "applied"


def test_a_package_from_another_station_is_refused(
    client: httpx.Client, county: Side, tmp_path: Path
) -> None:
    from tests.app.sync.helpers import make_side, trust

    other = make_side(tmp_path / "other", "station", "S002")
    trust(other, county)
    batched(other.db, 1)
    package = other.export(tmp_path / "other.ncmspkg").path.read_bytes()
    url = _create(client, len(package))  # uploaded with S001's token
    _patch(client, url, 0, package)
    result = _wait_import(client, url)
    assert result["status"] == "refused" and result["key"] == "package.not_from_uploader"
    with county.db.reader() as session:
        assert session.scalar(select(func.count()).select_from(Application)) == 0
    other.db.close()


def test_health(client: httpx.Client) -> None:
    response = client.get("/health", headers={"Authorization": ""})
    assert response.status_code == 200 and response.json()["status"] == "ok"


def test_limits_on_open_uploads_per_station(client: httpx.Client) -> None:
    for _ in range(2):
        _create(client, 10)
    third = client.post("/files", headers={"Upload-Length": "10"})
    assert third.status_code == 429 and third.headers["Retry-After"]


def test_a_whole_upload_left_by_a_stop_is_imported_by_the_sweep(
    station: Side, county: Side, tmp_path: Path
) -> None:
    # The service stopped between the last byte and the import: nothing is lost.
    desk = CountyDesk(county.db, county.keys, county.secrets, ServiceLimits())
    batched(station.db, 2)
    package = station.export(tmp_path / "up.ncmspkg").path.read_bytes()
    upload = desk.uploads.create("S001", len(package), "up.ncmspkg")
    desk.uploads.append(upload.id, 0, [package])
    stale = desk.uploads.create("S001", 100)  # and one a week old, never finished
    old = time.time() - 8 * 24 * 3600
    for part in desk.uploads.root.joinpath(stale.id).iterdir():
        os.utime(part, (old, old))
    desk.sweep()
    assert desk.uploads.result(upload.id)["status"] == "applied"  # type: ignore[index]
    assert [u.id for u in desk.uploads.uploads()] == [upload.id]
    with county.db.reader() as session:
        assert session.scalar(select(func.count()).select_from(Application)) == 2


def test_the_county_keeps_only_a_digest_of_a_station_token(
    county: Side, token: str, client: httpx.Client, desk: CountyDesk
) -> None:
    assert county.secrets.get(sync_tokens.county_key("S001")) is None
    with county.db.reader() as session:
        peer = session.get(Peer, "S001")
        assert peer is not None
        kept = [str(getattr(peer, column.key)) for column in Peer.__table__.columns]
    assert peer.sync_token_sha256 == sync_tokens.digest(token)
    assert not any(token in value for value in kept)
    assert client.head(MISSING).status_code == 404
    new = PeerService(county.db).issue_token(ADMIN, "S001", county.secrets)
    desk.reload_tokens()
    assert client.head(MISSING).status_code == 401  # the old token stopped working
    assert client.head(MISSING, headers={"Authorization": f"Bearer {new}"}).status_code == 404


def test_tokens_an_earlier_release_kept_whole_keep_working(county: Side) -> None:
    token = sync_tokens.new_token()
    county.secrets.set(sync_tokens.county_key("S001"), token)  # as releases up to 0006 did
    with RunningService(county) as running:
        headers = {**TUS, "Authorization": f"Bearer {token}"}
        assert httpx.head(running.url + MISSING, headers=headers).status_code == 404
    assert county.secrets.get(sync_tokens.county_key("S001")) is None
    assert PeerService(county.db).token_digests() == {"S001": sync_tokens.digest(token)}


def test_unknown_tokens_never_read_the_secret_store(
    client: httpx.Client, county: Side, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads: list[str] = []
    monkeypatch.setattr(county.secrets, "get", reads.append)
    monkeypatch.setattr(app.sync.service.desk, "TOKEN_REREAD_SECONDS", 0.0)  # reload every time
    for _ in range(3):
        assert client.head(MISSING, headers=BAD).status_code == 401
    assert client.head(MISSING).status_code == 404
    assert reads == []


def test_a_slow_token_reload_does_not_hold_up_other_requests(
    client: httpx.Client, service: RunningService, monkeypatch: pytest.MonkeyPatch
) -> None:
    entered, release = threading.Event(), threading.Event()
    read = PeerService.token_digests

    def slow(self: PeerService) -> dict[str, str]:
        entered.set()
        release.wait(10)
        return read(self)

    monkeypatch.setattr(PeerService, "token_digests", slow)
    monkeypatch.setattr(app.sync.service.desk, "TOKEN_REREAD_SECONDS", 0.0)
    with ThreadPoolExecutor(1) as pool:
        refused = pool.submit(httpx.head, service.url + MISSING, headers={**TUS, **BAD})
        try:
            assert entered.wait(5), "an unknown token did not make the service look again"
            health = httpx.get(service.url + "/health", timeout=3)
            assert health.status_code == 200 and not refused.done()
        finally:
            release.set()
        assert refused.result().status_code == 401


# Not plain non-negative decimal integers; the last two are digits to str.isdigit()
# ("²", "¹²³" in Latin-1) that int() refuses.
NOT_PLAIN_INTEGERS = ["", "abc", "-1", "+5", "1.5", "0x10", "1e3", "5 5", "5,5", b"\xb2"]
NOT_PLAIN_INTEGERS += [b"\xb9\xb2\xb3"]


@pytest.mark.parametrize("value", NOT_PLAIN_INTEGERS)
def test_a_length_or_offset_that_is_not_a_plain_integer_is_400(
    client: httpx.Client, desk: CountyDesk, value: str | bytes
) -> None:
    created = client.post("/files", headers={"Upload-Length": value})
    assert created.status_code == 400 and "Upload-Length" in created.text
    assert desk.uploads.uploads() == []
    url = _create(client, 10)
    patched = client.patch(
        url,
        content=b"x",
        headers={"Upload-Offset": value, "Content-Type": "application/offset+octet-stream"},
    )
    assert patched.status_code == 400 and "Upload-Offset" in patched.text
    assert client.head(url).headers["Upload-Offset"] == "0"


@pytest.mark.parametrize(
    "length", [str(50_000_001), str(10**18), str(10**30), "9" * 5000, "0" * 5000 + "50000001"]
)
def test_an_upload_over_the_maximum_is_413_even_when_the_disk_is_full(
    county: Side, token: str, length: str
) -> None:
    limits = ServiceLimits(max_size=50_000_000, disk_reserve=10**18)  # never room
    headers = {**TUS, "Authorization": f"Bearer {token}"}
    with RunningService(county, limits) as running:
        too_big = httpx.post(running.url + "/files", headers={**headers, "Upload-Length": length})
        fits = httpx.post(running.url + "/files", headers={**headers, "Upload-Length": "10"})
        assert running.desk.uploads.uploads() == []
    assert too_big.status_code == 413
    assert fits.status_code == 507


def test_concurrent_posts_never_pass_the_open_upload_limit(
    service: RunningService, token: str, desk: CountyDesk
) -> None:
    headers = {**TUS, "Authorization": f"Bearer {token}", "Upload-Length": "10"}
    with ThreadPoolExecutor(50) as pool:
        answers = list(
            pool.map(lambda _: httpx.post(service.url + "/files", headers=headers), range(50))
        )
    codes = sorted(a.status_code for a in answers)
    assert codes == [201] * 2 + [429] * 48
    assert len(desk.uploads.uploads()) == 2


UNKNOWN = ["", "Basic YWRtaW46YWRtaW4=", "Bearer WRONG", BAD["Authorization"]]


@pytest.mark.parametrize("bad", UNKNOWN)
def test_an_address_sending_unknown_tokens_is_held_off_and_others_are_not(
    county: Side, token: str, bad: str
) -> None:
    good = {**TUS, "Authorization": f"Bearer {token}"}
    limits = ServiceLimits(auth_failures=3, auth_window=600.0)
    with RunningService(county, limits) as running:
        url = running.url + MISSING
        for _ in range(3):
            assert httpx.head(url, headers={**TUS, "Authorization": bad}).status_code == 401
        held = httpx.head(url, headers={**TUS, "Authorization": bad})
        assert held.status_code == 429 and 0 < int(held.headers["Retry-After"]) <= 600
        # A station sharing that address (a township's one line) is not held off.
        assert httpx.head(url, headers=good).status_code == 404
        assert httpx.get(running.url + "/health").status_code == 200  # needs no token
        elsewhere = httpx.HTTPTransport(local_address="127.0.0.2")
        with httpx.Client(transport=elsewhere) as other:
            assert other.head(url, headers=good).status_code == 404


def test_addresses_of_one_ipv6_host_count_as_one_and_the_table_stays_bounded() -> None:
    failed = FailedAttempts(allowed=2, window=60.0)
    for host in ("2001:db8:1:2::1", "2001:db8:1:2:ffff::9"):
        failed.record(client_group(host), 0.0)
    assert failed.retry_after(client_group("2001:db8:1:2::77"), 1.0) is not None
    assert failed.retry_after(client_group("2001:db8:1:3::1"), 1.0) is None
    assert client_group("10.0.0.1") == "10.0.0.1"
    for n in range(25_000):  # a flood from many addresses at once
        failed.record(f"10.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}", 1.0 + n / 1e6)
    assert len(failed._seen) <= 10_001


def test_failed_attempts_fade_after_their_window() -> None:
    failed = FailedAttempts(allowed=2, window=60.0)
    failed.record("10.0.0.1", 0.0)
    assert failed.retry_after("10.0.0.1", 1.0) is None  # one is allowed to go wrong
    failed.record("10.0.0.1", 30.0)
    assert failed.retry_after("10.0.0.1", 31.0) == 29.0  # until the first one fades
    assert failed.retry_after("10.0.0.2", 31.0) is None
    assert failed.retry_after("10.0.0.1", 60.0) is None
    failed.record("10.0.0.1", 60.0)
    assert failed.retry_after("10.0.0.1", 61.0) == 29.0
    assert failed.retry_after("10.0.0.1", 200.0) is None


def _exchange(port: int, *parts: bytes) -> bytes:
    """Send `parts` on one raw connection (pausing between them, the later ones after
    the first answer), then everything until the service closes it; a service that
    never closes fails the test with a socket timeout."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        received = b""
        for number, part in enumerate(parts):
            sock.sendall(part)
            if number < len(parts) - 1:
                while b"\r\n\r\n" not in received:
                    received += sock.recv(65536)
                time.sleep(0.2)
        while chunk := sock.recv(65536):
            received += chunk
    return received


@pytest.mark.parametrize(
    "method, path", [("POST", "/files"), ("PATCH", MISSING), ("GET", "/health")]
)
def test_content_length_with_transfer_encoding_is_400_and_smuggles_nothing(
    service: RunningService, token: str, desk: CountyDesk, method: str, path: str
) -> None:
    head = (
        f"{method} {path} HTTP/1.1\r\nHost: county\r\nAuthorization: Bearer {token}\r\n"
        "Tus-Resumable: 1.0.0\r\nUpload-Length: 10\r\nUpload-Offset: 0\r\n"
        "Content-Type: application/offset+octet-stream\r\n"
        "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"
    ).encode()
    smuggled = b"POST /files HTTP/1.1\r\nHost: county\r\nUpload-Length: 10\r\n\r\n"
    received = _exchange(service.port, head + b"0\r\n\r\n" + smuggled)
    assert received.startswith(b"HTTP/1.1 400 ")
    assert received.count(b"HTTP/1.1 ") == 1  # the connection closed: nothing after
    assert desk.uploads.uploads() == []


REQUEST = b"GET /health HTTP/1.1\r\nHost: county\r\n\r\n"


@pytest.mark.parametrize(
    "parts",
    [
        [b"GET /hea"],  # half a request line
        [b"GET /health HTTP/1.1\r\nHost: co"],  # half the headers
        [REQUEST, b"GET /hea"],  # the next request on a kept-alive connection
    ],
    ids=["request-line", "headers", "kept-alive"],
)
def test_a_request_whose_headers_never_finish_is_cut_off(
    county: Side, token: str, parts: list[bytes]
) -> None:
    with RunningService(county, ServiceLimits(header_timeout=0.5)) as running:
        received = _exchange(running.port, *parts)
        assert httpx.get(running.url + "/health").status_code == 200
    assert received.rsplit(b"HTTP/1.1 ", 1)[1].startswith(b"408")
    assert received.count(b"HTTP/1.1 ") == len(parts)


def test_a_revoked_stations_token_stays_dead_when_it_is_trusted_again(
    county: Side, station: Side, token: str
) -> None:
    peers = PeerService(county.db)
    peers.revoke(ADMIN, "S001")
    peers.add(ADMIN, own_identity(station.db))  # trusted again, say after a new PC
    assert "S001" not in peers.token_digests()
    with RunningService(county) as running:
        headers = {**TUS, "Authorization": f"Bearer {token}"}
        assert httpx.head(running.url + MISSING, headers=headers).status_code == 401
