"""Sync tokens are typed back forgivingly and matched exactly; the outbox remembers
each package's upload by its SHA-256 and survives a damaged list."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from app.errors import ValidationError
from app.security import sync_tokens
from app.sync.outbox import Outbox
from app.sync.service.uploads import OffsetMismatch, UploadStore


def test_tokens_are_typed_back_in_any_case_with_or_without_dashes() -> None:
    token = sync_tokens.new_token()
    assert len(token) == 39 and token.count("-") == 7
    typed = token.lower().replace("-", " ")
    assert sync_tokens.normalise(typed) == token
    for bad in ("", "ABCD", token + "A", token.replace(token[0], "1")):
        with pytest.raises(ValidationError) as err:
            sync_tokens.normalise(bad)
        assert err.value.fields() == {"token"}


def test_a_token_names_its_station_and_nothing_else_matches() -> None:
    old, other = sync_tokens.new_token(), sync_tokens.new_token()
    digests = {"S001": sync_tokens.digest(old), "S002": sync_tokens.digest(other)}
    assert sync_tokens.match(old, digests) == "S001"
    assert sync_tokens.match(other, digests) == "S002"
    # A near miss, something not ASCII (no crash), nothing, or the digest itself. The
    # near miss changes the last letter to one it is not (a token may end in "X").
    near_miss = old[:-1] + ("X" if old[-1] != "X" else "Y")
    for wrong in (near_miss, "Ω" + old, "", digests["S001"]):
        assert sync_tokens.match(wrong, digests) is None


def test_the_outbox_remembers_urls_by_hash_and_forgets_delivered(tmp_path: Path) -> None:
    outbox = Outbox(tmp_path / "outbox")
    first = outbox.folder / "S001-1.ncmspkg"
    first.write_bytes(os.urandom(1000))
    entry = outbox.add(first)
    outbox.remember_url(entry.sha256, "http://county/files/abc")
    # Another program run, another Outbox object: the same memory.
    again = Outbox(tmp_path / "outbox")
    assert again.url_of(entry.sha256) == "http://county/files/abc"
    again.delivered(entry.sha256)
    assert again.entries() == [] and not first.exists()


def test_a_damaged_outbox_list_still_finds_the_packages(tmp_path: Path) -> None:
    outbox = Outbox(tmp_path / "outbox")
    package = outbox.folder / "S001-1.ncmspkg"
    package.write_bytes(b"package bytes")
    outbox.remember_url(outbox.add(package).sha256, "http://county/files/abc")
    (outbox.folder / "outbox.json").write_text("{not json", "utf-8")
    [entry] = Outbox(outbox.folder).entries()
    # The URL is lost, so it is sent again from the start; the package is not lost.
    assert entry.file == package.name and entry.url is None


def test_a_finished_upload_keeps_its_result_and_drops_its_bytes(tmp_path: Path) -> None:
    store = UploadStore(tmp_path, max_size=100)
    upload = store.create("S001", 10, filename="../../S001 up.ncmspkg")
    assert "/" not in store.info(upload.id).filename
    store.append(upload.id, 0, [b"0123456789"])
    assert store.waiting_import() == [store.info(upload.id)]
    store.finish(upload.id, {"status": "applied"})
    assert store.result(upload.id) == {"status": "applied"}
    assert store.offset(upload.id) == 10 and store.is_complete(upload.id)
    assert not store.data_path(upload.id).exists() and store.waiting_import() == []
    with pytest.raises(OffsetMismatch):
        store.append(upload.id, 10, [b"x"])
    # Kept for a station that asks late, then expired like the rest.
    assert store.expire(3600) == [] and store.expire(0) == [upload.id]


def test_the_same_unfinished_upload_is_found_only_for_the_same_package(tmp_path: Path) -> None:
    store = UploadStore(tmp_path, max_size=100, max_per_station=5)
    digest = "ab" * 32
    upload = store.create("S001", 10, sha256=digest.upper())
    assert store.same_unfinished("S001", 10, digest) == store.info(upload.id)
    assert store.same_unfinished("S002", 10, digest) is None  # another station's
    assert store.same_unfinished("S001", 11, digest) is None
    assert store.same_unfinished("S001", 10, "cd" * 32) is None
    assert store.same_unfinished("S001", 10, "") is None  # a client that does not say
    assert store.create("S001", 10, sha256="../not-a-hash").sha256 == ""
    store.append(upload.id, 0, [b"0123456789"])
    store.finish(upload.id, {"status": "applied"})
    assert store.same_unfinished("S001", 10, digest) is None  # done: a new one next time
