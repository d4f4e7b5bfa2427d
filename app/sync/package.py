"""The sync package file (`*.ncmspkg`): writing it and opening it safely.

A package is a ZIP payload (manifest.json, manifest.sig, data/*.jsonl, blobs/<sha256>)
encrypted as a whole with age to its recipient, and to its sender too so the sender
can re-read and verify what it wrote. Nothing here touches the database: the
services decide what goes in and what an opened package means.

Memory stays bounded whatever the size: records are streamed line by line, blobs and
the encrypted file in chunks, and the payload is built or decrypted in a scratch file
(in the data directory) rather than in memory; that file has no name and is itself
encrypted with a key only this process holds (app.scratch says why).
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import hashlib
import json
import os
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any, Protocol

import pyrage
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from app.blobs.store import fsync_dir
from app.errors import PackageRefused, StorageError
from app.scratch import ScratchFile
from app.sync.manifest import MANIFEST, SIGNATURE, Entry, Manifest, check_entry_name

AGE_MAGIC = b"age-encryption.org/v1\n"
_CHUNK = 1 << 20
# age's STREAM: 64 KiB of plaintext per chunk, each sealed with a 16-byte tag,
# after the header and a 16-byte nonce. Used to say where a damaged file breaks.
_AGE_CHUNK, _AGE_TAG, _AGE_NONCE = 64 * 1024, 16, 16
# ZIP entries are dated 1980-01-01 so that equal content makes equal payloads.
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)

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


def _no_progress(done: int, total: int) -> None:
    return None


# -- writing ---------------------------------------------------------------------------


class PayloadWriter:
    """Builds the ZIP payload in a scratch file; `finish` signs and closes it."""

    def __init__(self, payload: ScratchFile) -> None:
        self.payload = payload
        self._zip: zipfile.ZipFile | None = zipfile.ZipFile(payload, "w", allowZip64=True)
        self._entries: list[Entry] = []
        self.counts: dict[str, int] = {}

    @property
    def _archive(self) -> zipfile.ZipFile:
        if self._zip is None:
            raise ValueError("the payload is already finished")
        return self._zip

    def _info(self, name: str, compress: int) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=_ZIP_EPOCH)
        info.compress_type = compress
        return info

    def write_records(self, table: str, rows: Iterable[dict[str, Any]]) -> int:
        """Write one data file, a JSON object per line; return the number of records."""
        name = f"data/{table}.jsonl"
        hasher, size, count = hashlib.sha256(), 0, 0
        info = self._info(name, zipfile.ZIP_DEFLATED)
        with self._archive.open(info, "w", force_zip64=True) as out:
            for row in rows:
                line = json.dumps(row, ensure_ascii=False, separators=(",", ":"))
                data = line.encode("utf-8") + b"\n"
                out.write(data)
                hasher.update(data)
                size += len(data)
                count += 1
        self._entries.append(Entry(name, hasher.hexdigest(), size))
        self.counts[table] = count
        return count

    def write_blob(self, digest: str, source: Path) -> int:
        """Copy a stored document in, refusing one whose content no longer matches."""
        hasher, size = hashlib.sha256(), 0
        info = self._info(f"blobs/{digest}", zipfile.ZIP_STORED)  # JPEG/PNG/PDF: packed
        try:
            with (
                source.open("rb") as src,
                self._archive.open(info, "w", force_zip64=True) as out,
            ):
                for chunk in iter(lambda: src.read(_CHUNK), b""):
                    out.write(chunk)
                    hasher.update(chunk)
                    size += len(chunk)
        except FileNotFoundError:
            raise StorageError("blob.missing", digest=digest) from None
        if hasher.hexdigest() != digest:
            raise StorageError("blob.damaged", digest=digest)
        self._entries.append(Entry(info.filename, digest, size))
        return size

    def finish(self, header: Manifest, key: Ed25519PrivateKey) -> Manifest:
        """Sign and close; the manifest returned lists no entries (they were for
        the file), so that a large package's listing is freed before the re-read."""
        manifest = dataclasses.replace(header, counts=self.counts, entries=tuple(self._entries))
        raw = manifest.to_bytes()
        archive = self._archive
        archive.writestr(self._info(MANIFEST, zipfile.ZIP_DEFLATED), raw)
        archive.writestr(self._info(SIGNATURE, zipfile.ZIP_STORED), key.sign(raw))
        archive.close()
        self._zip, self._entries = None, []
        return dataclasses.replace(manifest, entries=())

    def abort(self) -> None:
        if self._zip is not None:
            with contextlib.suppress(Exception):
                self._zip.close()
            self._zip = None


