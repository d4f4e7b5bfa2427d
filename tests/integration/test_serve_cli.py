"""`ncms serve` and `ncms sync` as separate processes, killed mid-upload (either
one) and started again: the upload continues where it stopped and the county
holds every application once."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
from sqlalchemy import select

from app.db.database import open_database
from app.db.models import Person
from app.paths import DataPaths
from tests.integration.cli import cli_env, ncms, station_and_county
from tests.integration.faulty_proxy import Faults, FaultyProxy
from tests.integration.online_helpers import batched_with_scans, held_once


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _start(data: Path, *args: str, log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as sink:
        return subprocess.Popen(
            [sys.executable, "-m", "app.cli.main", "--data-dir", str(data), *args],
            stdout=sink,
            stderr=sink,
            env=cli_env(),
        )


def _serve(county: Path, port: int, log: Path) -> subprocess.Popen[bytes]:
    process = _start(county, "serve", "--host", "127.0.0.1", "--port", str(port), log=log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200:
                return process
        except httpx.TransportError:
            pass
        assert process.poll() is None, log.read_text("utf-8", "replace")
        time.sleep(0.1)
    raise AssertionError("ncms serve did not start")


def _wait_for(condition: object, what: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def test_client_and_service_killed_mid_upload(tmp_path: Path) -> None:
    station, county = tmp_path / "station", tmp_path / "county"
    station_and_county(tmp_path, station, county)
    issued = ncms(county, "peers", "token", "S001")
    assert issued.returncode == 0, issued.stderr
    token = issued.stdout.split()[-1]
    stored = ncms(station, "peers", "token", "--set", NCMS_SYNC_TOKEN=token.lower())
    assert stored.returncode == 0, stored.stderr
    db = open_database(DataPaths(station))
    sent = batched_with_scans(db, 8)
    db.close()

    port = _free_port()
    serve_log, sync_log = tmp_path / "serve.log", tmp_path / "sync.log"
    service = _serve(county, port, serve_log)
    try:
        # About 2 MB at 400 kB/s: five seconds to kill things in.
        with FaultyProxy(port, Faults(bandwidth=400_000)) as proxy:
            sync_args = ("sync", "--url", proxy.url)
            first = _start(station, *sync_args, log=sync_log)
            _wait_for(lambda: proxy.upstream > 500_000, "the first part of the upload")
            first.kill()  # the PC is switched off
            first.wait()
            second = _start(station, *sync_args, log=sync_log)
            _wait_for(lambda: proxy.upstream > 1_200_000, "more of the upload")
            service.kill()  # and the county's server crashes
            service.wait()
            service = _serve(county, port, serve_log)
            assert second.wait(timeout=180) == 0, sync_log.read_text("utf-8")
            upstream = proxy.upstream
    finally:
        service.terminate()
        service.wait(timeout=30)

    out = sync_log.read_text("utf-8")
    size = int(out.split("(")[1].split(" bytes")[0].replace(",", ""))
    assert "county says applied" in out
    events = [
        json.loads(line)
        for line in serve_log.read_text("utf-8").splitlines()
        if line.startswith("{")
    ]
    # One upload of the big package, continued by the restarted client and by the
    # restarted service. (The restarted client then sent a small second package:
    # the acknowledgements of the decisions it fetched in between.)
    created = [e["bytes"] for e in events if e["event"] == "upload.created"]
    assert created.count(size) == 1, created
    assert upstream < 1.1 * size, (upstream, size)
    county_db = open_database(DataPaths(county))
    try:
        assert held_once(county_db, sent)
        with county_db.reader() as session:
            people = session.execute(select(Person.name, Person.id_number)).all()
    finally:
        county_db.close()
    # The logs carry no applicant's name or ID number, and no token.
    text = serve_log.read_text("utf-8")
    assert token not in text and "Bearer" not in text
    assert people and not any(name in text or number in text for name, number in people)


def test_sync_says_plainly_what_stops_it(tmp_path: Path) -> None:
    station, county = tmp_path / "station", tmp_path / "county"
    station_and_county(tmp_path, station, county)
    nowhere = f"http://127.0.0.1:{_free_port()}"
    no_token = ncms(station, "sync", "--url", nowhere)
    assert no_token.returncode == 1 and "no sync token" in no_token.stderr
    at_county = ncms(county, "sync", "--url", nowhere)
    assert at_county.returncode == 1 and "Only a station" in at_county.stderr
    token = ncms(county, "peers", "token", "S001").stdout.split()[-1]
    bad = ncms(station, "peers", "token", "--set", NCMS_SYNC_TOKEN="not-a-token")
    assert bad.returncode == 1 and "32 letters" in bad.stderr
    assert ncms(station, "peers", "token", "--set", NCMS_SYNC_TOKEN=token).returncode == 0
    down = ncms(station, "sync", "--url", nowhere, "--give-up-minutes", "0.02")
    assert down.returncode == 1
    [line] = down.stderr.strip().splitlines()  # one line, no traceback
    [kept] = (station / "outbox").glob("*.ncmspkg")
    assert str(kept) in line and "USB" in line and "could not be reached" in line
