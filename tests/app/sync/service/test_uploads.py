"""Partial uploads on disk: they resume where the disk says after a restart, refuse
a wrong offset or more bytes than announced, never mix, and stale ones expire."""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from app.sync.service.uploads import (
    OffsetMismatch,
    TooLarge,
    TooManyUploads,
    UnknownUpload,
    UploadStore,
)

PACKAGE = os.urandom(300_000)


def _chunks(data: bytes, size: int = 64 * 1024) -> Iterator[bytes]:
    for start in range(0, len(data), size):
        yield data[start : start + size]


def test_an_upload_resumes_after_the_service_restarts(tmp_path: Path) -> None:
    store = UploadStore(tmp_path, max_size=1 << 20)
    upload = store.create("S001", len(PACKAGE))
    assert store.append(upload.id, 0, _chunks(PACKAGE[:100_000])) == 100_000
    restarted = UploadStore(tmp_path, max_size=1 << 20)  # a new process, same disk
    assert restarted.offset(upload.id) == 100_000 and not restarted.is_complete(upload.id)
    restarted.append(upload.id, 100_000, _chunks(PACKAGE[100_000:]))
    assert restarted.is_complete(upload.id)
    assert restarted.data_path(upload.id).read_bytes() == PACKAGE
    assert restarted.info(upload.id).station == "S001"


def test_a_reset_keeps_what_arrived_and_the_next_try_continues_from_it(
    tmp_path: Path,
) -> None:
    store = UploadStore(tmp_path, max_size=1 << 20)
    upload = store.create("S001", len(PACKAGE))

    def cut_after_two_chunks() -> Iterator[bytes]:
        chunks = _chunks(PACKAGE)
        yield next(chunks)
        yield next(chunks)
        raise ConnectionResetError

    with pytest.raises(ConnectionResetError):
        store.append(upload.id, 0, cut_after_two_chunks())
    offset = store.offset(upload.id)
    assert offset == 2 * 64 * 1024
    store.append(upload.id, offset, _chunks(PACKAGE[offset:]))
    assert store.data_path(upload.id).read_bytes() == PACKAGE


def test_a_wrong_offset_is_refused_with_where_the_upload_stands(tmp_path: Path) -> None:
    store = UploadStore(tmp_path, max_size=1 << 20)
    upload = store.create("S001", len(PACKAGE))
    store.append(upload.id, 0, [PACKAGE[:1000]])
    with pytest.raises(OffsetMismatch) as wrong:
        store.append(upload.id, 0, [PACKAGE[:1000]])  # a retry that did not ask first
    assert wrong.value.current == 1000 and store.offset(upload.id) == 1000


def test_sizes_over_the_limit_or_the_announced_length_are_refused(tmp_path: Path) -> None:
    store = UploadStore(tmp_path, max_size=1000)
    with pytest.raises(TooLarge):
        store.create("S001", 1001)
    assert store.uploads() == []  # nothing written for a refused upload
    upload = store.create("S001", 10)
    with pytest.raises(TooLarge):
        store.append(upload.id, 0, [b"12345", b"678901"])
    assert store.data_path(upload.id).read_bytes() == b"12345"


def test_uploads_of_the_same_size_never_mix(tmp_path: Path) -> None:
    store = UploadStore(tmp_path, max_size=1 << 20, max_per_station=5)
    first, second = (store.create("S001", 1000) for _ in range(2))
    assert first.id != second.id
    store.append(first.id, 0, [b"a" * 500])
    store.append(second.id, 0, [b"b" * 1000])
    assert store.offset(first.id) == 500 and store.is_complete(second.id)


def test_a_station_has_a_limited_number_of_open_uploads(tmp_path: Path) -> None:
    store = UploadStore(tmp_path, max_size=1 << 20, max_per_station=2)
    store.create("S001", 10)
    done = store.create("S001", 1)
    with pytest.raises(TooManyUploads):
        store.create("S001", 10)
    store.create("S002", 10)  # another station is not held up
    store.append(done.id, 0, [b"x"])  # a finished one no longer counts
    store.create("S001", 10)


@pytest.mark.parametrize("name", ["../../etc", "a" * 22 + "/..", "", "x" * 21, ".." * 11])
def test_an_id_is_never_a_path(tmp_path: Path, name: str) -> None:
    store = UploadStore(tmp_path / "uploads", max_size=100)
    with pytest.raises(UnknownUpload):
        store.offset(name)


def test_stale_unfinished_uploads_expire_and_finished_ones_stay(tmp_path: Path) -> None:
    store = UploadStore(tmp_path, max_size=1 << 20, max_per_station=5)
    stale, fresh, finished = (store.create("S001", 10) for _ in range(3))
    store.append(finished.id, 0, [b"0123456789"])
    (tmp_path / "crashed-mid-create").mkdir()
    old = time.time() - 7200
    for upload in (stale, finished):
        for name in ("info.json", "data.part"):
            os.utime(tmp_path / upload.id / name, (old, old))
    os.utime(tmp_path / "crashed-mid-create", (old, old))
    removed = store.expire(max_age_seconds=3600)
    assert sorted(removed) == sorted([stale.id, "crashed-mid-create"])
    assert {u.id for u in store.uploads()} == {fresh.id, finished.id}


def _create_when_all_ready(root: Path, ready: threading.Barrier | None = None) -> bool:
    # A store of its own, as each worker process of the service has.
    store = UploadStore(root, max_size=1 << 20, max_per_station=2)
    if ready is not None:
        ready.wait()
    try:
        store.create("S001", 10)
    except TooManyUploads:
        return False
    return True


def test_concurrent_creates_never_pass_the_open_upload_limit_threads(tmp_path: Path) -> None:
    ready = threading.Barrier(30)
    with ThreadPoolExecutor(30) as pool:
        created = list(pool.map(lambda _: _create_when_all_ready(tmp_path, ready), range(30)))
    assert created.count(True) == 2
    assert len(UploadStore(tmp_path, max_size=1 << 20).uploads()) == 2


def test_concurrent_creates_never_pass_the_open_upload_limit_processes(tmp_path: Path) -> None:
    with multiprocessing.get_context("fork").Pool(8) as pool:
        created = pool.map(_create_when_all_ready, [tmp_path] * 40)
    assert created.count(True) == 2
    assert len(UploadStore(tmp_path, max_size=1 << 20).uploads()) == 2
