"""The station's side of the county's sync service: a tus 1.0 upload that resumes
instead of restarting, and a download that resumes too.

A rural link is slow, drops for seconds or hours and resets connections, so:
- every request has connect, read and write timeouts; a transfer that stops moving
  for that long counts as broken (a stall), like a reset;
- after any break the client asks the server (HEAD) where the upload stands and
  sends only the rest; what the county already holds is never sent again;
- retries wait longer each time (doubling, with random jitter so that a county's
  stations do not all come back at once), and start again from the shortest wait
  as soon as bytes move;
- only when nothing has moved for `give_up_after` does it stop, with a plain reason.
The upload's URL is handed to `on_url` as soon as it exists, so that the caller can
remember it (by the package's SHA-256) across a restart of the program or the PC.
"""

from __future__ import annotations

import base64
import os
import random
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import httpx

from app.blobs.store import sha256_file
from app.errors import NcmsError
from app.sync.naming import SUFFIX

TUS_VERSION = "1.0.0"
_PIECE = 32 * 1024  # bytes per socket write: small enough that a stall shows quickly


@dataclass(frozen=True)
class LinkPolicy:
    connect_timeout: float = 20.0
    read_timeout: float = 60.0  # also the stall detector: no byte for this long
    write_timeout: float = 60.0
    request_bytes: int = 16 * 1024 * 1024  # most bytes one PATCH carries
    first_wait: float = 1.0
    longest_wait: float = 300.0
    give_up_after: float = 15 * 60.0  # seconds without a byte getting through
    import_wait: float = 30 * 60.0  # how long the county may take to import


@dataclass(frozen=True)
class Transfer:
    """Where a transfer stands, for a progress bar."""

    done: int
    total: int
    rate: float  # bytes per second, smoothed
    retries: int
    confirmed: int = 0  # of `done`, what the other side is known to hold

    @property
    def remaining_seconds(self) -> float | None:
        return (self.total - self.done) / self.rate if self.rate > 0 else None


Progress = Callable[[Transfer], None]


class SyncStopped(NcmsError):
    """The transfer was given up (link down too long) or cancelled; nothing is lost."""


class _Retry(Exception):
    """A break worth retrying: the link, a timeout, a busy or restarting server."""


class _Meter:
    """Bytes done and a smoothed rate (exponential average over a few seconds)."""

    def __init__(self, total: int, progress: Progress | None) -> None:
        self.total = total
        self.done = 0
        self.confirmed = 0  # what the other side is known to hold
        self.advances = 0  # times it was known to hold more than before: progress that counts
        self.rate = 0.0
        self.retries = 0
        self._progress = progress
        self._last = (time.monotonic(), 0)

    def at(self, done: int) -> None:
        now = time.monotonic()
        then, before = self._last
        if now - then >= 0.5 or done >= self.total:
            if done > before and now > then:
                sample = (done - before) / (now - then)
                self.rate = sample if self.rate == 0 else 0.7 * self.rate + 0.3 * sample
            self._last = (now, done)
        self.done = done
        if self._progress is not None:
            self._progress(Transfer(done, self.total, self.rate, self.retries, self.confirmed))

    def confirm(self, held: int) -> None:
        # Lower than before only when an expired upload starts over: not progress.
        if held > self.confirmed:
            self.advances += 1
        self.confirmed = held
        self.at(held)


_PROBE = 64 * 1024


@dataclass
class _Upload:
    url: str | None
    offset: int | None = None  # None: ask the server
    # Bytes the next PATCH may carry. Small after a break, growing with each success:
    # a PATCH the server refuses (409, a dead upload) wastes at most this much of a
    # slow link, because the body is sent before the answer can be read.
    window: int = _PROBE


