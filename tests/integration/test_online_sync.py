"""Station ↔ county over a link that resets, stalls and lies, on loopback: the
upload resumes rather than restarts, nothing arrives twice, nothing is lost."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import httpx
import pytest
from uvicorn.protocols.http.flow_control import HIGH_WATER_LIMIT

from app.errors import NcmsError
from app.security import sync_tokens
from app.sync.online.client import OnlineSync, PackageKept
from app.sync.online.tus import CountyLink, SyncStopped, Transfer
from app.sync.outbox import Outbox
from tests.app.sync.helpers import ADMIN, Side, make_side, trust
from tests.integration.faulty_proxy import READ as PROXY_READ
from tests.integration.faulty_proxy import Faults, FaultyProxy
from tests.integration.online_helpers import FAST, batched_with_scans, held_once
from tests.integration.service import RunningService, station_token

KIB = 1024


@pytest.fixture
def station(tmp_path: Path) -> Iterator[Side]:
    side = make_side(tmp_path / "station", "station", "S001")
    yield side
    side.db.close()


@pytest.fixture
def county(tmp_path: Path, station: Side) -> Iterator[Side]:
    side = make_side(tmp_path / "county", "county", "C4105")
    trust(station, side)
    yield side
    side.db.close()


@pytest.fixture
def token(county: Side, station: Side) -> str:
    issued = station_token(county)
    station.secrets.set(sync_tokens.STATION_KEY, issued)
    return issued


@pytest.fixture
def service(county: Side, token: str) -> Iterator[RunningService]:
    with RunningService(county) as running:
        yield running


def _sync(station: Side, url: str, token: str, **policy: float) -> tuple[OnlineSync, object]:
    link = CountyLink(url, token, replace(FAST, **policy))
    sync = OnlineSync(station.db, station.keys, link)
    try:
        return sync, sync.run(ADMIN)
    finally:
        link.close()


def test_a_reset_costs_only_what_the_service_had_not_yet_stored(
    station: Side, county: Side, service: RunningService, token: str
) -> None:
    sent = batched_with_scans(station.db, 8)
    with FaultyProxy(service.port, Faults(reset_every=256 * KIB)) as proxy:
        sync, outcome = _sync(station, proxy.url, token)
    size = sum(d.size for d in outcome.delivered)  # type: ignore[attr-defined]
    assert size > 1_500_000  # big enough for the resets to matter
    assert proxy.resets >= size // (256 * KIB) - 1
    # A reset may cost only what the service had read but not yet stored: uvicorn
    # holds up to HIGH_WATER_LIMIT of body before it stops reading, plus one read of
    # the proxy's, and drops it on disconnect; each connection adds its headers. A
    # client that re-sent its window, or a service that kept only whole requests,
    # would lose the unconfirmed part of a request (64 KiB to 16 MiB) per reset.
    allowed = proxy.resets * (HIGH_WATER_LIMIT + PROXY_READ) + proxy.connections * 4 * KIB
    assert proxy.upstream - size <= allowed, (proxy.upstream, size, proxy.resets)
    assert [d.status for d in outcome.delivered] == ["applied"]  # type: ignore[attr-defined]
    assert held_once(county.db, sent)
    assert outcome.decisions[-1].status == "applied"  # type: ignore[attr-defined]
    assert sync.outbox.entries() == []  # delivered: nothing left for the USB route


def test_a_stall_is_detected_and_the_upload_resumes(
    station: Side, county: Side, service: RunningService, token: str
) -> None:
    sent = batched_with_scans(station.db, 4)
    with FaultyProxy(service.port, Faults(stall_after=300 * KIB, stall_for=60)) as proxy:
        _sync(station, proxy.url, token)
        # Done while the stalled connection is still hanging: the stall was noticed
        # (after the 2 s read timeout), not waited out.
        assert proxy.stalls == 1 and proxy.stalled_now == 1
    assert held_once(county.db, sent)


def test_added_latency_and_a_bandwidth_cap(
    station: Side, county: Side, service: RunningService, token: str
) -> None:
    sent = batched_with_scans(station.db, 2)
    with FaultyProxy(service.port, Faults(bandwidth=2_000_000, latency=0.05)) as proxy:
        _sync(station, proxy.url, token)
    assert proxy.resets == 0 and held_once(county.db, sent)


def _partial(station: Side, url: str, token: str, path: Path, stop_at: int) -> str:
    """Upload `path` until the county holds `stop_at` bytes or more, then stop, as a
    program closed mid-way."""
    remembered: list[str | None] = []
    cancelled = threading.Event()

    def progress(transfer: Transfer) -> None:
        if transfer.confirmed >= stop_at:
            cancelled.set()

    with CountyLink(url, token, FAST, cancelled=cancelled) as link, pytest.raises(SyncStopped):
        link.upload(path, on_url=remembered.append, progress=progress)
    assert remembered and remembered[-1]
    return remembered[-1]


def _head(url: str, token: str) -> int:
    response = httpx.head(
        url, headers={"Authorization": f"Bearer {token}", "Tus-Resumable": "1.0.0"}
    )
    return int(response.headers["Upload-Offset"]) if response.status_code == 200 else -1


def test_an_offset_mismatch_is_recovered_from_the_servers_word(
    station: Side,
    county: Side,
    service: RunningService,
    token: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sent = batched_with_scans(station.db, 3)
    package = station.export(tmp_path / "up.ncmspkg").path
    url = _partial(station, service.url, token, package, 200 * KIB)
    held = _head(url, token)
    assert 0 < held < package.stat().st_size
    # The client believes the county has nothing yet: its PATCH at 0 gets 409, it
    # asks again and sends only what is missing.
    real_head = CountyLink._head
    asked: list[int | None] = []

    def stale_head(self: CountyLink, at: str) -> int | None:
        asked.append(real_head(self, at))
        return 0 if len(asked) == 1 else asked[-1]

    monkeypatch.setattr(CountyLink, "_head", stale_head)
    with FaultyProxy(service.port) as proxy, CountyLink(proxy.url, token, FAST) as link:
        final = link.upload(package, url.replace(service.url, proxy.url))
        assert link.import_result(final)["status"] == "applied"
    assert len(asked) == 2 and asked[1] == held
    # Only the missing part crossed the link, and the refused PATCH's small probe.
    assert proxy.upstream < package.stat().st_size - held + 64 * KIB + 4 * KIB
    assert held_once(county.db, sent)


def test_same_size_and_same_first_64_kib_never_resume_onto_each_other(
    station: Side, service: RunningService, token: str, tmp_path: Path
) -> None:
    from tusclient.fingerprint.fingerprint import Fingerprint

    head = os.urandom(64 * KIB)
    outbox = Outbox(tmp_path / "outbox")
    a, b = outbox.folder / "a.ncmspkg", outbox.folder / "b.ncmspkg"
    a.write_bytes(head + os.urandom(400 * KIB))
    # What fools a client keyed like tuspy's (size and first 64 KiB) …
    with a.open("rb") as fa, b.open("wb") as fb:
        fb.write(head + os.urandom(400 * KIB))
        fb.flush()
        with b.open("rb") as read_b:
            assert Fingerprint().get_fingerprint(fa) == Fingerprint().get_fingerprint(read_b)
    # … does not fool the outbox, keyed by SHA-256.
    entry_a = outbox.add(a)
    url_a = _partial(station, service.url, token, a, 150 * KIB)
    outbox.remember_url(entry_a.sha256, url_a)
    entry_b = outbox.add(b)
    assert entry_b.sha256 != entry_a.sha256 and outbox.url_of(entry_b.sha256) is None
    url_b = _partial(station, service.url, token, b, 200 * KIB)
    assert url_b != url_a
    # Each upload on the county's disk is exactly the start of its own file.
    for url, entry in ((url_a, entry_a), (url_b, entry_b)):
        upload_id = url.rsplit("/", 1)[1]
        held = service.desk.uploads.data_path(upload_id).read_bytes()
        assert len(held) > 64 * KIB
        assert held == outbox.path_of(entry).read_bytes()[: len(held)]


def test_an_expired_upload_starts_over_without_a_duplicate(
    station: Side, county: Side, service: RunningService, token: str
) -> None:
    sent = batched_with_scans(station.db, 3)
    link = CountyLink(service.url, token, FAST)
    sync = OnlineSync(station.db, station.keys, link)
    # The package reaches the county, but the answer never reaches the station.
    real = CountyLink.import_result
    calls = iter([True])

    def lost_answer(self: CountyLink, url: str) -> dict[str, object]:
        if next(calls, False):
            real(self, url)  # imported at the county …
            raise SyncStopped("sync.link_down", minutes=0)  # … but the station never hears
        return real(self, url)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(CountyLink, "import_result", lost_answer)
        with pytest.raises(PackageKept) as kept:
            sync.run(ADMIN)
        [waiting] = sync.outbox.entries()
        assert waiting.url is not None and str(sync.outbox.path_of(waiting)) in str(kept.value)
        # Days later the county has expired the upload it finished.
        assert service.desk.uploads.expire(0)
        outcome = sync.run(ADMIN)
    link.close()
    # Sent whole again under a new upload; the county recognised it.
    assert outcome.delivered[0].status == "already"
    assert held_once(county.db, sent)


def test_a_partial_upload_that_expired_is_sent_again_from_the_start(
    station: Side, county: Side, service: RunningService, token: str, tmp_path: Path
) -> None:
    sent = batched_with_scans(station.db, 2)
    outbox = Outbox(station.db.paths.outbox)
    package = station.export(outbox.folder / "S001-early.ncmspkg").path
    entry = outbox.add(package)
    outbox.remember_url(entry.sha256, _partial(station, service.url, token, package, 100 * KIB))
    assert service.desk.uploads.expire(0)
    _sync(station, service.url, token)
    assert held_once(county.db, sent) and outbox.entries() == []


def test_when_the_link_stays_down_the_package_is_kept_for_the_usb_stick(
    station: Side, county: Side, service: RunningService, token: str
) -> None:
    sent = batched_with_scans(station.db, 2)
    with FaultyProxy(service.port, Faults(refuse=True)) as proxy, pytest.raises(PackageKept) as err:
        _sync(station, proxy.url, token, give_up_after=1.0)
    [kept] = Outbox(station.db.paths.outbox).entries()
    path = station.db.paths.outbox / kept.file
    assert str(path) in str(err.value) and "could not be reached" in str(err.value)
    # The same file on a USB stick does the job.
    assert county.import_(path).status == "applied"
    assert held_once(county.db, sent)


def test_a_bad_token_is_told_plainly_and_uses_no_disk(
    station: Side, county: Side, service: RunningService
) -> None:
    batched_with_scans(station.db, 1)
    with pytest.raises(PackageKept) as err:
        _sync(station, service.url, sync_tokens.new_token())
    assert err.value.params["reason"].key == "sync.token_refused"
    assert "did not accept this station's sync token" in str(err.value)
    assert list(service.desk.uploads.root.iterdir()) == []


def test_an_independent_tus_client_uploads_and_the_county_imports(
    station: Side, county: Side, service: RunningService, token: str, tmp_path: Path
) -> None:
    from tusclient import client as tus

    sent = batched_with_scans(station.db, 3)
    package = station.export(tmp_path / "up.ncmspkg").path
    client = tus.TusClient(f"{service.url}/files", headers={"Authorization": f"Bearer {token}"})
    with package.open("rb") as stream:  # given, so that it is closed (tuspy leaves its own open)
        uploader = client.uploader(
            file_stream=stream, chunk_size=128 * KIB, metadata={"filename": package.name}
        )
        uploader.upload()
    with CountyLink(service.url, token, FAST) as link:
        assert link.import_result(str(uploader.url))["status"] == "applied"
    assert held_once(county.db, sent)


def _self_signed(folder: Path) -> tuple[Path, Path]:
    """A county's own certificate for 127.0.0.1, as an IT person would make one."""
    import datetime
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "county sync")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = folder / "county.pem", folder / "county.key"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file


