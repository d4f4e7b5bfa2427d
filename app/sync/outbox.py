"""Packages a station exported for the network and the county has not yet confirmed,
each with the URL of its upload, remembered by the package's SHA-256.

The hash, not the name or the size or the first bytes, says which upload a file
continues: two packages of the same size that begin alike never resume onto each
other. The list is a small JSON file written whole (temp → fsync → rename), so a
crash leaves the old list or the new one; if it is lost or damaged anyway, the
package files still in the folder are taken up again and uploaded from the start,
which the county's import makes harmless.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from app.blobs.store import sha256_file
from app.sync.naming import SUFFIX


@dataclass(frozen=True)
class OutgoingPackage:
    sha256: str
    file: str  # its name in the outbox folder
    size: int
    url: str | None = None  # the county's upload, once created


class Outbox:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self._state = folder / "outbox.json"

    def _read(self) -> dict[str, OutgoingPackage]:
        return self._entries(skip=None)

    def _entries(self, skip: Path | None) -> dict[str, OutgoingPackage]:
        """The list, plus package files it lacks (`skip`: one not to hash here)."""
        try:
            raw = json.loads(self._state.read_text("utf-8"))
            entries = {e["sha256"]: OutgoingPackage(**e) for e in raw["packages"]}
        except FileNotFoundError:
            entries = {}
        except (OSError, ValueError, KeyError, TypeError):
            entries = {}  # damaged: the files below are taken up again
        known = {e.file for e in entries.values()}
        for path in sorted(self.folder.glob(f"*{SUFFIX}")):
            if path.name not in known and path != skip:
                entry = OutgoingPackage(sha256_file(path), path.name, path.stat().st_size)
                entries[entry.sha256] = entry
        return {k: e for k, e in entries.items() if (self.folder / e.file).exists()}

    def _write(self, entries: dict[str, OutgoingPackage]) -> None:
        temporary = self._state.with_suffix(".tmp")
        with temporary.open("w", encoding="utf-8") as handle:
            json.dump({"packages": [asdict(e) for e in entries.values()]}, handle, indent=1)
            handle.flush()
            os.fsync(handle.fileno())
        temporary.replace(self._state)

    def entries(self) -> list[OutgoingPackage]:
        """Oldest first: packages are sent in the order they were made."""
        found = self._read()
        return sorted(found.values(), key=lambda e: (self.folder / e.file).stat().st_mtime)

    def add(self, path: Path, sha256: str | None = None) -> OutgoingPackage:
        """Take up a package already written into the outbox folder (`sha256`: its
        hash, when the caller has it already; a big package is slow to read again)."""
        entries = self._entries(skip=path)  # read once, below, if at all
        entry = next((e for e in entries.values() if e.file == path.name), None)
        if entry is None:
            entry = OutgoingPackage(sha256 or sha256_file(path), path.name, path.stat().st_size)
        entries[entry.sha256] = entry
        self._write(entries)
        return entry

    def remember_url(self, sha256: str, url: str | None) -> None:
        entries = self._read()
        if sha256 in entries:
            entries[sha256] = replace(entries[sha256], url=url)
            self._write(entries)

    def url_of(self, sha256: str) -> str | None:
        entry = self._read().get(sha256)
        return entry.url if entry else None

    def delivered(self, sha256: str) -> None:
        """The county imported it: forget it and free the space."""
        entries = self._read()
        entry = entries.pop(sha256, None)
        self._write(entries)
        if entry is not None:
            (self.folder / entry.file).unlink(missing_ok=True)

    def set_aside(self, sha256: str) -> Path:
        """The county refused it: out of the queue, into `refused/` for the IT person."""
        entries = self._read()
        entry = entries.pop(sha256)
        refused = self.folder / "refused"
        refused.mkdir(exist_ok=True)
        target = refused / entry.file
        (self.folder / entry.file).replace(target)
        self._write(entries)
        return target

    def path_of(self, entry: OutgoingPackage) -> Path:
        return self.folder / entry.file
