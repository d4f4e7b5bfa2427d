from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from app.blobs.store import BlobStore
from app.errors import StorageError


def test_put_is_content_addressed_and_deduplicated(tmp_path: Path) -> None:
    store = BlobStore(tmp_path / "blobs")
    digest = store.put(b"scan")
    assert digest == hashlib.sha256(b"scan").hexdigest()
    assert store.path_for(digest) == tmp_path / "blobs" / digest[:2] / digest[2:]
    assert store.put(b"scan") == digest
    assert list(store.all_digests()) == [digest]
    assert store.read(digest) == b"scan"
    assert not list((tmp_path / "blobs").rglob(".tmp-*"))


def test_check_finds_missing_and_damaged_blobs(tmp_path: Path) -> None:
    store = BlobStore(tmp_path)
    digest = store.put(b"original")
    assert store.check(digest) is None
    store.path_for(digest).write_bytes(b"tampered")
    assert store.check(digest) == "content does not match its hash"
    store.path_for(digest).unlink()
    assert store.check(digest) == "missing"
    with pytest.raises(StorageError, match="missing"):
        store.read(digest)


def test_names_that_are_not_hashes_are_refused(tmp_path: Path) -> None:
    with pytest.raises(StorageError):
        BlobStore(tmp_path).path_for("../../etc/passwd")
