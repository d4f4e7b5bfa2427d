"""The sync package file (`*.ncmspkg`): writing it. Opening it is app.sync.opening.

A package is a ZIP payload (data/*.jsonl, blobs/<sha256>, manifest.json,
manifest.sig) encrypted as a whole with age to its recipient, and to its sender too.
Nothing here touches the database: the services decide what goes in.

The payload is never built on disk: the ZIP is made as it is encrypted, in one pass
over the documents (stream-zip, which writes each scan with its size and CRC in its
header, so the county can read the file front to back as it decrypts). Only the
records wait in a scratch file (app.scratch: nameless and encrypted, since they hold
full ID numbers) until the snapshot they are read in has ended. Memory stays bounded
whatever the size: records stream line by line, each scan is held once while it is
hashed (at most `Limits.max_blob`), the encrypted file goes out in chunks.
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import hashlib
import json
import os
import zlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime
from pathlib import Path
from typing import IO, Any, Protocol

import pyrage
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from stream_zip import NO_COMPRESSION_64, ZIP_64, MemberFile, stream_zip

from app.blobs.store import fsync_dir, sha256_file
from app.errors import StorageError
from app.scratch import ScratchFile
from app.sync.manifest import MANIFEST, SIGNATURE, Entry, Manifest

AGE_MAGIC = b"age-encryption.org/v1\n"
CHUNK = 1 << 20
_AHEAD_BYTES = 16 << 20  # documents read ahead of the encryption, at most
# ZIP entries are dated 1980-01-01 so that equal content makes equal payloads.
_ZIP_EPOCH = datetime(1980, 1, 1)
_MODE = 0o600

Progress = Callable[[int, int], None]


@dataclasses.dataclass(frozen=True)
class Limits:
    """What a package may hold. Generous for a county's quarter, fatal for a bomb."""

    max_file: int = 16 << 30
    max_payload: int = 16 << 30
    # Checking a package holds its listing and its manifest in memory, about 1 KB
    # per entry: 150,000 entries (25,000 files of six scans, many times a county's
    # quarter) keep an import under 300 MB. A manifest lists one ~150-byte line per
    # entry, and is parsed before its signature can be checked, so it is capped too.
    max_entries: int = 150_000
    max_manifest: int = 32 << 20
    max_blob: int = 64 << 20
    max_record_line: int = 4 << 20
    # Deflate cannot beat about 1032:1; real JSONL stays far below 50:1. An entry
    # expanding less than `bomb_floor` costs well under a second whatever its
    # ratio: below it a very compressible record (a 10 MB name of one letter) is
    # left to the record checks, which name the field instead of crying bomb.
    max_ratio: int = 200
    bomb_floor: int = 64 << 20


LIMITS = Limits()


def no_progress(done: int, total: int) -> None:
    return None


def _deflater() -> Any:
    # Level 6, zlib's default: JSONL shrinks almost as much as at 9, in half the time.
    return zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)


@dataclasses.dataclass(frozen=True)
class _Spooled:
    name: str
    offset: int
    size: int


