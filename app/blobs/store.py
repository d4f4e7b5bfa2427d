"""Content-addressed storage for photos and scans: blobs/ab/cdef… by SHA-256.

A blob is written to a temporary file, fsynced and renamed into place before the
database row that names it commits; a crash in between leaves at worst an unused
blob, never a row pointing at nothing. Identical content is stored once.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from app.blobs.reading import read_ahead
from app.errors import StorageError

_HEX = set("0123456789abcdef")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    """The SHA-256 of a file of any size, read ahead of the hashing."""
    hasher = hashlib.sha256()
    for _ in read_ahead(path, hasher=hasher):
        pass
    return hasher.hexdigest()


def fsync_dir(path: Path) -> None:
    # Makes the rename itself durable; not possible (nor needed) on Windows.
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


class BlobStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def path_for(self, digest: str) -> Path:
        if len(digest) != 64 or not set(digest) <= _HEX:
            raise StorageError("blob.bad_name", name=digest)
        return self.root / digest[:2] / digest[2:]

    def exists(self, digest: str) -> bool:
        return self.path_for(digest).is_file()

    def put(self, data: bytes) -> str:
        """Store `data` durably and return its SHA-256; a no-op if already held."""
        digest = sha256_hex(data)
        target = self.path_for(digest)
        if target.is_file() and target.stat().st_size == len(data):
            return digest
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as tmp:
                tmp.write(data)
                tmp.flush()
                os.fsync(tmp.fileno())
            Path(tmp_name).replace(target)
        except BaseException:
            Path(tmp_name).unlink(missing_ok=True)
            raise
        fsync_dir(target.parent)
        return digest

    def remove(self, digest: str) -> None:
        """Take back a blob this operation added (an import that failed to commit)."""
        self.path_for(digest).unlink(missing_ok=True)

    def read(self, digest: str) -> bytes:
        try:
            return self.path_for(digest).read_bytes()
        except FileNotFoundError:
            raise StorageError("blob.missing", digest=digest) from None

    def check(self, digest: str) -> str | None:
        """None if the blob is present and intact, else the reason it is not."""
        path = self.path_for(digest)
        if not path.is_file():
            return "missing"
        return None if sha256_file(path) == digest else "content does not match its hash"

    def all_digests(self) -> Iterator[str]:
        if not self.root.is_dir():
            return
        for sub in sorted(self.root.iterdir()):
            if sub.is_dir() and len(sub.name) == 2:
                for blob in sorted(sub.iterdir()):
                    if not blob.name.startswith(".tmp-"):
                        yield sub.name + blob.name

    def unfinished(self) -> Iterator[Path]:
        """Temporary files of writes that never reached their rename (a killed process)."""
        if not self.root.is_dir():
            return
        for sub in sorted(self.root.iterdir()):
            if sub.is_dir() and len(sub.name) == 2:
                yield from sorted(sub.glob(".tmp-*"))
