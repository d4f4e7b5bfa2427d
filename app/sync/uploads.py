"""Partial uploads on disk, for the county's resumable-upload service (tus 1.0).

Each upload is a folder named by a random id: `info.json` (who, how long, since
when) and `data.part`, to which bytes are only ever appended and fsynced. The
offset is the size of `data.part` as the disk has it, so after a crash or a restart
of the service an upload continues exactly where the disk says it stopped, never
where memory thought it was.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

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


@dataclass(frozen=True)
class UploadInfo:
    id: str
    station: str
    length: int
    created_at: float


class UploadStore:
    def __init__(self, root: Path, max_size: int, max_per_station: int = 2) -> None:
        self.root = root
        self.max_size = max_size
        self.max_per_station = max_per_station
        root.mkdir(parents=True, exist_ok=True)

    # -- reading ---------------------------------------------------------------------

    def _folder(self, upload_id: str) -> Path:
        if not _ID.match(upload_id):
            raise UnknownUpload(upload_id)
        folder = self.root / upload_id
        if not (folder / "info.json").is_file():
            raise UnknownUpload(upload_id)
        return folder

    def info(self, upload_id: str) -> UploadInfo:
        raw = json.loads((self._folder(upload_id) / "info.json").read_text("utf-8"))
        return UploadInfo(**raw)

    def offset(self, upload_id: str) -> int:
        part = self._folder(upload_id) / "data.part"
        return part.stat().st_size if part.exists() else 0

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

    def create(self, station: str, length: int) -> UploadInfo:
        if length < 0:
            raise TooLarge("a negative length")
        if length > self.max_size:
            raise TooLarge(f"{length} bytes is over the limit of {self.max_size}")
        open_ones = [
            u for u in self.uploads() if u.station == station and not self.is_complete(u.id)
        ]
        if len(open_ones) >= self.max_per_station:
            raise TooManyUploads(station)
        info = UploadInfo(secrets.token_urlsafe(16), station, length, time.time())
        folder = self.root / info.id
        folder.mkdir()
        temporary = folder / "info.json.tmp"
        with temporary.open("w", encoding="utf-8") as handle:
            json.dump(asdict(info), handle)
            handle.flush()
            os.fsync(handle.fileno())
        temporary.replace(folder / "info.json")  # present only once whole
        (folder / "data.part").touch()
        return info

    def append(self, upload_id: str, offset: int, chunks: Iterable[bytes]) -> int:
        """Append at `offset`, which must be where the upload stands; return the new
        offset. Bytes beyond the announced length are refused, and what came before
        them is kept."""
        info = self.info(upload_id)
        current = self.offset(upload_id)
        if offset != current:
            raise OffsetMismatch(current)
        part = self._folder(upload_id) / "data.part"
        with part.open("ab") as handle:
            try:
                for chunk in chunks:
                    if current + len(chunk) > info.length:
                        raise TooLarge(f"more than the {info.length} bytes announced")
                    handle.write(chunk)
                    current += len(chunk)
            finally:
                # Whatever arrived before a reset or a refusal is kept, on disk.
                handle.flush()
                os.fsync(handle.fileno())
        return current

    def remove(self, upload_id: str) -> None:
        shutil.rmtree(self._folder(upload_id), ignore_errors=True)

    def expire(self, max_age_seconds: float, now: float | None = None) -> list[str]:
        """Remove unfinished uploads untouched for `max_age_seconds`, and folders a
        crash left without their info; return the ids removed."""
        now = time.time() if now is None else now
        removed = []
        for folder in self.root.iterdir():
            if not folder.is_dir():
                continue
            info_file, part = folder / "info.json", folder / "data.part"
            touched = max(
                (p.stat().st_mtime for p in (info_file, part) if p.exists()),
                default=folder.stat().st_mtime,
            )
            if now - touched < max_age_seconds:
                continue
            if info_file.exists():
                try:
                    if self.is_complete(folder.name):
                        continue  # finished: the import owns it now
                except (UnknownUpload, OSError, ValueError, TypeError):
                    pass
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder.name)
        return removed