class _Source(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


class _ReadProgress:
    """A reader that reports how far it got and hashes what went through it."""

    def __init__(self, source: _Source, total: int, progress: Progress) -> None:
        self.source, self.total, self.progress = source, total, progress
        self.done = 0
        self.hasher = hashlib.sha256()
        self._reported = 0

    def read(self, size: int = -1) -> bytes:
        data = self.source.read(size)
        self.done += len(data)
        self.hasher.update(data)
        if self.done - self._reported >= _CHUNK or not data:
            self._reported = self.done
            self.progress(self.done, self.total)
        return data


def _drop_cache(handle: IO[bytes]) -> None:
    """Ask the OS to forget the cached pages, so re-reading reads the medium itself
    (a failing USB stick shows up now, not at the county). Linux only; elsewhere the
    re-read still proves the file is whole as the OS sees it."""
    advise = getattr(os, "posix_fadvise", None)
    if advise is not None:
        with contextlib.suppress(OSError):
            advise(handle.fileno(), 0, 0, os.POSIX_FADV_DONTNEED)


def seal(
    payload: ScratchFile,
    out: Path,
    recipients: Sequence[str],
    verify: Callable[[Path], str],
    progress: Progress = _no_progress,
) -> tuple[int, str]:
    """Encrypt `payload` to `out`: written as `out.part`, synced, re-read and
    verified by `verify` (which returns the SHA-256 of the bytes it read), then
    renamed. Returns the file's size and SHA-256.

    Killed at any point, no file carries the final name.
    """
    part = out.with_name(out.name + ".part")
    total = payload.size()
    payload.seek(0)
    try:
        keys = [pyrage.x25519.Recipient.from_str(r) for r in recipients]
        with part.open("wb") as dst:
            reader = _ReadProgress(payload, total, progress)
            pyrage.encrypt_io(reader, dst, keys)
            dst.flush()
            os.fsync(dst.fileno())
            _drop_cache(dst)
        digest = verify(part)
        size = part.stat().st_size
        part.replace(out)
        fsync_dir(out.parent)
    except BaseException as err:
        with contextlib.suppress(OSError):  # a drive pulled out refuses the cleanup too
            part.unlink(missing_ok=True)
        if isinstance(err, OSError) and err.errno in _DRIVE_FULL | _DRIVE_GONE:
            key = "sync.drive_full" if err.errno in _DRIVE_FULL else "sync.drive_gone"
            raise StorageError(key, folder=str(out.parent)) from err
        raise
    return size, digest


# What writing to a USB stick says when it fills up, or when it is pulled out (or
# write-protected) while the file is written: the clerk can fix both.
_DRIVE_FULL = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})
_DRIVE_GONE = frozenset({errno.ENOENT, errno.EIO, errno.ENODEV, errno.ENXIO, errno.EROFS})


# -- opening ---------------------------------------------------------------------------


class _PayloadTooLarge(Exception):
    pass


class _LimitedWriter:
    def __init__(self, target: ScratchFile, limit: int) -> None:
        self.target, self.limit, self.written = target, limit, 0

    def write(self, data: bytes) -> int:
        self.written += len(data)
        if self.written > self.limit:
            raise _PayloadTooLarge
        return self.target.write(data)


def _header_length(path: Path) -> int:
    """Bytes of the age header and nonce, to turn a plaintext offset into a file one."""
    with path.open("rb") as handle:
        head = handle.read(64 * 1024)
    end = head.find(b"\n---")
    if end < 0:
        return 0
    line_end = head.find(b"\n", end + 1)
    return (line_end + 1 if line_end >= 0 else end) + _AGE_NONCE


