"""Exchanging public identities between a station and its county (CLI end to end)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.integration.cli import init_station, ncms


def _county(path: Path, code: str = "C4105") -> None:
    made = ncms(path, "init", "county", "--code", code, "--name", "汤阴县合管中心")
    assert made.returncode == 0, made.stderr


def test_station_and_county_trust_each_other(tmp_path: Path) -> None:
    station, county = tmp_path / "station", tmp_path / "county"
    init_station(station)
    _county(county)
    station_id, county_id = tmp_path / "s001.json", tmp_path / "c4105.json"
    exported = ncms(station, "keys", "export", "--out", str(station_id))
    assert exported.returncode == 0 and "Fingerprint" in exported.stdout
    assert ncms(county, "keys", "export", "--out", str(county_id)).returncode == 0
    data = json.loads(station_id.read_text())
    assert data["role"] == "station" and data["code"] == "S001" and "signing_key" not in data
    assert ncms(station, "peers", "add", str(county_id)).stdout.startswith("Now trusting county")
    assert ncms(county, "peers", "add", str(station_id)).stdout.startswith("Now trusting")
    again = ncms(county, "peers", "add", str(station_id))
    assert again.returncode == 0 and again.stdout.startswith("Already trusted")
    listing = ncms(county, "peers", "list").stdout
    assert "S001" in listing and "trusted" in listing and data["fingerprint"] in listing


def test_wrong_side_or_forged_identities_are_refused(tmp_path: Path) -> None:
    station, county, other = tmp_path / "station", tmp_path / "county", tmp_path / "other"
    init_station(station)
    _county(county)
    _county(other, code="C9999")
    for side, name in ((station, "s.json"), (county, "c.json"), (other, "o.json")):
        ncms(side, "keys", "export", "--out", str(tmp_path / name))
    refused = ncms(station, "peers", "add", str(tmp_path / "o.json"))
    assert refused.returncode == 1 and "not this station's county center" in refused.stderr
    refused = ncms(other, "peers", "add", str(tmp_path / "s.json"))
    assert "not a station of county C9999" in refused.stderr
    forged = json.loads((tmp_path / "c.json").read_text())
    forged["signing_public_key"] = json.loads((tmp_path / "o.json").read_text())[
        "signing_public_key"
    ]
    (tmp_path / "forged.json").write_text(json.dumps(forged))
    result = ncms(station, "peers", "add", str(tmp_path / "forged.json"))
    assert result.returncode == 1 and "fingerprint does not match" in result.stderr
    (tmp_path / "junk.json").write_text('{"hello": 1}')
    result = ncms(station, "peers", "add", str(tmp_path / "junk.json"))
    assert "not an identity file" in result.stderr and "Traceback" not in result.stderr


def test_a_changed_key_needs_a_revocation_first(tmp_path: Path) -> None:
    county = tmp_path / "county"
    _county(county)
    first, second = tmp_path / "s1", tmp_path / "s2"
    init_station(first)
    init_station(second)  # the same code, reinstalled: new keys
    ncms(first, "keys", "export", "--out", str(tmp_path / "old.json"))
    ncms(second, "keys", "export", "--out", str(tmp_path / "new.json"))
    assert ncms(county, "peers", "add", str(tmp_path / "old.json")).returncode == 0
    refused = ncms(county, "peers", "add", str(tmp_path / "new.json"))
    assert refused.returncode == 1 and "different key: revoke it first" in refused.stderr
    assert ncms(county, "peers", "revoke", "S001").returncode == 0
    assert "revoked" in ncms(county, "peers", "list").stdout
    assert ncms(county, "peers", "add", str(tmp_path / "new.json")).returncode == 0
    assert "trusted" in ncms(county, "peers", "list").stdout
    assert ncms(county, "verify").returncode == 0  # every step is in the audit chain
