"""Benchmark rows: the county's `/health` while someone sends unknown tokens.

30 trusted stations; 10 requests a second with unknown tokens, first from one
address (held off with 429 after a few), then spread over 50 addresses (each one
checked in full, and the digests read again every two seconds). Figures: `/health`
p95 in each case beside its p95 with no bad requests, measured in the same run.
The service runs in this process under uvicorn, as `ncms serve` runs it.
"""

from __future__ import annotations

import base64
import itertools
import os
import threading
import time
from collections import Counter
from pathlib import Path

import httpx
from pyrage import x25519

from app.sync.identity import PublicIdentity
from app.sync.peers import PeerService
from tests.app.sync.helpers import ADMIN, make_side
from tests.bench.core import Row, _percentiles
from tests.integration.service import RunningService, station_token

STATIONS = 30
BAD_PER_SECOND = 10
_BAD = {"Tus-Resumable": "1.0.0", "Authorization": "Bearer " + "A" * 39}


def bench_token_abuse(tmp: Path, applications: int, _queries: int) -> list[Row]:
    seconds = 20.0 if applications >= 10_000 else 4.0
    county = make_side(tmp / "abuse-county", "county", "C4105")
    try:
        for number in range(1, STATIONS + 1):
            PeerService(county.db).add(ADMIN, _station(number))
            station_token(county, f"S{number:03}")
        with RunningService(county) as service:
            quiet, _ = _health_ms(service.url, seconds)
            one = _health_ms(service.url, seconds, ["127.0.0.1"])
            many = _health_ms(service.url, seconds, [f"127.0.1.{n}" for n in range(1, 51)])
    finally:
        county.db.close()
    _median, base = _percentiles(quiet)
    rows = []
    for label, (samples, answers) in (("one address", one), ("50 addresses", many)):
        _median, p95 = _percentiles(samples)
        said = ", ".join(f"{count}× {code}" for code, count in sorted(answers.items()))
        rows.append(
            Row(
                f"/health p95, {STATIONS} stations, {BAD_PER_SECOND} bad tokens/s from {label}",
                f"{p95:.1f} ms",
                f"no bad requests {base:.1f} ms",
                f"{p95 / base:.1f}x",
                f"target p95 < 50 ms; bad ones got {said}",
            )
        )
    return rows


def _station(number: int) -> PublicIdentity:
    return PublicIdentity(
        "station",
        f"S{number:03}",
        f"站{number}",
        "C4105",
        base64.b64encode(os.urandom(32)).decode(),
        str(x25519.Identity.generate().to_public()),
    )


def _health_ms(
    url: str, seconds: float, bad_from: list[str] | None = None
) -> tuple[list[float], Counter[int]]:
    """`/health` timings (ms), one every 50 ms, while `bad_from` addresses take turns
    sending unknown tokens, each on a new connection as a stranger's would be; and
    the statuses those got."""
    stop = threading.Event()
    answers: Counter[int] = Counter()

    def send_bad(addresses: list[str]) -> None:
        started = time.monotonic()
        for number, address in enumerate(itertools.cycle(addresses)):
            # On a schedule, not a pause after each: the rate holds however slow they are.
            if stop.wait(max(0.0, started + number / BAD_PER_SECOND - time.monotonic())):
                return
            with httpx.Client(transport=httpx.HTTPTransport(local_address=address)) as http:
                answer = http.head(url + "/files/AAAAAAAAAAAAAAAAAAAAAA", headers=_BAD)
                answers[answer.status_code] += 1

    sender = threading.Thread(target=send_bad, args=(bad_from,)) if bad_from else None
    if sender is not None:
        sender.start()
    samples = []
    try:
        with httpx.Client(base_url=url) as http:
            deadline = time.monotonic() + seconds
            while time.monotonic() < deadline:
                started = time.perf_counter()
                http.get("/health").raise_for_status()
                samples.append((time.perf_counter() - started) * 1000)
                time.sleep(0.05)
    finally:
        stop.set()
        if sender is not None:
            sender.join()
    return samples, answers