class CountyLink:
    """One county service, one station token; retries and waits by `policy`."""

    def __init__(
        self,
        base_url: str,
        token: str,
        policy: LinkPolicy | None = None,
        ca_file: Path | None = None,
        cancelled: threading.Event | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/") + "/"
        self.policy = policy or LinkPolicy()
        self.cancelled = cancelled or threading.Event()
        p = self.policy
        self.client = httpx.Client(
            timeout=httpx.Timeout(
                connect=p.connect_timeout,
                read=p.read_timeout,
                write=p.write_timeout,
                pool=p.connect_timeout,
            ),
            headers={"Tus-Resumable": TUS_VERSION}
            | ({"Authorization": f"Bearer {token}"} if token else {}),
            # The county may use its own certificate authority (a self-signed cert).
            verify=ssl.create_default_context(cafile=str(ca_file)) if ca_file else True,
            follow_redirects=False,
        )

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> CountyLink:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def reachable(self) -> bool:
        """One quick look, no retries: does the county's service answer?"""
        try:
            response = self.client.get(urljoin(self.base_url, "health"), timeout=5.0)
        except httpx.HTTPError:
            return False
        return response.status_code == 200

    # -- the retry loop ------------------------------------------------------------

    def _persist(self, step: Callable[[], bool], meter: _Meter) -> None:
        """Run `step` until it says it is done. Breaks are retried with growing,
        jittered waits; the wait starts short again whenever the other side is
        known to hold more than before (bytes merely written into a dead socket
        do not count)."""
        failures = 0
        last_progress = time.monotonic()
        advances = meter.advances
        while True:
            if self.cancelled.is_set():
                raise SyncStopped("sync.cancelled")
            try:
                if step():
                    return
                failures = 0  # a step that returned made progress
            except _Retry:
                meter.retries += 1
                if meter.advances > advances:
                    failures, advances, last_progress = 0, meter.advances, time.monotonic()
                if time.monotonic() - last_progress > self.policy.give_up_after:
                    raise SyncStopped(
                        "sync.link_down", minutes=max(1, round(self.policy.give_up_after / 60))
                    ) from None
                wait = min(self.policy.longest_wait, self.policy.first_wait * 2**failures)
                failures += 1
                # Equal jitter: never zero, never in step with the other stations.
                if self.cancelled.wait(wait / 2 + random.uniform(0, wait / 2)):  # noqa: S311
                    raise SyncStopped("sync.cancelled") from None

    def _request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        try:
            response = self.client.request(method, url, **kwargs)
        except httpx.TransportError as err:
            _refuse_bad_certificate(err)
            raise _Retry(type(err).__name__) from None
        return self._checked(response)

    def _checked(self, response: httpx.Response) -> httpx.Response:
        status = response.status_code
        if status == 401:
            raise NcmsError("sync.token_refused")
        if status == 413:
            raise NcmsError("sync.too_large")
        if status == 507:
            raise NcmsError("sync.county_disk_full")
        if status in (408, 423, 429) or status >= 500:
            raise _Retry(str(status))
        return response

    # -- upload --------------------------------------------------------------------

    def upload(
        self,
        path: Path,
        url: str | None = None,
        on_url: Callable[[str | None], None] = lambda _url: None,
        progress: Progress | None = None,
        sha256: str | None = None,
    ) -> str:
        """Send `path` to the county, resuming at `url` if given; return the upload's
        URL once the county holds every byte. `on_url` hears of a new URL, and of
        None when the county no longer knows the old one (it expired). `sha256` is
        the file's hash if the caller knows it (else it is read here)."""
        size = path.stat().st_size
        meter = _Meter(size, progress)
        state = _Upload(url)

        def step() -> bool:
            if state.url is None:
                state.url, state.offset = self._create(path, size, sha256)
                on_url(state.url)
                meter.confirm(state.offset)
            if state.offset is None:
                state.offset = self._head(state.url)
                if state.offset is None:  # expired or removed at the county
                    state.url = None
                    on_url(None)
                    return False
                meter.confirm(state.offset)
            if state.offset >= size:
                return True
            try:
                state.offset = self._patch(state.url, path, state.offset, state.window, meter)
            except _Retry:
                state.offset, state.window = None, _PROBE  # ask the server where it stands
                raise
            state.window = min(state.window * 4, self.policy.request_bytes)
            return state.offset >= size

        self._persist(step, meter)
        assert state.url is not None
        return state.url

    def _create(self, path: Path, size: int, sha256: str | None) -> tuple[str, int]:
        """A new upload, or (if the answer to an earlier POST got lost) the county's
        upload of this same package: its URL and where it stands."""
        meta = ",".join(
            f"{key} {base64.b64encode(value.encode('utf-8')).decode('ascii')}"
            for key, value in (("filename", path.name), ("sha256", sha256 or sha256_file(path)))
        )
        response = self._request(
            "POST",
            urljoin(self.base_url, "files"),
            headers={"Upload-Length": str(size), "Upload-Metadata": meta},
        )
        location: str | None = response.headers.get("location")
        if response.status_code != 201 or not location:
            raise NcmsError("sync.unexpected_answer", status=response.status_code)
        offset = response.headers.get("upload-offset", "0")
        return urljoin(self.base_url, location), int(offset) if offset.isdigit() else 0

    def _head(self, url: str) -> int | None:
        response = self._request("HEAD", url)
        if response.status_code in (404, 410):
            return None
        offset = response.headers.get("upload-offset", "")
        if response.status_code != 200 or not offset.isdigit():
            raise NcmsError("sync.unexpected_answer", status=response.status_code)
        return int(offset)

    def _patch(self, url: str, path: Path, offset: int, window: int, meter: _Meter) -> int:
        count = min(window, meter.total - offset)

        def body() -> Iterator[bytes]:
            with path.open("rb") as handle:
                handle.seek(offset)
                sent = 0
                while sent < count:
                    piece = handle.read(min(_PIECE, count - sent))
                    if not piece:
                        raise NcmsError("sync.package_changed", file=str(path))
                    yield piece
                    sent += len(piece)
                    meter.at(offset + sent)
                    if self.cancelled.is_set():
                        raise SyncStopped("sync.cancelled")

        response = self._request(
            "PATCH",
            url,
            content=body(),
            headers={
                "Upload-Offset": str(offset),
                "Content-Type": "application/offset+octet-stream",
                "Content-Length": str(count),
            },
        )
        new_offset = response.headers.get("upload-offset", "")
        if response.status_code == 409:
            raise _Retry("offset mismatch")  # HEAD next, continue from the server's word
        if response.status_code in (404, 410):
            raise _Retry("upload gone")
        if response.status_code != 204 or not new_offset.isdigit():
            raise NcmsError("sync.unexpected_answer", status=response.status_code)
        meter.confirm(int(new_offset))
        return int(new_offset)

    def import_result(self, url: str) -> dict[str, Any]:
        """Wait for the county to import a whole upload; its outcome."""
        deadline = time.monotonic() + self.policy.import_wait
        outcome: dict[str, Any] = {}

        def step() -> bool:
            pause = 0.25  # most imports take a second; a big one gets asked less often
            while True:
                response = self._request("GET", url)
                if response.status_code != 200:
                    raise NcmsError("sync.unexpected_answer", status=response.status_code)
                found = response.json().get("import")
                if found is not None:
                    outcome.update(found)
                    return True
                if time.monotonic() > deadline:
                    raise NcmsError("sync.import_slow")
                if self.cancelled.wait(pause):
                    raise SyncStopped("sync.cancelled")
                pause = min(pause * 2, 5.0)

        self._persist(step, _Meter(0, None))
        return outcome

    # -- download ------------------------------------------------------------------

    def download_decisions(self, folder: Path, progress: Progress | None = None) -> Path:
        """Fetch this station's decision package into `folder`, resuming a broken
        download where it stopped as long as the county's file is the same one."""
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / "decisions.part"
        target.unlink(missing_ok=True)
        meter = _Meter(0, progress)
        state: dict[str, Any] = {"etag": None, "sha256": None}

        def step() -> bool:
            have = target.stat().st_size if target.exists() else 0
            headers = {}
            if have and state["etag"]:
                headers = {"Range": f"bytes={have}-", "If-Range": state["etag"]}
            try:
                with self.client.stream(
                    "GET", urljoin(self.base_url, "decisions"), headers=headers
                ) as response:
                    self._checked(response)
                    if response.status_code == 200:
                        have = 0  # a new file, or the whole of it
                    elif response.status_code != 206:
                        raise NcmsError("sync.unexpected_answer", status=response.status_code)
                    state["etag"] = response.headers.get("etag")
                    state["sha256"] = response.headers.get("ncms-package-sha256")
                    total = have + int(response.headers.get("content-length", "0"))
                    meter.total = total
                    with target.open("r+b" if have else "wb") as handle:
                        handle.seek(have)
                        handle.truncate()
                        for block in response.iter_bytes():  # as it comes: a break keeps it
                            handle.write(block)
                            have += len(block)
                            meter.confirm(have)
                        handle.flush()
                        os.fsync(handle.fileno())
            except httpx.TransportError as err:
                _refuse_bad_certificate(err)
                raise _Retry(type(err).__name__) from None
            if have != total or sha256_file(target) != state["sha256"]:
                target.unlink(missing_ok=True)  # damaged on the way: fetch it whole again
                raise _Retry("download damaged")
            return True

        self._persist(step, meter)
        final = folder / f"decisions-{state['sha256'][:12]}{SUFFIX}"
        target.replace(final)
        return final


def _refuse_bad_certificate(err: Exception) -> None:
    """A certificate that does not verify will not verify on retry: say so at once."""
    cause: BaseException | None = err
    while cause is not None:
        if isinstance(cause, ssl.SSLCertVerificationError):
            raise NcmsError("sync.certificate_refused", reason=cause.verify_message) from None
        cause = cause.__cause__ or cause.__context__
