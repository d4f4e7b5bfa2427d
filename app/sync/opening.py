"""Opening a sync package safely: decrypt, unzip, hash and stage in one pass.

The file is decrypted as it is read (by a process of its own, app.sync.decrypting,
but on Windows; its output comes through a pipe, never the disk), age's output is
unzipped as it arrives (app.sync.unzip), and each entry goes where it will be used
as it goes by: records to a scratch file (app.scratch: nameless and encrypted, since
they hold full ID numbers), documents to a staging folder inside the blob store, so
that taking one in later is a rename, not a copy. Everything is counted against the
limits as it arrives, before the signature can be known; nothing is trusted until
the file's last byte has decrypted, the manifest's signature holds and every entry's
size and hash match it. A refused package leaves nothing behind: the staging folder
goes, and a killed run's is swept at the next start (app.scratch.sweep).

The staged documents lie in the clear, as the blob store's own do (a scan at the
county is a file under blobs/); ID numbers never do.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import io
import json
import os
import re
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from subprocess import PIPE
from typing import Any

import pyrage
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from app.blobs.reading import read_ahead
from app.blobs.store import BlobStore, fsync_dir, sha256_file
from app.errors import PackageRefused
from app.scratch import ScratchFile, working_folder
from app.sync import decrypting
from app.sync.manifest import MANIFEST, SIGNATURE, Manifest, check_entry_name
from app.sync.package import (
    AGE_MAGIC,
    CHUNK,
    LIMITS,
    ChunkReader,
    Limits,
    Progress,
    no_progress,
)
from app.sync.unzip import PushUnzip, ZipFormatError

STAGING_PREFIX = ".incoming-"
# age decrypts in a child process but on Windows, where the installed program runs
# windowless (pythonw) and keeps to the one process.
_IN_CHILD = sys.platform != "win32"
_F_SETPIPE_SZ = 1031  # Linux's fcntl to size a pipe; refused elsewhere, and harmless
# age's STREAM: 64 KiB of plaintext per chunk, each sealed with a 16-byte tag,
# after the header and a 16-byte nonce. Used to say where a damaged file breaks.
_AGE_CHUNK, _AGE_TAG, _AGE_NONCE = 64 * 1024, 16, 16
# Staged documents are checked, written and synced by a few threads while decryption
# goes on, with at most this many bytes waiting for them.
_SYNC_THREADS, _STAGING_BYTES = 8, 32 << 20
_KEPT_WAITING = 1024


# -- decrypting ------------------------------------------------------------------------


class _Stopped(Exception):
    """Raised into age when reading the payload failed; `_Payload.failure` says why."""


class _Payload:
    """age's output, unzipped as it comes. A failure is kept to be raised as itself
    once age has given up (what age makes of an exception raised in a write is its
    own business)."""

    def __init__(self, unzip: PushUnzip, limit: int, file_name: str) -> None:
        self._unzip, self._limit, self._file_name = unzip, limit, file_name
        # age writes 8 KiB at a time: gathered into CHUNK before unzipping, a scan is
        # hashed and written in one or two calls instead of twenty.
        self._pending = bytearray()
        self.written = 0
        self.failure: BaseException | None = None

    def write(self, data: bytes) -> int:
        if self.failure is not None:
            raise _Stopped
        self.written += len(data)
        if self.written > self._limit:
            self.failure = PackageRefused("package.too_large", file=self._file_name)
            raise _Stopped
        self._pending += data
        if len(self._pending) >= CHUNK:
            self.flush()
        return len(data)

    def flush(self) -> None:
        """Unzip what is gathered; raises _Stopped, with `failure` set, if that fails."""
        # Handed over, not cleared: a view of it may outlive the call in a traceback.
        data, self._pending = self._pending, bytearray()
        try:
            self._unzip.write(data)
        except ZipFormatError as err:
            self.failure = _format_refusal(err)
            raise _Stopped from None
        except BaseException as err:
            self.failure = err
            raise _Stopped from None


def _format_refusal(err: ZipFormatError) -> PackageRefused:
    if err.entry is not None:
        return PackageRefused("package.tampered", name=err.entry.decode("utf-8", "replace"))
    return PackageRefused("package.bad_payload")


def _decrypt_into(
    path: Path,
    size: int,
    identities: Sequence[str],
    reading: _Reading,
    progress: Progress,
) -> str:
    """Decrypt `path` through `reading`; the SHA-256 of the file."""
    keys = [pyrage.x25519.Identity.from_str(i) for i in identities]
    unzip = PushUnzip(reading.begin, reading.end)
    payload = _Payload(unzip, reading.limits.max_payload, path.name)
    try:
        if _IN_CHILD:
            digest = _decrypt_in_child(path, size, identities, payload, progress)
        else:
            digest = _decrypt_by_calls(path, size, keys, payload, progress)
    except Exception as err:
        raise _refusal(err, payload, path) from None
    with contextlib.suppress(_Stopped):
        payload.flush()
    if payload.failure is not None:
        raise payload.failure
    try:
        unzip.close()
    except ZipFormatError as err:
        raise _format_refusal(err) from None
    return digest


def _refusal(err: Exception, payload: _Payload, path: Path) -> BaseException:
    """What a failed decryption is refused for: what the payload found wrong first,
    since age gives up on its own terms once a write into it failed."""
    if payload.failure is not None:
        return payload.failure
    if isinstance(err, pyrage.DecryptError):
        if "No matching keys" in str(err):
            return PackageRefused("package.not_for_us", file=path.name)
        return PackageRefused("package.damaged_at", file=path.name, byte=0)
    if isinstance(err, OSError):
        # The STREAM tag of the chunk after the last good one failed: the file is cut
        # short, altered or has bytes appended there.
        chunks = payload.written // _AGE_CHUNK
        offset = _header_length(path) + chunks * (_AGE_CHUNK + _AGE_TAG)
        return PackageRefused("package.damaged_at", file=path.name, byte=offset)
    return err


def _decrypt_by_calls(
    path: Path, size: int, keys: list[Any], payload: _Payload, progress: Progress
) -> str:
    """In this process (Windows): age reads the file and writes the payload through
    Python calls, 8 KiB at a time, holding the interpreter for the rest."""
    hasher = hashlib.sha256()
    encrypted = read_ahead(path, hasher=hasher)  # read ahead and hashed in a thread
    with contextlib.closing(encrypted):
        with contextlib.suppress(_Stopped):
            pyrage.decrypt_io(ChunkReader(encrypted, size, progress), payload, keys)
        if payload.failure is None:
            for _ in encrypted:  # to the file's end for its hash, should age stop short
                pass
    return hasher.hexdigest()


def _decrypt_in_child(
    path: Path, size: int, identities: Sequence[str], payload: _Payload, progress: Progress
) -> str:
    """age in a process of its own (app.sync.decrypting), its output read here a
    megabyte at a time: the unzipping, hashing and staging run beside the decryption
    instead of taking turns with it. The file is hashed here meanwhile, read a second
    time (from the cache, mostly)."""
    with ThreadPoolExecutor(1, thread_name_prefix="package-hash") as hashing:
        hashed = hashing.submit(sha256_file, path)
        _run_child(path, size, identities, payload, progress)
        return hashed.result()


def _run_child(
    path: Path, size: int, identities: Sequence[str], payload: _Payload, progress: Progress
) -> None:
    # -P: nothing importable from the current folder (the child holds the key).
    command = [sys.executable, "-P", "-m", "app.sync.decrypting", str(path)]
    hidden = getattr(subprocess, "CREATE_NO_WINDOW", 0)  # no console flashing up
    with subprocess.Popen(  # noqa: S603 - this interpreter, a module of ours, a path
        command, stdin=PIPE, stdout=PIPE, stderr=PIPE, bufsize=0, creationflags=hidden
    ) as child:
        assert child.stdin is not None and child.stdout is not None
        assert child.stderr is not None
        stopped = True  # unless every byte was taken: then the child is not needed
        try:
            with contextlib.suppress(BrokenPipeError):  # it failed to start: said below
                child.stdin.write("".join(f"{i}\n" for i in identities).encode())
                child.stdin.close()
            _widen(child.stdout.fileno())
            while data := child.stdout.read(CHUNK):
                payload.write(data)
                progress(min(payload.written, size), size)
            stopped = False
        except _Stopped:
            pass
        finally:
            if stopped:
                child.kill()  # what it would still decrypt is not wanted
        # One short line (a crash's traceback at worst), read once stdout has ended.
        ending = child.stderr.read().decode("utf-8", "replace").strip().splitlines()
    if payload.failure is not None:
        raise payload.failure
    last = ending[-1] if ending else ""
    if last == decrypting.OK:
        return
    if last == decrypting.NOT_FOR_US:
        raise pyrage.DecryptError("No matching keys found")
    if last == decrypting.DAMAGED:
        raise OSError("decryption error")
    raise PackageRefused("package.decrypt_failed", file=path.name, reason=last or "?")


def _widen(fd: int) -> None:
    """A pipe of a megabyte (Linux), so age writes while this side unzips."""
    try:
        import fcntl
    except ImportError:
        return
    with contextlib.suppress(OSError):
        fcntl.fcntl(fd, _F_SETPIPE_SZ, CHUNK)


def _header_length(path: Path) -> int:
    """Bytes of the age header and nonce, to turn a plaintext offset into a file one."""
    with path.open("rb") as handle:
        head = handle.read(64 * 1024)
    end = head.find(b"\n---")
    if end < 0:
        return 0
    line_end = head.find(b"\n", end + 1)
    return (line_end + 1 if line_end >= 0 else end) + _AGE_NONCE


# -- where each entry goes -------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class _Region:
    offset: int
    size: int


@dataclasses.dataclass(frozen=True)
class _Seen:
    sha256: str
    size: int


class _Staging:
    """Documents checked against their names and written into the blob store's
    staging folder by a few threads while decryption goes on (hashing and writing
    release the GIL; the filesystem commits their journal entries together), with at
    most `_STAGING_BYTES` waiting for them. (Synced later, while the records are
    applied, they slowed the apply more than they saved.)"""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.names: set[str] = set()
        self._pool = ThreadPoolExecutor(_SYNC_THREADS, thread_name_prefix="blob-stage")
        self._waiting: list[tuple[str, Future[bool]]] = []
        self._room = threading.Condition()
        self._bytes = 0
        self._failure: BaseException | None = None

    def put(self, name: str, digest: str, data: bytes, store: BlobStore) -> None:
        """Check `data` is the document `digest` names; write it unless `store` holds
        it already. A document found unlike its name earlier is raised here, so the
        import stops a few documents after it instead of at the end."""
        if self._failure is not None:
            raise self._failure
        with self._room:
            while self._bytes and self._bytes + len(data) > _STAGING_BYTES:
                self._room.wait()
            self._bytes += len(data)
        self._waiting.append((digest, self._pool.submit(self._stage, name, digest, data, store)))
        if len(self._waiting) >= _KEPT_WAITING:  # a future each would grow with the package
            waiting, self._waiting = self._waiting, []
            for digest, future in waiting:  # one look at each: it may finish meanwhile
                if not future.done():
                    self._waiting.append((digest, future))
                elif not future.exception() and future.result():
                    self.names.add(digest)

    def _stage(self, name: str, digest: str, data: bytes, store: BlobStore) -> bool:
        """Whether the document was written (False: held already)."""
        try:
            if hashlib.sha256(data).hexdigest() != digest:
                raise PackageRefused("package.tampered", name=name)
            written = not store.exists(digest)
            if written:
                flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
                fd = os.open(self.folder / digest, flags, 0o600)
                try:
                    _write_all(fd, data)
                    os.fsync(fd)
                finally:
                    os.close(fd)
            return written
        except BaseException as err:
            self._failure = self._failure or err
            raise
        finally:
            with self._room:
                self._bytes -= len(data)
                self._room.notify_all()

    def wait(self) -> None:
        """Every document checked and durable in the staging folder, or the first
        failure raised."""
        for _, future in self._waiting:
            future.exception()
        if self._failure is not None:
            raise self._failure
        self.names.update(digest for digest, future in self._waiting if future.result())
        self._waiting = []

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


class _Sink:
    """Where one entry's bytes go, counted against the payload's limits."""

    def __init__(self, reading: _Reading, name: str) -> None:
        self.reading, self.name = reading, name
        self.hasher = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> None:
        self.size += len(data)
        self.reading.count(len(data))
        self.hasher.update(data)

    def inflated(self, size: int, packed: int) -> None:
        return None

    def end(self) -> _Seen:
        return _Seen(self.hasher.hexdigest(), self.size)


class _BlobSink(_Sink):
    """A document, held whole (at most `Limits.max_blob`) and handed to the staging
    threads, which hash it: a document is named by its hash, so no need to wait for
    the manifest to know it is not what it says."""

    def __init__(self, reading: _Reading, name: str) -> None:
        super().__init__(reading, name)
        self.digest = name[len("blobs/") :]
        self.parts: list[bytes] = []

    def write(self, data: bytes) -> None:
        self.size += len(data)
        self.reading.count(len(data))
        if self.size > self.reading.limits.max_blob:
            raise PackageRefused("package.entry_too_large", name=self.name)
        self.parts.append(data)

    def end(self) -> _Seen:
        data = self.parts[0] if len(self.parts) == 1 else b"".join(self.parts)
        self.parts = []
        self.reading.staging.put(self.name, self.digest, data, self.reading.store)
        self.reading.blobs.add(self.digest)
        return _Seen(self.digest, self.size)  # as the staging threads check


class _RecordSink(_Sink):
    def __init__(self, reading: _Reading, name: str) -> None:
        super().__init__(reading, name)
        self.offset = reading.spool.seek(0, os.SEEK_END)

    def write(self, data: bytes) -> None:
        super().write(data)
        self.reading.spool.write(data)

    def inflated(self, size: int, packed: int) -> None:
        limits = self.reading.limits
        if size > limits.bomb_floor and size / max(packed, 1) > limits.max_ratio:
            raise PackageRefused("package.bomb", name=self.name, ratio=int(size / max(packed, 1)))

    def end(self) -> _Seen:
        self.reading.regions[self.name] = _Region(self.offset, self.size)
        return super().end()


class _SmallSink(_Sink):
    """The manifest or its signature, kept in memory (both are bounded)."""

    def __init__(self, reading: _Reading, name: str) -> None:
        super().__init__(reading, name)
        self.limit = reading.limits.max_manifest if name == MANIFEST else 64
        self.parts: list[bytes] = []

    def write(self, data: bytes) -> None:
        super().write(data)
        if self.size > self.limit:
            raise PackageRefused("package.bad_manifest", reason="size")
        self.parts.append(data)

    def end(self) -> _Seen:
        self.reading.small[self.name] = b"".join(self.parts)
        return super().end()


class _Reading:
    """Everything seen so far: the checks that need no signature, as bytes arrive."""

    def __init__(
        self,
        file_name: str,
        spool: ScratchFile,
        staging: _Staging,
        store: BlobStore,
        limits: Limits,
    ) -> None:
        self.file_name, self.spool, self.staging, self.store = file_name, spool, staging, store
        self.limits = limits
        self.seen: dict[str, _Seen] = {}
        self.regions: dict[str, _Region] = {}
        self.blobs: set[str] = set()
        self.small: dict[str, bytes] = {}  # the manifest and its signature
        self.total = 0
        self._sink: _Sink | None = None

    def count(self, size: int) -> None:
        self.total += size
        if self.total > self.limits.max_payload:
            raise PackageRefused("package.too_large", file=self.file_name)

    def begin(self, raw_name: bytes) -> _Sink:
        try:
            name = raw_name.decode("utf-8")
        except UnicodeDecodeError:
            raise PackageRefused("package.unsafe_name", name=repr(raw_name)) from None
        check_entry_name(name)
        if name in self.seen or (self._sink is not None and self._sink.name == name):
            raise PackageRefused("package.duplicate_entry", name=name)
        if len(self.seen) >= self.limits.max_entries + 2:
            raise PackageRefused("package.too_many_entries", count=len(self.seen) + 1)
        kind = (
            _BlobSink
            if name.startswith("blobs/")
            else _RecordSink
            if name.startswith("data/")
            else _SmallSink
        )
        self._sink = kind(self, name)
        return self._sink

    def end(self, raw_name: bytes) -> None:
        assert self._sink is not None
        self.seen[self._sink.name] = self._sink.end()
        self._sink = None


# -- the opened package ----------------------------------------------------------------


class _RegionReader(io.RawIOBase):
    """One data file's bytes inside the records' scratch file."""

    def __init__(self, spool: ScratchFile, region: _Region) -> None:
        super().__init__()
        self._spool, self._at, self._left = spool, region.offset, region.size

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        want = min(len(view), self._left)
        if not want:
            return 0
        self._spool.seek(self._at)
        data = self._spool.read(want)
        view[: len(data)] = data
        self._at += len(data)
        self._left -= len(data)
        return len(data)


class OpenedPackage:
    """A package whose every check passed: manifest, records and documents to apply."""

    def __init__(
        self,
        manifest: Manifest,
        reading: _Reading,
        file_size: int,
        sha256: str,
        cleanup: contextlib.ExitStack,
    ) -> None:
        # The entry list was for the checks, which are done: a large package lists
        # tens of thousands.
        self.manifest = dataclasses.replace(manifest, entries=())
        self.file_size = file_size
        self.sha256 = sha256
        self._spool = reading.spool
        self._regions = reading.regions
        self._blobs = reading.blobs
        self._staging = reading.staging
        self._cleanup = cleanup
        self._moved_into: set[Path] = set()
        self._limits = reading.limits

    def __enter__(self) -> OpenedPackage:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._cleanup.close()

    def records(self, table: str) -> Iterator[dict[str, Any]]:
        name = f"data/{table}.jsonl"
        region = self._regions.get(name)
        if region is None:
            return
        limit = self._limits.max_record_line
        handle = io.BufferedReader(_RegionReader(self._spool, region), CHUNK)
        # Read at most one byte past the limit: a line is never held whole before it
        # is known to fit.
        for number, line in enumerate(iter(lambda: handle.readline(limit + 1), b""), 1):
            if len(line) > limit:
                raise PackageRefused(
                    "package.record_too_large",
                    entry=name,
                    line=number,
                    limit=limit >> 20,
                    field=_field_at_end(line),
                )
            try:
                record = json.loads(line)
            except ValueError:
                raise PackageRefused("package.bad_record", entry=name, line=number) from None
            if not isinstance(record, dict):
                raise PackageRefused("package.bad_record", entry=name, line=number)
            yield record

    def has_blob(self, digest: str) -> bool:
        return digest in self._blobs

    def install_blob(self, digest: str, store: BlobStore) -> bool:
        """Move a carried document into `store`; False if it was held there already.
        Durable once `settle` has run (the file itself was synced when staged)."""
        if digest not in self._staging.names:
            if store.exists(digest):
                return False
            raise PackageRefused("package.blob_missing", digest=digest)
        target = store.path_for(digest)
        if not target.parent.is_dir():
            target.parent.mkdir(parents=True, exist_ok=True)
            self._moved_into.add(target.parent.parent)
        (self._staging.folder / digest).replace(target)
        self._staging.names.discard(digest)
        self._moved_into.add(target.parent)
        return True

    def settle(self) -> None:
        """Make the moves durable, before the rows that name them commit."""
        with ThreadPoolExecutor(_SYNC_THREADS) as pool:
            list(pool.map(fsync_dir, self._moved_into))
        self._moved_into.clear()


# A key as json.dumps writes one: the quote before it is not escaped.
_KEY = re.compile(rb'(?<!\\)"([A-Za-z0-9_]{1,64})":')


def _field_at_end(head: bytes) -> str:
    """The field whose value runs past the end of `head`, a record's first bytes:
    the last key written before the cut."""
    keys = _KEY.findall(head)
    return keys[-1].decode() if keys else "?"


# -- opening ---------------------------------------------------------------------------


def open_package(
    path: Path,
    identities: Sequence[str],
    work_dir: Path,
    store: BlobStore,
    sender_key: Callable[[Manifest], bytes],
    recipient: str,
    limits: Limits = LIMITS,
    progress: Progress = no_progress,
) -> OpenedPackage:
    """Decrypt and check everything before anyone acts on the package.

    `sender_key` returns the raw Ed25519 key the sender named in the manifest must
    have signed with (and refuses an unknown or revoked sender itself). Any failure
    raises PackageRefused with one sentence naming the reason; nothing is left behind.
    """
    try:
        size = path.stat().st_size
    except OSError:
        raise PackageRefused("package.unreadable", file=path.name) from None
    if size == 0:
        raise PackageRefused("package.empty", file=path.name)
    if size > limits.max_file:
        raise PackageRefused("package.too_large", file=path.name)
    with path.open("rb") as handle:
        if handle.read(len(AGE_MAGIC)) != AGE_MAGIC:
            raise PackageRefused("package.not_package", file=path.name)
    cleanup = contextlib.ExitStack()
    try:
        spool = cleanup.enter_context(ScratchFile(work_dir, ".import-", path.name))
        folder = cleanup.enter_context(working_folder(store.root, STAGING_PREFIX))
        staging = _Staging(folder)
        cleanup.callback(staging.shutdown)  # before the folder goes: runs first
        reading = _Reading(path.name, spool, staging, store, limits)
        sha256 = _decrypt_into(path, size, identities, reading, progress)
        staging.wait()
        manifest = _signed_manifest(reading, sender_key)
        if manifest.recipient != recipient:
            raise PackageRefused(
                "package.wrong_recipient", recipient=manifest.recipient, us=recipient
            )
        _check_entries(reading, manifest)
        return OpenedPackage(manifest, reading, size, sha256, cleanup)
    except BaseException:
        cleanup.close()
        raise


def _signed_manifest(reading: _Reading, sender_key: Callable[[Manifest], bytes]) -> Manifest:
    for name in (MANIFEST, SIGNATURE):
        if name not in reading.small:
            raise PackageRefused("package.entry_missing", name=name)
    raw, signature = reading.small[MANIFEST], reading.small[SIGNATURE]
    if len(signature) != 64:
        raise PackageRefused("package.bad_manifest", reason="size")
    manifest = Manifest.from_bytes(raw)
    key = Ed25519PublicKey.from_public_bytes(sender_key(manifest))
    try:
        key.verify(signature, raw)
    except InvalidSignature:
        raise PackageRefused("package.bad_signature", sender=manifest.sender) from None
    return manifest


def _check_entries(reading: _Reading, manifest: Manifest) -> None:
    listed = {e.name: e for e in manifest.entries}
    if len(listed) != len(manifest.entries):
        raise PackageRefused("package.bad_manifest", reason="an entry is listed twice")
    present = set(reading.seen) - {MANIFEST, SIGNATURE}
    for name in sorted(set(listed) - present):
        raise PackageRefused("package.entry_missing", name=name)
    for name in sorted(present - set(listed)):
        raise PackageRefused("package.entry_unlisted", name=name)
    tables = {n[len("data/") : -len(".jsonl")] for n in listed if n.startswith("data/")}
    if set(manifest.counts) != tables:
        raise PackageRefused("package.bad_manifest", reason="record counts")
    for entry in manifest.entries:
        seen = reading.seen[entry.name]
        if entry.name.startswith("blobs/") and entry.name[len("blobs/") :] != entry.sha256:
            raise PackageRefused("package.tampered", name=entry.name)
        if seen.size != entry.size or seen.sha256 != entry.sha256:
            raise PackageRefused("package.tampered", name=entry.name)
