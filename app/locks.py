"""File locks that hold across threads and processes (each holder opens the file
itself) and go away when the holder dies: `ncms serve` workers, the window and a
scheduled CLI task may all work on one data directory at once."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO


def _lock(handle: BinaryIO, wait: bool) -> bool:
    if sys.platform == "win32":
        import msvcrt

        handle.seek(0)
        try:
            # LK_LOCK retries for ten seconds; LK_NBLCK tries once.
            msvcrt.locking(handle.fileno(), msvcrt.LK_LOCK if wait else msvcrt.LK_NBLCK, 1)
        except OSError:
            if wait:
                raise
            return False
        return True
    import fcntl

    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    except BlockingIOError:
        return False
    return True


def _unlock(handle: BinaryIO) -> None:
    if sys.platform == "win32":
        import msvcrt

        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


@contextmanager
def held(path: Path) -> Iterator[None]:
    """An exclusive lock on `path`, waited for, released when the block ends."""
    with path.open("a+b") as handle:
        _lock(handle, wait=True)
        try:
            yield
        finally:
            _unlock(handle)


def in_use(path: Path) -> bool:
    """Whether a live process holds the lock on `path` (tried, never waited for)."""
    try:
        with path.open("a+b") as handle:
            if not _lock(handle, wait=False):
                return True
            _unlock(handle)
    except OSError:
        return False
    return False


class FileLock:
    """The lock of `held`, taken without waiting, for callers that must not block
    (the sync service's event loop tries again after a short sleep)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._handle: BinaryIO | None = None

    def try_acquire(self) -> bool:
        """Take the lock if no one holds it; True if this holder now has it."""
        if self._handle is not None:
            raise RuntimeError(f"{self.path} is already held by this holder")
        handle = self.path.open("a+b")
        try:
            taken = _lock(handle, wait=False)
        except BaseException:
            handle.close()
            raise
        if not taken:
            handle.close()
            return False
        self._handle = handle
        return True

    def release(self) -> None:
        handle, self._handle = self._handle, None
        if handle is not None:
            try:
                _unlock(handle)
            finally:
                handle.close()
