"""Every bad package is refused with one sentence, and nothing changes: the same
rows, the same audit head, the same blob files as before the attempt."""

from __future__ import annotations

import hashlib
import io
import random
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pyrage
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PIL import Image

from app.errors import PackageRefused
from app.examination.batches import BatchService
from app.sync import opening
from app.sync.peers import PeerService, own_identity
from app.sync.refusals import refusals
from tests.app.helpers import HEAD, row_counts
from tests.app.sync.crafting import payload_entries, resign, seal_entries
from tests.app.sync.helpers import ADMIN, Side, accepted, make_side, trust

CHUNK = 64 * 1024


def _noise(seed: int) -> bytes:
    rng = random.Random(seed)
    image = Image.frombytes("RGB", (1000, 750), rng.randbytes(1000 * 750 * 3))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def good(station: Side, county: Side, tmp_path: Path) -> Path:
    """A real package of a few hundred KiB: several 64 KiB boundaries to cut at."""
    for n in (1, 2):
        accepted(station.db, n, scans=[_noise(n)])
    BatchService(station.db).make(HEAD, date(2027, 1, 1))
    result = station.export(tmp_path / "good.ncmspkg")
    assert result.size > 4 * CHUNK
    return result.path


@pytest.fixture(params=["in a child process", "in this process"])
def decryption(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Both ways a package is decrypted: in a process of its own, and, as on Windows,
    in the importing one; each refuses the same files for the same reasons."""
    monkeypatch.setattr(opening, "_IN_CHILD", request.param == "in a child process")
    return str(request.param)


def _snapshot(side: Side) -> tuple[dict[str, int], str, list[str]]:
    return (
        row_counts(side.db),
        side.db.installation().audit_head,
        sorted(side.db.blobs.all_digests()),
    )


def _refused(side: Side, path: Path, key: str) -> str:
    before = _snapshot(side)
    logged = refusals(side.db)
    with pytest.raises(PackageRefused) as caught:
        side.import_(path)
    assert caught.value.key == key, str(caught.value)
    assert _snapshot(side) == before
    # Nothing changed but the refusal log, which says why in the same words.
    [refusal, *earlier] = refusals(side.db)
    assert earlier == logged and refusal.file_name == path.name
    assert (refusal.key, refusal.reason) == (key, str(caught.value))
    assert not list(side.db.paths.work.glob(".import-*")), "the decrypted payload was left"
    assert not list(side.db.blobs.root.glob(".incoming-*")), "staged documents were left"
    return str(caught.value)


def _cut_points(size: int) -> Iterator[int]:
    yield from (0, 1, 21, 22, 100, 200, size // 2, size - 17, size - 16, size - 1)
    for boundary in range(CHUNK, size, CHUNK):
        yield from (boundary - 1, boundary, boundary + 1)


@pytest.mark.usefixtures("decryption")
def test_truncated_at_many_offsets(good: Path, county: Side, tmp_path: Path) -> None:
    data = good.read_bytes()
    cut = tmp_path / "cut.ncmspkg"
    for offset in sorted(set(_cut_points(len(data)))):
        cut.write_bytes(data[:offset])
        expected = "package.empty" if offset == 0 else None
        if offset and offset < 22:
            expected = "package.not_package"
        before = _snapshot(county)
        with pytest.raises(PackageRefused) as caught:
            county.import_(cut)
        if expected:
            assert caught.value.key == expected, offset
        else:
            assert caught.value.key == "package.damaged_at", (offset, str(caught.value))
        assert _snapshot(county) == before


@pytest.mark.usefixtures("decryption")
def test_damage_is_located_near_its_byte(good: Path, county: Side, tmp_path: Path) -> None:
    data = bytearray(good.read_bytes())
    data[3 * CHUNK + 500] ^= 0x01
    (tmp_path / "bad.ncmspkg").write_bytes(bytes(data))
    message = _refused(county, tmp_path / "bad.ncmspkg", "package.damaged_at")
    byte = int(message.split("byte ")[1].split(" ")[0])
    assert 2 * CHUNK < byte <= 3 * CHUNK + 500


def test_single_bit_flips_across_the_file(good: Path, county: Side, tmp_path: Path) -> None:
    data = good.read_bytes()
    rng = random.Random(4)
    flipped = tmp_path / "flip.ncmspkg"
    positions = [0, 5, 30, 60, 100, 150, len(data) - 1, *rng.sample(range(len(data)), 30)]
    for position in positions:
        damaged = bytearray(data)
        damaged[position] ^= 1 << rng.randrange(8)
        flipped.write_bytes(bytes(damaged))
        before = _snapshot(county)
        with pytest.raises(PackageRefused):
            county.import_(flipped)
        assert _snapshot(county) == before


@pytest.mark.usefixtures("decryption")
def test_trailing_garbage(good: Path, county: Side, tmp_path: Path) -> None:
    (tmp_path / "tail.ncmspkg").write_bytes(good.read_bytes() + b"\x00garbage")
    _refused(county, tmp_path / "tail.ncmspkg", "package.damaged_at")


@pytest.mark.usefixtures("decryption")
def test_empty_and_random_files(county: Side, tmp_path: Path) -> None:
    (tmp_path / "empty.ncmspkg").write_bytes(b"")
    assert "empty" in _refused(county, tmp_path / "empty.ncmspkg", "package.empty")
    (tmp_path / "random.ncmspkg").write_bytes(random.Random(1).randbytes(100_000))
    _refused(county, tmp_path / "random.ncmspkg", "package.not_package")
    header = b"age-encryption.org/v1\n-> X25519 junk\n--- junk\n" + bytes(500)
    (tmp_path / "fake.ncmspkg").write_bytes(header)
    _refused(county, tmp_path / "fake.ncmspkg", "package.damaged_at")


@pytest.mark.usefixtures("decryption")
def test_wrong_recipient(good: Path, station: Side, county: Side, tmp_path: Path) -> None:
    stranger = pyrage.x25519.Identity.generate()
    entries = payload_entries(good, station.keys.age_identity)
    path = seal_entries(list(entries.items()), tmp_path / "x.ncmspkg", str(stranger.to_public()))
    message = _refused(county, path, "package.not_for_us")
    assert "wrong recipient" in message
    # Encrypted to us but addressed to someone else inside the signed manifest.
    other = resign(entries, station.keys.signing, lambda m: m.update(recipient="C9999"))
    path = seal_entries(list(other.items()), tmp_path / "y.ncmspkg", _recipient(county))
    assert "C9999" in _refused(county, path, "package.wrong_recipient")


def _recipient(side: Side) -> str:
    return side.db.installation().age_recipient


def test_unknown_and_revoked_senders(good: Path, county: Side, tmp_path: Path) -> None:
    stranger = make_side(tmp_path / "s3", "station", "S003")
    county_identity = make_side(tmp_path / "c2", "county", "C4105")
    # S003 trusts a county C4105 with other keys: the real county has never heard of S003.
    trust(stranger, county_identity)
    PeerService(stranger.db).revoke(ADMIN, "C4105")
    PeerService(stranger.db).add(ADMIN, own_identity(county.db))
    accepted(stranger.db, 5)
    BatchService(stranger.db).make(HEAD, date(2027, 1, 1))
    package = stranger.export(tmp_path / "s3.ncmspkg").path
    assert "S003" in _refused(county, package, "package.unknown_sender")
    PeerService(county.db).revoke(ADMIN, "S001")
    assert "S001" in _refused(county, good, "package.revoked_sender")
    stranger.db.close()
    county_identity.db.close()


def test_resigned_by_another_key(good: Path, station: Side, county: Side, tmp_path: Path) -> None:
    entries = resign(payload_entries(good, station.keys.age_identity), Ed25519PrivateKey.generate())
    path = seal_entries(list(entries.items()), tmp_path / "x.ncmspkg", _recipient(county))
    assert "S001" in _refused(county, path, "package.bad_signature")


def _data_entry(entries: dict[str, bytes]) -> str:
    return next(n for n in entries if n.startswith("data/application"))


def test_entry_changed_after_signing(
    good: Path, station: Side, county: Side, tmp_path: Path
) -> None:
    entries = payload_entries(good, station.keys.age_identity)
    name = _data_entry(entries)
    entries[name] = entries[name].replace("李主任".encode(), "王主任".encode())
    path = seal_entries(list(entries.items()), tmp_path / "x.ncmspkg", _recipient(county))
    assert name in _refused(county, path, "package.tampered")


def test_manifest_hash_mismatch(good: Path, station: Side, county: Side, tmp_path: Path) -> None:
    entries = payload_entries(good, station.keys.age_identity)

    def wrong_hash(manifest: dict[str, Any]) -> None:
        manifest["entries"][0][1] = "0" * 64

    signed = resign(entries, station.keys.signing, wrong_hash)
    path = seal_entries(list(signed.items()), tmp_path / "x.ncmspkg", _recipient(county))
    _refused(county, path, "package.tampered")


def test_entry_missing_or_unlisted(good: Path, station: Side, county: Side, tmp_path: Path) -> None:
    entries = payload_entries(good, station.keys.age_identity)
    name = _data_entry(entries)
    fewer = [(n, d) for n, d in entries.items() if n != name]
    path = seal_entries(fewer, tmp_path / "x.ncmspkg", _recipient(county))
    assert name in _refused(county, path, "package.entry_missing")
    more = [*entries.items(), ("data/extra.jsonl", b"{}\n")]
    path = seal_entries(more, tmp_path / "y.ncmspkg", _recipient(county))
    _refused(county, path, "package.entry_unlisted")


@pytest.mark.parametrize(
    "name",
    ["../../etc/passwd", "/abs/path", "data\\win.jsonl", "blobs/../manifest.json", "C:/x"],
)
def test_unsafe_names(name: str, good: Path, station: Side, county: Side, tmp_path: Path) -> None:
    entries = payload_entries(good, station.keys.age_identity)

    def listed(manifest: dict[str, Any]) -> None:
        manifest["entries"].append([name, hashlib.sha256(b"x").hexdigest(), 1])
        manifest["entry_count"] += 1

    signed = resign(entries, station.keys.signing, listed)
    path = seal_entries([*signed.items(), (name, b"x")], tmp_path / "x.ncmspkg", _recipient(county))
    assert name in _refused(county, path, "package.unsafe_name")


def test_duplicate_names(good: Path, station: Side, county: Side, tmp_path: Path) -> None:
    entries = payload_entries(good, station.keys.age_identity)
    name = _data_entry(entries)
    doubled = [*entries.items(), (name, entries[name])]
    path = seal_entries(doubled, tmp_path / "x.ncmspkg", _recipient(county))
    assert name in _refused(county, path, "package.duplicate_entry")


@pytest.mark.usefixtures("decryption")
def test_zip_bomb(good: Path, station: Side, county: Side, tmp_path: Path) -> None:
    entries = payload_entries(good, station.keys.age_identity)
    bomb = b" " * (200 << 20)  # 200 MiB of spaces: deflates to about 200 KiB
    digest, size = hashlib.sha256(bomb).hexdigest(), len(bomb)

    def listed(manifest: dict[str, Any]) -> None:
        manifest["entries"].append(["data/bomb.jsonl", digest, size])
        manifest["entry_count"] += 1
        manifest["counts"]["bomb"] = 0

    signed = resign(entries, station.keys.signing, listed)
    path = seal_entries(
        [*signed.items(), ("data/bomb.jsonl", bomb)], tmp_path / "x.ncmspkg", _recipient(county)
    )
    del bomb
    assert "bomb" in _refused(county, path, "package.bomb")


def test_newer_format_version(good: Path, station: Side, county: Side, tmp_path: Path) -> None:
    entries = payload_entries(good, station.keys.age_identity)
    signed = resign(entries, station.keys.signing, lambda m: m.update(format_version=99))
    path = seal_entries(list(signed.items()), tmp_path / "x.ncmspkg", _recipient(county))
    assert "newer version" in _refused(county, path, "package.newer_format")


def _edited_and_resigned(
    good: Path, station: Side, county: Side, tmp_path: Path, name: str, old: bytes, new: bytes
) -> Path:
    """The package with one data file edited, its manifest updated and signed again by
    the real sender: every check of the file passes, only the content is wrong."""
    entries = payload_entries(good, station.keys.age_identity)
    entries[name] = entries[name].replace(old, new)

    def rehash(manifest: dict[str, Any]) -> None:
        for entry in manifest["entries"]:
            if entry[0] == name:
                entry[1:] = [hashlib.sha256(entries[name]).hexdigest(), len(entries[name])]

    signed = resign(entries, station.keys.signing, rehash)
    return seal_entries(list(signed.items()), tmp_path / "x.ncmspkg", _recipient(county))


def test_a_station_cannot_send_another_stations_records(
    good: Path, station: Side, county: Side, tmp_path: Path
) -> None:
    path = _edited_and_resigned(
        good, station, county, tmp_path, "data/person.jsonl",
        b'"station_code":"S001"', b'"station_code":"S002"',
    )  # fmt: skip
    _refused(county, path, "package.foreign_record")


@pytest.mark.usefixtures("decryption")
def test_the_good_package_applies(good: Path, county: Side) -> None:
    # The corpus above is refused for what was done to it, not for its origin.
    assert county.import_(good).status == "applied"


def test_a_code_this_catalogue_lacks_is_refused_whole(
    good: Path, station: Side, county: Side, tmp_path: Path
) -> None:
    path = _edited_and_resigned(
        good, station, county, tmp_path, "data/application.jsonl", b'"HTN"', b'"XYZ"'
    )
    # The counter's own rule names the record and the code, not a database constraint.
    message = _refused(county, path, "package.rule_broken")
    assert "Record 1 of application" in message and "XYZ" in message


def test_more_entries_than_an_import_can_hold_in_memory(county: Side, tmp_path: Path) -> None:
    from app.sync.package import LIMITS

    # Refused as the entries go by, before any manifest is read or trusted. Empty
    # data files, so that the count is all that is wrong with them.
    letters = "abcdefghijklmnopqrstuvwxyz"

    def name(n: int) -> str:
        return "data/" + "".join(letters[n // 26**k % 26] for k in range(4)) + ".jsonl"

    names = [(name(n), b"") for n in range(LIMITS.max_entries + 1)]
    path = seal_entries(
        [("manifest.json", b"{}"), ("manifest.sig", b"0" * 64), *names],
        tmp_path / "x.ncmspkg",
        _recipient(county),
        compress=zipfile.ZIP_STORED,
    )
    assert f"({LIMITS.max_entries + 3})" in _refused(county, path, "package.too_many_entries")


def test_a_document_unlike_its_name_is_refused_where_it_lies(
    good: Path, station: Side, county: Side, tmp_path: Path
) -> None:
    """A document is named by its hash: the import stops at it, before reading on
    to the manifest, and leaves nothing in the blob store (nor its staging folder)."""
    entries = payload_entries(good, station.keys.age_identity)
    blob = next(n for n in entries if n.startswith("blobs/"))
    entries[blob] = entries[blob][:-1] + bytes([entries[blob][-1] ^ 1])
    path = seal_entries(list(entries.items()), tmp_path / "x.ncmspkg", _recipient(county))
    assert blob in _refused(county, path, "package.tampered")
    assert [p.name for p in county.db.blobs.root.iterdir() if p.name.startswith(".")] == []


def test_a_manifest_too_large_to_parse_safely(
    good: Path, station: Side, county: Side, tmp_path: Path
) -> None:
    from app.sync.package import LIMITS

    entries = payload_entries(good, station.keys.age_identity)
    padding = random.Random(3).randbytes(LIMITS.max_manifest // 2 + 1).hex()

    def padded(manifest: dict[str, Any]) -> None:
        manifest["padding"] = padding

    signed = resign(entries, station.keys.signing, padded)
    path = seal_entries(list(signed.items()), tmp_path / "x.ncmspkg", _recipient(county))
    assert "size" in _refused(county, path, "package.bad_manifest")


def test_a_decryption_that_cannot_start_is_refused_and_can_be_tried_again(
    good: Path, county: Side, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as broken:
        # The interpreter gone from under the program (a half-finished update, say).
        broken.setattr(opening.sys, "executable", "/bin/false")
        message = _refused(county, good, "package.decrypt_failed")
    assert good.name in message and "Try again" in message
    assert county.import_(good).status == "applied"