class OpenedPackage:
    """A package whose every check passed: manifest, records and blobs to apply."""

    def __init__(
        self, manifest: Manifest, payload: ScratchFile, file_size: int, sha256: str
    ) -> None:
        # The entry list was for the checks, which are done: a large package lists
        # tens of thousands, and the archive's own directory now names the same.
        self.manifest = dataclasses.replace(manifest, entries=())
        self.file_size = file_size
        self.sha256 = sha256
        self._payload = payload
        self._opened_zip: zipfile.ZipFile | None = None
        self._limits = LIMITS

    @property
    def _zip(self) -> zipfile.ZipFile:
        # Opened on first use: a caller that only wanted the checks (the export's
        # re-read) never holds the listing of a large package a second time.
        if self._opened_zip is None:
            self._opened_zip = zipfile.ZipFile(self._payload)
        return self._opened_zip

    def _holds(self, name: str) -> bool:
        try:
            self._zip.getinfo(name)
        except KeyError:
            return False
        return True

    def __enter__(self) -> OpenedPackage:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._opened_zip is not None:
            self._opened_zip.close()
        self._payload.close()

    def records(self, table: str) -> Iterator[dict[str, Any]]:
        name = f"data/{table}.jsonl"
        if not self._holds(name):
            return
        limit = self._limits.max_record_line
        with self._zip.open(name) as handle:
            # Read at most one byte past the limit: a line is never held whole
            # before it is known to fit.
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
        return self._holds(f"blobs/{digest}")

    def read_blob(self, digest: str) -> bytes:
        return self._zip.read(f"blobs/{digest}")


# A key as json.dumps writes one: the quote before it is not escaped.
_KEY = re.compile(rb'(?<!\\)"([A-Za-z0-9_]{1,64})":')


def _field_at_end(head: bytes) -> str:
    """The field whose value runs past the end of `head`, a record's first bytes:
    the last key written before the cut."""
    keys = _KEY.findall(head)
    return keys[-1].decode() if keys else "?"


