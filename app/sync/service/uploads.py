"""Partial uploads on disk, for the county's resumable-upload service (tus 1.0).

Each upload is a folder named by a random id: `info.json` (who, how long, since
when) and `data.part`, to which bytes are only ever appended and fsynced. The
offset is the size of `data.part` as the disk has it, so after a crash or a restart
of the service an upload continues exactly where the disk says it stopped, never
where memory thought it was. Once the package is imported, `result.json` records
how, and the bytes are dropped; the folder stays until it expires so that a station
whose connection broke at the last moment can still ask how it went.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, BinaryIO

from app.locks import held
from app.sync.naming import SUFFIX

_ID = re.compile(r"^[A-Za-z0-9_-]{22}$")  # token_urlsafe(16): never a path trick


class UploadError(Exception):
    """Base of what the service turns into an HTTP status."""


class UnknownUpload(UploadError):
    pass


class OffsetMismatch(UploadError):
    def __init__(self, current: int) -> None:
        super().__init__(f"the upload is at byte {current}")
        self.current = current


class TooLarge(UploadError):
    pass


class TooManyUploads(UploadError):
    pass


class NoRoom(UploadError):
    """Not enough free disk for the upload and the reserve kept for the database."""


@dataclass(frozen=True)
class UploadInfo:
    id: str
    station: str
    length: int
    created_at: float
    filename: str = ""  # as the station named the package (tus metadata), for history
    sha256: str = ""  # the package's hash, when the client says it (tus metadata)


_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def safe_filename(name: str) -> str:
    """A name fit for the import history, whatever the client sent."""
    return _SAFE_NAME.sub("_", name)[-80:].lstrip(".") or f"upload{SUFFIX}"


class _Appender:
    """Writes one request's bytes at the end of an upload, never past its length."""

    def __init__(self, handle: BinaryIO, offset: int, length: int) -> None:
        self._handle = handle
        self.offset = offset
        self._length = length

    def write(self, chunk: bytes) -> None:
        if self.offset + len(chunk) > self._length:
            raise TooLarge(f"more than the {self._length} bytes announced")
        self._handle.write(chunk)
        self.offset += len(chunk)


