"""The push reader takes the ZIPs our writers make, in writes of any size, and
refuses what it does not take with a reason instead of reading garbage."""

from __future__ import annotations

import io
import random
import struct
import zipfile
import zlib
from datetime import datetime

import pytest
from stream_zip import NO_COMPRESSION_64, ZIP_64, stream_zip

from app.sync.unzip import PushUnzip, ZipFormatError

RECORDS = b"".join(b'{"n":%d,"name":"\xe7\x8e\x8b"}\n' % n for n in range(20_000))
SCAN = random.Random(1).randbytes(300_000)
WHEN = datetime(1980, 1, 1)


class _Collect:
    def __init__(self) -> None:
        self.data = bytearray()
        self.largest_ratio = 0.0

    def write(self, data: bytes) -> None:
        self.data += data

    def inflated(self, size: int, packed: int) -> None:
        self.largest_ratio = max(self.largest_ratio, size / packed)


def _read(payload: bytes, step: int) -> dict[bytes, bytes]:
    got: dict[bytes, bytes] = {}
    current: list[_Collect] = []

    def begin(name: bytes) -> _Collect:
        current.append(_Collect())
        return current[-1]

    def end(name: bytes) -> None:
        got[name] = bytes(current[-1].data)

    reader = PushUnzip(begin, end)
    for start in range(0, len(payload), step):
        reader.write(payload[start : start + step])
    reader.close()
    return got


def _stream_zip() -> bytes:
    members = [
        ("data/person.jsonl", WHEN, 0o600, ZIP_64, (RECORDS[:70_000], RECORDS[70_000:])),
        ("data/empty.jsonl", WHEN, 0o600, ZIP_64, (b"",)),
        ("blobs/scan", WHEN, 0o600, NO_COMPRESSION_64(len(SCAN), zlib.crc32(SCAN)), (SCAN,)),
        ("manifest.sig", WHEN, 0o600, NO_COMPRESSION_64(0, 0), (b"",)),
    ]
    return b"".join(stream_zip(members, extended_timestamps=False))


def _zipfile(compress: int, force_zip64: bool = False, seekable: bool = True) -> bytes:
    class _Unseekable(io.RawIOBase):
        def __init__(self) -> None:
            self.out = bytearray()

        def writable(self) -> bool:
            return True

        def write(self, data: bytes) -> int:  # type: ignore[override]
            self.out += data
            return len(data)

    target: io.BytesIO | _Unseekable = io.BytesIO() if seekable else _Unseekable()
    with zipfile.ZipFile(target, "w", compression=compress) as archive:
        for name, data in (("data/person.jsonl", RECORDS), ("blobs/scan", SCAN)):
            with archive.open(name, "w", force_zip64=force_zip64) as entry:
                entry.write(data)
    return target.getvalue() if isinstance(target, io.BytesIO) else bytes(target.out)


@pytest.mark.parametrize("step", [7, 4096, 8192, 1 << 30])
def test_what_stream_zip_writes_reads_back_in_writes_of_any_size(step: int) -> None:
    got = _read(_stream_zip(), step)
    assert got == {
        b"data/person.jsonl": RECORDS,
        b"data/empty.jsonl": b"",
        b"blobs/scan": SCAN,
        b"manifest.sig": b"",
    }


@pytest.mark.parametrize(
    ("compress", "force_zip64", "seekable"),
    [
        (zipfile.ZIP_DEFLATED, False, True),
        (zipfile.ZIP_DEFLATED, True, True),  # how packages were written before
        (zipfile.ZIP_STORED, False, True),
        (zipfile.ZIP_DEFLATED, False, False),  # a data descriptor after each entry
    ],
)
def test_what_zipfile_writes_reads_back(compress: int, force_zip64: bool, seekable: bool) -> None:
    got = _read(_zipfile(compress, force_zip64, seekable), 8192)
    assert got == {b"data/person.jsonl": RECORDS, b"blobs/scan": SCAN}


def test_a_changed_byte_in_an_entry_is_named() -> None:
    payload = bytearray(_stream_zip())
    at = payload.index(SCAN[:64]) + 1000
    payload[at] ^= 0x40
    with pytest.raises(ZipFormatError) as caught:
        _read(bytes(payload), 8192)
    assert caught.value.entry == b"blobs/scan"


@pytest.mark.parametrize("cut", [0, 2, 10, 31, 50_000, -30])
def test_a_payload_cut_short_is_refused(cut: int) -> None:
    payload = _stream_zip()
    end = payload.index(b"PK\x01\x02")
    with pytest.raises(ZipFormatError):
        _read(payload[: cut if cut >= 0 else end + cut], 8192)


def test_garbage_where_an_entry_should_start() -> None:
    with pytest.raises(ZipFormatError, match="unexpected bytes"):
        _read(b"MZ\x90\x00" + bytes(100), 8192)


def test_encrypted_and_unknown_methods_are_refused() -> None:
    payload = bytearray(_zipfile(zipfile.ZIP_STORED))
    flags, method = 6, 8  # offsets in the first local header
    encrypted = bytearray(payload)
    struct.pack_into("<H", encrypted, flags, 1)
    with pytest.raises(ZipFormatError, match="encrypted"):
        _read(bytes(encrypted), 8192)
    bzip2 = bytearray(payload)
    struct.pack_into("<H", bzip2, method, 12)
    with pytest.raises(ZipFormatError, match="method 12"):
        _read(bytes(bzip2), 8192)


def test_a_bomb_is_seen_growing_with_its_true_ratio() -> None:
    members = [("data/bomb.jsonl", WHEN, 0o600, ZIP_64, (b" " * (50 << 20),))]
    payload = b"".join(stream_zip(members, extended_timestamps=False))
    sinks: list[_Collect] = []

    def begin(name: bytes) -> _Collect:
        sinks.append(_Collect())
        return sinks[-1]

    reader = PushUnzip(begin, lambda name: None)
    reader.write(payload)
    reader.close()
    assert sinks[0].largest_ratio > 500  # deflate packs spaces about 1000:1
