"""Scratch files for package payloads, which hold full ID numbers and scans.

Two layers, because either alone leaves plaintext behind:
- the file has no name (`tempfile.TemporaryFile`: O_TMPFILE or unlinked at once on
  POSIX, delete-on-close on Windows), so a killed process leaves no file to find;
- every byte is encrypted with AES-256-CTR under a key made for this one file and
  held only in this process's memory, so what a power cut leaves (Windows keeps the
  name then) or the disk's freed blocks keep is noise without the key.
CTR reads and writes at any offset, which zipfile needs (it seeks to the directory
and back to headers), and streams: memory stays bounded for a multi-GB payload,
unlike decrypting into memory. No integrity tag is needed: the file never leaves
this process, and the package's own hashes are checked through this layer.

`sweep` removes the named leftovers (earlier versions kept payloads under these
names; Windows after a power cut): at start-up and after every import.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from cryptography.hazmat.primitives.ciphers import Cipher, CipherContext, algorithms, modes

from app.locks import held, in_use

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer, WriteableBuffer

PREFIXES = (".import-", ".export-")
_BLOCK = 16


class ScratchFile(io.RawIOBase):
    """A nameless, encrypted, seekable file in `directory`; gone when closed."""

    def __init__(self, directory: Path, prefix: str, name: str = "") -> None:
        super().__init__()
        directory.mkdir(parents=True, exist_ok=True)
        # Closed by close(): this object is the handle.
        self._file = tempfile.TemporaryFile(dir=directory, prefix=prefix)  # noqa: SIM115
        self._key = os.urandom(32)
        self._nonce = os.urandom(8)
        self._pos = 0
        self._file_pos = 0  # seeking the buffered file flushes it: only when needed
        # Sequential reads and writes reuse one keystream rather than start anew.
        self._ctx: CipherContext | None = None
        self._ctx_at = -1
        self.name = name  # zipfile reports this one in its messages

    def _crypt(self, offset: int, data: bytes) -> bytes:
        if self._ctx is None or offset != self._ctx_at:
            block, skip = divmod(offset, _BLOCK)
            counter = self._nonce + block.to_bytes(8, "big")
            self._ctx = Cipher(algorithms.AES(self._key), modes.CTR(counter)).encryptor()
            self._ctx.update(bytes(skip))
        self._ctx_at = offset + len(data)
        return self._ctx.update(data)

    def readable(self) -> bool:
        return True

    def writable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def _at(self, offset: int) -> None:
        if self._file_pos != offset:
            self._file.seek(offset)
            self._file_pos = offset

    def read(self, size: int | None = -1) -> bytes:
        self._at(self._pos)
        data = self._file.read(-1 if size is None else size)
        plain = self._crypt(self._pos, data)
        self._pos += len(data)
        self._file_pos = self._pos
        return plain

    def readinto(self, buffer: WriteableBuffer) -> int:
        view = memoryview(buffer).cast("B")
        data = self.read(len(view))
        view[: len(data)] = data
        return len(data)

    def write(self, data: ReadableBuffer) -> int:
        raw = bytes(data)
        self._at(self._pos)
        self._file.write(self._crypt(self._pos, raw))
        self._pos += len(raw)
        self._file_pos = self._pos
        return len(raw)

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        if whence == os.SEEK_CUR:
            offset += self._pos
        elif whence == os.SEEK_END:
            offset += self.size()
        if offset < 0:
            raise ValueError("negative seek position")
        self._pos = offset
        return offset

    def tell(self) -> int:
        return self._pos

    def size(self) -> int:
        self._file_pos = self._file.seek(0, os.SEEK_END)
        return self._file_pos

    def flush(self) -> None:
        if not self.closed:
            self._file.flush()

    def close(self) -> None:
        super().close()
        self._file.close()
        self._key = b""


# Folders of a backup or restore under way (its database snapshot or checked copy),
# or of the documents an import is taking in (inside the blob store), each locked
# by its process while in use.
FOLDER_PREFIXES = (".backup-", ".restore-", ".incoming-")
_LOCK = "in-use.lock"
_GRACE_SECONDS = 60  # between making a folder and locking it


@contextlib.contextmanager
def working_folder(work_dir: Path, prefix: str) -> Iterator[Path]:
    """A private folder in `work_dir` for one backup or restore, removed at the end;
    another process's start-up sweep leaves it alone while this one holds it. Its
    name carries the process id, which answers for it before its lock exists and
    after a kill in the middle of its removal took the lock file first."""
    work_dir.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(dir=work_dir, prefix=f"{prefix}{os.getpid()}-"))
    try:
        with held(folder / _LOCK):
            yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def folder_in_use(folder: Path) -> bool:
    lock = folder / _LOCK
    if lock.exists():
        return in_use(lock)
    owner = folder.name.split("-")[1] if folder.name.count("-") >= 2 else ""
    if os.name == "posix" and owner.isdigit():
        try:
            os.kill(int(owner), 0)  # signal 0: only asks whether it is alive
        except ProcessLookupError:
            return False
        except OSError:
            return True  # alive, another user's
        return True
    # Elsewhere (Windows' os.kill would end the process): young means in the making.
    with contextlib.suppress(OSError):
        return time.time() - folder.stat().st_mtime < _GRACE_SECONDS
    return False


def sweep(work_dir: Path) -> None:
    """Remove what runs that were killed left in `work_dir`: payload files under a
    name, and the folders of backups and restores no live process holds."""
    if not work_dir.is_dir():
        return
    for entry in work_dir.iterdir():
        if entry.name.startswith(PREFIXES) and entry.is_file():
            # In use by a live process only on Windows, where the name goes and
            # its open handle keeps working.
            with contextlib.suppress(OSError):
                entry.unlink()
        elif entry.name.startswith(FOLDER_PREFIXES) and entry.is_dir() and not folder_in_use(entry):
            shutil.rmtree(entry, ignore_errors=True)