class PayloadWriter:
    """Collects a package's records (spooled) and documents (named); `finish` signs
    the manifest, `chunks` then makes the ZIP, reading each document as it goes."""

    def __init__(self, spool: ScratchFile, limits: Limits | None = None) -> None:
        self._spool = spool
        self._limits = limits or LIMITS
        self._records: list[_Spooled] = []
        self._blobs: list[tuple[str, Path, int]] = []
        self._entries: list[Entry] = []
        self._signed: tuple[bytes, bytes] | None = None
        self.counts: dict[str, int] = {}

    def write_records(self, table: str, rows: Iterable[dict[str, Any]]) -> int:
        """Spool one data file, a JSON object per line; return the number of records."""
        name = f"data/{table}.jsonl"
        hasher, size, count = hashlib.sha256(), 0, 0
        offset = self._spool.seek(0, os.SEEK_END)
        for row in rows:
            line = json.dumps(row, ensure_ascii=False, separators=(",", ":"))
            data = line.encode("utf-8") + b"\n"
            self._spool.write(data)
            hasher.update(data)
            size += len(data)
            count += 1
        self._records.append(_Spooled(name, offset, size))
        self._entries.append(Entry(name, hasher.hexdigest(), size))
        self.counts[table] = count
        return count

    def write_blob(self, digest: str, source: Path) -> int:
        """Name a stored document to carry; its content is checked as it is read."""
        try:
            size = source.stat().st_size
        except FileNotFoundError:
            raise StorageError("blob.missing", digest=digest) from None
        if size > self._limits.max_blob:
            # The county would refuse the whole package for it: say so here.
            raise StorageError(
                "blob.too_large_to_send", digest=digest, limit=self._limits.max_blob >> 20
            )
        self._blobs.append((digest, source, size))
        self._entries.append(Entry(f"blobs/{digest}", digest, size))
        return size

    def finish(self, header: Manifest, key: Ed25519PrivateKey) -> Manifest:
        """Sign; the manifest returned lists no entries (they were for the file)."""
        manifest = dataclasses.replace(header, counts=self.counts, entries=tuple(self._entries))
        raw = manifest.to_bytes()
        self._signed = (raw, key.sign(raw))
        self._entries = []
        return dataclasses.replace(manifest, entries=())

    def size(self) -> int:
        """About how many bytes the payload holds (for progress)."""
        records = sum(r.size for r in self._records)
        return records + sum(size for _, _, size in self._blobs)

    def chunks(self) -> Iterator[bytes]:
        """The ZIP payload, made as it is read: records, documents, then the manifest
        and its signature."""
        if self._signed is None:
            raise ValueError("the payload is not signed yet")
        raw, signature = self._signed
        members = self._members(raw, signature)
        yield from stream_zip(
            members, chunk_size=CHUNK, get_compressobj=_deflater, extended_timestamps=False
        )

    def _members(self, raw: bytes, signature: bytes) -> Iterator[MemberFile]:
        for spooled in self._records:
            yield spooled.name, _ZIP_EPOCH, _MODE, ZIP_64, self._spooled(spooled)
        for digest, data, crc in self._documents():
            method = NO_COMPRESSION_64(len(data), crc)  # JPEG/PNG/PDF: packed already
            yield f"blobs/{digest}", _ZIP_EPOCH, _MODE, method, (data,)
        yield MANIFEST, _ZIP_EPOCH, _MODE, ZIP_64, (raw,)
        yield (
            SIGNATURE,
            _ZIP_EPOCH,
            _MODE,
            NO_COMPRESSION_64(64, zlib.crc32(signature)),
            (signature,),
        )

    def _documents(self) -> Iterator[tuple[str, bytes, int]]:
        """(digest, content, CRC) of each document, read and checked by a thread a
        few documents ahead of the encryption (hashing releases the GIL, so the two
        share the cores), with at most `_AHEAD_BYTES` waiting."""
        pool = ThreadPoolExecutor(1, thread_name_prefix="document-read")
        queued: deque[tuple[str, int, Future[tuple[bytes, int]]]] = deque()
        waiting = 0
        blobs = iter(self._blobs)
        try:
            while True:
                while not queued or waiting < _AHEAD_BYTES:
                    named = next(blobs, None)
                    if named is None:
                        break
                    digest, source, size = named
                    queued.append((digest, size, pool.submit(_checked_blob, digest, source, size)))
                    waiting += size
                if not queued:
                    return
                digest, size, reading = queued.popleft()
                waiting -= size
                data, crc = reading.result()
                yield digest, data, crc
        finally:
            pool.shutdown(wait=True, cancel_futures=True)

    def _spooled(self, spooled: _Spooled) -> Iterator[bytes]:
        left, at = spooled.size, spooled.offset
        while left:
            self._spool.seek(at)
            data = self._spool.read(min(CHUNK, left))
            if not data:
                raise StorageError("blob.missing", digest=spooled.name)  # cannot happen
            at += len(data)
            left -= len(data)
            yield data


def _checked_blob(digest: str, source: Path, size: int) -> tuple[bytes, int]:
    """A stored document and its CRC, refused if it changed since it was named or
    no longer matches its hash (a failing disk: better now than at the county)."""
    try:
        data = source.read_bytes()
    except FileNotFoundError:
        raise StorageError("blob.missing", digest=digest) from None
    if len(data) != size or hashlib.sha256(data).hexdigest() != digest:
        raise StorageError("blob.damaged", digest=digest)
    return data, zlib.crc32(data)