def open_package(
    path: Path,
    identities: Sequence[str],
    work_dir: Path,
    sender_key: Callable[[Manifest], bytes],
    recipient: str,
    limits: Limits = LIMITS,
    progress: Progress = _no_progress,
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
    payload = ScratchFile(work_dir, ".import-", path.name)
    try:
        sha256 = _decrypt(path, size, payload, identities, limits, progress)
        manifest = _verify_payload(payload, sender_key, recipient, limits)
        return OpenedPackage(manifest, payload, size, sha256)
    except BaseException:
        payload.close()
        raise


def _decrypt(
    path: Path,
    size: int,
    payload: ScratchFile,
    identities: Sequence[str],
    limits: Limits,
    progress: Progress,
) -> str:
    keys = [pyrage.x25519.Identity.from_str(i) for i in identities]
    with path.open("rb") as src:
        reader = _ReadProgress(src, size, progress)
        writer = _LimitedWriter(payload, limits.max_payload)
        try:
            pyrage.decrypt_io(reader, writer, keys)
        except _PayloadTooLarge:
            raise PackageRefused("package.too_large", file=path.name) from None
        except pyrage.DecryptError as err:
            if "No matching keys" in str(err):
                raise PackageRefused("package.not_for_us", file=path.name) from None
            raise PackageRefused("package.damaged_at", file=path.name, byte=0) from None
        except OSError:
            # The STREAM tag of the chunk after the last good one failed: the file
            # is cut short, altered or has bytes appended there.
            chunks = writer.written // _AGE_CHUNK
            offset = _header_length(path) + chunks * (_AGE_CHUNK + _AGE_TAG)
            raise PackageRefused("package.damaged_at", file=path.name, byte=offset) from None
    return reader.hasher.hexdigest()


def _verify_payload(
    payload: ScratchFile, sender_key: Callable[[Manifest], bytes], recipient: str, limits: Limits
) -> Manifest:
    try:
        archive = zipfile.ZipFile(payload)
    except (zipfile.BadZipFile, OSError):
        raise PackageRefused("package.bad_payload") from None
    with archive:
        infos = _check_listing(archive, limits)
        manifest = _signed_manifest(archive, infos, sender_key, limits)
        if manifest.recipient != recipient:
            raise PackageRefused(
                "package.wrong_recipient", recipient=manifest.recipient, us=recipient
            )
        _check_entries(archive, infos, manifest, limits)
    return manifest


def _check_listing(archive: zipfile.ZipFile, limits: Limits) -> dict[str, zipfile.ZipInfo]:
    infos: dict[str, zipfile.ZipInfo] = {}
    listing = archive.infolist()
    if len(listing) > limits.max_entries + 2:
        raise PackageRefused("package.too_many_entries", count=len(listing))
    total = 0
    for info in listing:
        check_entry_name(info.filename)
        if info.filename in infos:
            raise PackageRefused("package.duplicate_entry", name=info.filename)
        if info.flag_bits & 0x1 or info.compress_type not in (
            zipfile.ZIP_STORED,
            zipfile.ZIP_DEFLATED,
        ):
            raise PackageRefused("package.bad_entry", name=info.filename)
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > limits.bomb_floor and ratio > limits.max_ratio:
            raise PackageRefused("package.bomb", name=info.filename, ratio=int(ratio))
        if info.filename.startswith("blobs/") and info.file_size > limits.max_blob:
            raise PackageRefused("package.entry_too_large", name=info.filename)
        total += info.file_size
        if total > limits.max_payload:
            raise PackageRefused("package.too_large", file=payload_name(archive))
        infos[info.filename] = info
    return infos


def payload_name(archive: zipfile.ZipFile) -> str:
    return Path(str(archive.filename)).name


def _signed_manifest(
    archive: zipfile.ZipFile,
    infos: dict[str, zipfile.ZipInfo],
    sender_key: Callable[[Manifest], bytes],
    limits: Limits,
) -> Manifest:
    for name in (MANIFEST, SIGNATURE):
        if name not in infos:
            raise PackageRefused("package.entry_missing", name=name)
    if infos[MANIFEST].file_size > limits.max_manifest or infos[SIGNATURE].file_size != 64:
        raise PackageRefused("package.bad_manifest", reason="size")
    raw = _read_entry(archive, MANIFEST)
    signature = _read_entry(archive, SIGNATURE)
    manifest = Manifest.from_bytes(raw)
    key = Ed25519PublicKey.from_public_bytes(sender_key(manifest))
    try:
        key.verify(signature, raw)
    except InvalidSignature:
        raise PackageRefused("package.bad_signature", sender=manifest.sender) from None
    return manifest


def _read_entry(archive: zipfile.ZipFile, name: str) -> bytes:
    try:
        return archive.read(name)
    except (zipfile.BadZipFile, OSError, EOFError):
        raise PackageRefused("package.tampered", name=name) from None


def _check_entries(
    archive: zipfile.ZipFile,
    infos: dict[str, zipfile.ZipInfo],
    manifest: Manifest,
    limits: Limits,
) -> None:
    listed = {e.name: e for e in manifest.entries}
    if len(listed) != len(manifest.entries):
        raise PackageRefused("package.bad_manifest", reason="an entry is listed twice")
    present = set(infos) - {MANIFEST, SIGNATURE}
    for name in sorted(set(listed) - present):
        raise PackageRefused("package.entry_missing", name=name)
    for name in sorted(present - set(listed)):
        raise PackageRefused("package.entry_unlisted", name=name)
    tables = {n[len("data/") : -len(".jsonl")] for n in listed if n.startswith("data/")}
    if set(manifest.counts) != tables:
        raise PackageRefused("package.bad_manifest", reason="record counts")
    for entry in manifest.entries:
        info = infos[entry.name]
        if entry.name.startswith("blobs/") and entry.name[len("blobs/") :] != entry.sha256:
            raise PackageRefused("package.tampered", name=entry.name)
        if info.file_size != entry.size:
            raise PackageRefused("package.tampered", name=entry.name)
        hasher = hashlib.sha256()
        try:
            with archive.open(info) as handle:
                while chunk := handle.read(_CHUNK):
                    hasher.update(chunk)
        except (zipfile.BadZipFile, OSError, EOFError):
            raise PackageRefused("package.tampered", name=entry.name) from None
        if hasher.hexdigest() != entry.sha256:
            raise PackageRefused("package.tampered", name=entry.name)