def test_over_https_with_the_countys_own_certificate(
    station: Side, county: Side, token: str, tmp_path: Path
) -> None:
    sent = batched_with_scans(station.db, 1)
    cert, key = _self_signed(tmp_path)
    with RunningService(county, tls=(str(cert), str(key))) as service:
        # Not trusted without the county's certificate: refused, and said plainly.
        with (
            pytest.raises(NcmsError, match="certificate"),
            CountyLink(service.url, token, replace(FAST, give_up_after=0.5)) as link,
        ):
            OnlineSync(station.db, station.keys, link).run(ADMIN)
        with CountyLink(service.url, token, FAST, ca_file=cert) as link:
            outcome = OnlineSync(station.db, station.keys, link).run(ADMIN)
    assert outcome.delivered[0].status == "applied"
    assert held_once(county.db, sent)


def test_a_refused_package_is_set_aside_and_never_blocks_the_queue(
    station: Side,
    county: Side,
    service: RunningService,
    token: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from app.errors import PackageRefused
    from app.sync.service import desk as desk_module

    sent = batched_with_scans(station.db, 2)
    real = desk_module.ImportService.import_package

    def refuse_once(self: object, *args: object, **kwargs: object) -> object:
        monkeypatch.setattr(desk_module.ImportService, "import_package", real)
        raise PackageRefused("package.inconsistent", table="application")

    monkeypatch.setattr(desk_module.ImportService, "import_package", refuse_once)
    with pytest.raises(NcmsError) as err:
        _sync(station, service.url, token)
    assert err.value.key == "sync.county_refused"
    (aside,) = (station.db.paths.outbox / "refused").iterdir()
    assert str(aside) in str(err.value) and "application" in str(err.value)
    assert Outbox(station.db.paths.outbox).entries() == []
    # The next sync sends the station's work afresh, and it goes through.
    _sync(station, service.url, token)
    assert held_once(county.db, sent)


def test_a_decisions_download_that_breaks_resumes_where_it_stopped(
    station: Side, county: Side, service: RunningService, token: str, tmp_path: Path
) -> None:
    from app.review.committee import CaseDecision, ReviewService
    from tests.app.sync.helpers import REVIEWER, batched
    from tests.conftest import TODAY

    batched(station.db, 12)
    county.import_(station.export(tmp_path / "up.ncmspkg"))
    review = ReviewService(county.db, today=lambda: TODAY)
    rows = [
        CaseDecision(n, c.application_number, c.disease_code, "approved", "", ("张", "李"))
        for n, c in enumerate(review.agenda(), 2)
    ]
    numbers = review.record(REVIEWER, rows, county.keys.signing).certificates
    # Every 4 KiB coming back, the link drops: a download that started over each
    # time would never finish.
    with FaultyProxy(service.port, Faults(reset_down_every=4 * KIB)) as proxy:
        _, outcome = _sync(station, proxy.url, token)
    decisions = outcome.decisions[0]  # type: ignore[attr-defined]
    assert decisions.status == "applied" and decisions.changes["certificate"] == len(numbers)
    assert proxy.resets >= 3


def test_a_county_short_of_disk_says_so_and_the_package_waits(
    station: Side, county: Side, token: str
) -> None:
    from app.sync.service.desk import ServiceLimits

    batched_with_scans(station.db, 1)
    with RunningService(county, ServiceLimits(disk_reserve=10**18)) as service:
        with pytest.raises(PackageKept) as err:
            _sync(station, service.url, token)
        assert service.desk.uploads.uploads() == []  # no upload begun (the lock file stays)
    assert err.value.params["reason"].key == "sync.county_disk_full"
    assert len(Outbox(station.db.paths.outbox).entries()) == 1


def test_a_lost_answer_to_the_creating_request_does_not_start_a_second_upload(
    station: Side, county: Side, service: RunningService, token: str, tmp_path: Path
) -> None:
    sent = batched_with_scans(station.db, 3)
    package = station.export(tmp_path / "up.ncmspkg").path
    first = _partial(station, service.url, token, package, 200 * KIB)
    held = _head(first, token)
    # The station never heard where its upload is (the answer to POST was lost):
    # asking again for the same package gets the same upload, where it stands.
    with FaultyProxy(service.port) as proxy, CountyLink(proxy.url, token, FAST) as link:
        url = link.upload(package)
        assert link.import_result(url)["status"] == "applied"
    assert url.rsplit("/", 1)[1] == first.rsplit("/", 1)[1]
    assert len(service.desk.uploads.uploads()) == 1
    assert proxy.upstream < package.stat().st_size - held + 8 * KIB
    assert held_once(county.db, sent)
