"""Reading ahead in a thread gives the file's bytes exactly, raises what reading
raises, and leaves no thread behind, however the loop ends."""

from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path

import pytest

from app.blobs.reading import read_ahead
from app.blobs.store import sha256_file


@pytest.mark.parametrize("size", [0, 1, 4095, 4096, 4097, 3 * 4096 + 5, 40 * 4096])
def test_every_byte_in_order(tmp_path: Path, size: int) -> None:
    data = os.urandom(size)
    path = tmp_path / "f"
    path.write_bytes(data)
    chunks = list(read_ahead(path, chunk=4096))
    assert b"".join(chunks) == data
    assert all(len(c) <= 4096 for c in chunks)
    assert sha256_file(path) == hashlib.sha256(data).hexdigest()


def test_a_missing_file_raises_as_itself(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        sha256_file(tmp_path / "gone")


def test_leaving_early_stops_the_reader(tmp_path: Path) -> None:
    path = tmp_path / "f"
    path.write_bytes(os.urandom(64 * 4096))
    before = threading.active_count()
    for _ in read_ahead(path, chunk=4096):
        break  # the reader has more to give and is waiting to hand it over
    assert threading.active_count() == before
    assert not [t for t in threading.enumerate() if t.name == "read-ahead"]