class UploadStore:
    def __init__(
        self, root: Path, max_size: int, max_per_station: int = 2, disk_reserve: int = 0
    ) -> None:
        self.root = root
        self.max_size = max_size
        self.max_per_station = max_per_station
        self.disk_reserve = disk_reserve
        root.mkdir(parents=True, exist_ok=True)
        # Not an upload's folder: uploads() and expire() pass over plain files.
        self._lock_path = root / ".create.lock"

    # -- reading ---------------------------------------------------------------------

    def _folder(self, upload_id: str) -> Path:
        if not _ID.match(upload_id):
            raise UnknownUpload(upload_id)
        folder = self.root / upload_id
        if not (folder / "info.json").is_file():
            raise UnknownUpload(upload_id)
        return folder

    def folder(self, upload_id: str) -> Path:
        """The upload's folder, where the service keeps its locks too (they go with it)."""
        return self._folder(upload_id)

    def info(self, upload_id: str) -> UploadInfo:
        raw = json.loads((self._folder(upload_id) / "info.json").read_text("utf-8"))
        return UploadInfo(**raw)

    def offset(self, upload_id: str) -> int:
        folder = self._folder(upload_id)
        if (folder / "result.json").exists():
            return self.info(upload_id).length
        part = folder / "data.part"
        return part.stat().st_size if part.exists() else 0

    def result(self, upload_id: str) -> dict[str, Any] | None:
        """How the import of a finished upload went; None while it has not run."""
        path = self._folder(upload_id) / "result.json"
        try:
            value = json.loads(path.read_text("utf-8"))
        except FileNotFoundError:
            return None
        return value if isinstance(value, dict) else None

    def is_complete(self, upload_id: str) -> bool:
        return self.offset(upload_id) == self.info(upload_id).length

    def data_path(self, upload_id: str) -> Path:
        return self._folder(upload_id) / "data.part"

    def uploads(self) -> list[UploadInfo]:
        found = []
        for folder in self.root.iterdir():
            try:
                found.append(self.info(folder.name))
            except (UnknownUpload, OSError, ValueError, TypeError):
                continue  # a half-made folder from a crash: expire() clears it
        return found

    # -- writing ---------------------------------------------------------------------

    def same_unfinished(self, station: str, length: int, sha256: str) -> UploadInfo | None:
        """An unfinished upload of this very package by this station, if any: what a
        client whose answer to its POST was lost asks for again."""
        if not sha256:
            return None
        for info in self.uploads():
            if (info.station, info.length, info.sha256) == (station, length, sha256) and (
                self.result(info.id) is None
            ):
                return info
        return None

    def create(self, station: str, length: int, filename: str = "", sha256: str = "") -> UploadInfo:
        if length < 0:
            raise TooLarge("a negative length")
        if length > self.max_size:
            raise TooLarge(f"{length} bytes is over the limit of {self.max_size}")
        # Count and create under a lock on disk: the service may run several workers,
        # and a check-then-create without it let 50 concurrent requests past a limit of 2.
        with held(self._lock_path):
            open_ones = [
                u for u in self.uploads() if u.station == station and not self.is_complete(u.id)
            ]
            if len(open_ones) >= self.max_per_station:
                raise TooManyUploads(station)
            if shutil.disk_usage(self.root).free < length + self.disk_reserve:
                raise NoRoom(f"{length} bytes")
            return self._new(station, length, filename, sha256)

    def _new(self, station: str, length: int, filename: str, sha256: str) -> UploadInfo:
        digest = sha256.lower() if _SHA256.match(sha256.lower()) else ""
        info = UploadInfo(
            secrets.token_urlsafe(16),
            station,
            length,
            time.time(),
            safe_filename(filename),
            digest,
        )
        folder = self.root / info.id
        folder.mkdir()
        _write_json(folder / "info.json", asdict(info))  # present only once whole
        (folder / "data.part").touch()
        return info

    @contextmanager
    def appending(self, upload_id: str, offset: int) -> Iterator[_Appender]:
        """Append at `offset`, which must be where the upload stands. Bytes beyond
        the announced length are refused; whatever came before a refusal or a
        broken connection is kept, flushed and fsynced."""
        info = self.info(upload_id)
        current = self.offset(upload_id)
        if offset != current or self.result(upload_id) is not None:
            raise OffsetMismatch(current)
        part = self._folder(upload_id) / "data.part"
        with part.open("ab") as handle:
            try:
                yield _Appender(handle, current, info.length)
            finally:
                handle.flush()
                os.fsync(handle.fileno())

    def append(self, upload_id: str, offset: int, chunks: Iterable[bytes]) -> int:
        """`appending` for bytes already at hand; returns the new offset."""
        with self.appending(upload_id, offset) as appender:
            for chunk in chunks:
                appender.write(chunk)
        return appender.offset

    def finish(self, upload_id: str, result: dict[str, Any]) -> None:
        """Record how the import went and drop the bytes, which the database now holds."""
        folder = self._folder(upload_id)
        _write_json(folder / "result.json", result)
        (folder / "data.part").unlink(missing_ok=True)

    def waiting_import(self) -> list[UploadInfo]:
        """Whole uploads whose import has not run (the service stopped before it)."""
        return [u for u in self.uploads() if self.is_complete(u.id) and self.result(u.id) is None]

    def remove(self, upload_id: str) -> None:
        shutil.rmtree(self._folder(upload_id), ignore_errors=True)

    def expire(self, max_age_seconds: float, now: float | None = None) -> list[str]:
        """Remove uploads untouched for `max_age_seconds` (unfinished ones, and
        finished ones whose result has been there that long) and folders a crash
        left without their info; return the ids removed. A whole upload still
        waiting for its import is kept."""
        now = time.time() if now is None else now
        removed = []
        for folder in self.root.iterdir():
            if not folder.is_dir():
                continue
            info_file, part = folder / "info.json", folder / "data.part"
            result = folder / "result.json"
            touched = max(
                (p.stat().st_mtime for p in (info_file, part, result) if p.exists()),
                default=folder.stat().st_mtime,
            )
            if now - touched < max_age_seconds:
                continue
            if info_file.exists():
                try:
                    if self.is_complete(folder.name) and self.result(folder.name) is None:
                        continue  # whole: the import owns it now
                except (UnknownUpload, OSError, ValueError, TypeError):
                    pass
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder.name)
        return removed


def _write_json(path: Path, value: dict[str, Any]) -> None:
    temporary = path.with_name(path.name + ".tmp")
    with temporary.open("w", encoding="utf-8") as handle:
        json.dump(value, handle)
        handle.flush()
        os.fsync(handle.fileno())
    temporary.replace(path)
