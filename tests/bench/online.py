"""Benchmark row: a 50 MB station package through a 512 kbit/s link that resets the
connection every 1 MB, from export-done to county-imported.

Figures: completion time beside the ideal (package size ÷ bandwidth: what a link
that never broke would take) and the bytes that crossed the link beside the package
size. The link is the test suite's fault-injecting proxy on loopback; the service
runs in this process under uvicorn, as `ncms serve` runs it. About 14 minutes at
full size; the smoke test runs it on a small package and a faster reset.
"""

from __future__ import annotations

import time
from pathlib import Path

from app.security import sync_tokens
from app.sync.online.tus import CountyLink, LinkPolicy
from tests.app.sync.helpers import make_side, trust
from tests.bench.core import Row
from tests.bench.sync import _fill
from tests.integration.faulty_proxy import Faults, FaultyProxy
from tests.integration.service import RunningService, station_token

BANDWIDTH = 512_000 / 8  # bytes per second
FULL_APPLICATIONS = 55  # × 6 scans of 150 KB: a 50 MB package


def bench_online_sync(tmp: Path, applications: int, _queries: int) -> list[Row]:
    full = applications >= 10_000
    count, scan_bytes = (FULL_APPLICATIONS, 150_000) if full else (1, 20_000)
    reset_every = 1024 * 1024 if full else 32 * 1024
    station = make_side(tmp / "online-station", "station", "S001")
    county = make_side(tmp / "online-county", "county", "C4105")
    try:
        trust(station, county)
        token = station_token(county)
        station.secrets.set(sync_tokens.STATION_KEY, token)
        _fill(station.root, count, scan_bytes)
        package = station.export(tmp / "online.ncmspkg").path
        size = package.stat().st_size
        faults = Faults(bandwidth=BANDWIDTH, reset_every=reset_every)
        with RunningService(county) as service, FaultyProxy(service.port, faults) as proxy:
            started = time.perf_counter()
            with CountyLink(proxy.url, token, LinkPolicy(first_wait=0.5)) as link:
                status = link.import_result(link.upload(package))["status"]
            elapsed = time.perf_counter() - started
            wire, resets = proxy.upstream, proxy.resets
    finally:
        station.db.close()
        county.db.close()
    ideal = size / BANDWIDTH
    label = f"{size / 1e6:.1f} MB at 512 kbit/s, reset every {reset_every // 1024} KiB"
    return [
        Row(
            f"online sync time ({label})",
            f"{elapsed:.0f} s ({resets} resets; county: {status})",
            f"ideal {ideal:.0f} s",
            f"{elapsed / ideal:.2f}× ideal",
            "upload + county import; ideal = size ÷ bandwidth",
        ),
        Row(
            f"online sync bytes on the wire ({label})",
            f"{wire / 1e6:.2f} MB",
            f"package {size / 1e6:.2f} MB",
            f"{wire / size:.3f}× size",
            "target < 1.1× (test: reset every 256 KiB)",
        ),
    ]