class ChunkReader:
    """Hands pyrage, which reads a few KB at a time, the chunks of a generator,
    and says how far it got (both ways: the payload to encrypt, the file to decrypt)."""

    def __init__(self, chunks: Iterable[bytes], total: int, progress: Progress) -> None:
        self._chunks = iter(chunks)
        self._buffer = memoryview(b"")
        self.total, self.progress = total, progress
        self.done = 0
        self._reported = 0
        self.failure: BaseException | None = None

    def read(self, size: int = -1) -> bytes:
        try:
            return self._read(size)
        except BaseException as err:
            self.failure = err  # age reports it as its own error: raised as itself after
            raise

    def _read(self, size: int) -> bytes:
        while not self._buffer:
            chunk = next(self._chunks, None)
            if chunk is None:
                self.progress(self.done, max(self.total, self.done))
                return b""
            self._buffer = memoryview(chunk)
        size = len(self._buffer) if size < 0 else size
        data, self._buffer = self._buffer[:size], self._buffer[size:]
        self.done += len(data)
        if self.done - self._reported >= CHUNK:
            self._reported = self.done
            self.progress(self.done, max(self.total, self.done))
        return bytes(data)


class _HashingWriter:
    def __init__(self, target: IO[bytes]) -> None:
        self.target = target
        self.hasher = hashlib.sha256()
        self.size = 0
        self.failure: BaseException | None = None

    def write(self, data: bytes) -> int:
        self.hasher.update(data)
        self.size += len(data)
        try:
            return self.target.write(data)
        except BaseException as err:
            self.failure = err  # a full or pulled-out stick: raised as itself after
            raise


def _drop_cache(handle: IO[bytes]) -> None:
    """Ask the OS to forget the cached pages, so re-reading reads the medium itself
    (a failing USB stick shows up now, not at the county). Linux only; elsewhere the
    re-read still proves the file is whole as the OS sees it."""
    advise = getattr(os, "posix_fadvise", None)
    if advise is not None:
        with contextlib.suppress(OSError):
            advise(handle.fileno(), 0, 0, os.POSIX_FADV_DONTNEED)


class _Readable(Protocol):
    def seek(self, offset: int, whence: int = 0, /) -> int: ...

    def read(self, size: int = -1, /) -> bytes: ...


def file_chunks(source: _Readable) -> Iterator[bytes]:
    source.seek(0)
    while chunk := source.read(CHUNK):
        yield chunk


def seal(
    chunks: Iterable[bytes],
    total: int,
    out: Path,
    recipients: Sequence[str],
    progress: Progress = no_progress,
) -> tuple[int, str]:
    """Encrypt the payload `chunks` make to `out`: written as `out.part`, synced,
    read back from the medium and compared with what was written, then renamed.
    Returns the file's size and SHA-256.

    Killed at any point, no file carries the final name.
    """
    part = out.with_name(out.name + ".part")
    try:
        keys = [pyrage.x25519.Recipient.from_str(r) for r in recipients]
        with part.open("wb") as dst:
            writer = _HashingWriter(dst)
            reader = ChunkReader(chunks, total, progress)
            try:
                pyrage.encrypt_io(reader, writer, keys)
            except pyrage.EncryptError:
                failure = reader.failure or writer.failure
                if failure is not None:
                    raise failure from None
                raise
            dst.flush()
            os.fsync(dst.fileno())
            _drop_cache(dst)
        digest = writer.hasher.hexdigest()
        # The bytes as the medium gives them back: a stick that drops writes is
        # found here, not at the county.
        if part.stat().st_size != writer.size or sha256_file(part) != digest:
            raise StorageError("sync.read_back", folder=str(out.parent))
        part.replace(out)
        fsync_dir(out.parent)
    except BaseException as err:
        with contextlib.suppress(OSError):  # a drive pulled out refuses the cleanup too
            part.unlink(missing_ok=True)
        if isinstance(err, OSError) and err.errno in _DRIVE_FULL | _DRIVE_GONE:
            key = "sync.drive_full" if err.errno in _DRIVE_FULL else "sync.drive_gone"
            raise StorageError(key, folder=str(out.parent)) from err
        raise
    return writer.size, digest


# What writing to a USB stick says when it fills up, or when it is pulled out (or
# write-protected) while the file is written: the clerk can fix both.
_DRIVE_FULL = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})
_DRIVE_GONE = frozenset({errno.ENOENT, errno.EIO, errno.ENODEV, errno.ENXIO, errno.EROFS})
