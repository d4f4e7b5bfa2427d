"""Reading large files at the speed of the slower of the disk and the hashing, not
their sum: a thread reads a few megabytes ahead while the caller works on what it
has (both release the GIL while they run)."""

from __future__ import annotations

import contextlib
import os
import queue
import threading
from collections.abc import Generator
from pathlib import Path
from typing import Protocol

CHUNK = 4 << 20
_AHEAD = 4  # chunks read and waiting: 16 MB at most
_PATIENCE = 0.1  # seconds between looks at whether the reader is still wanted


class Hasher(Protocol):
    def update(self, data: bytes, /) -> None: ...


def read_ahead(
    path: Path, chunk: int = CHUNK, hasher: Hasher | None = None
) -> Generator[bytes, None, None]:
    """The file's bytes, a chunk at a time; an error opening or reading it is raised
    here, as itself. Leaving the loop early stops the reader. `hasher` is given each
    chunk in the reader's thread, before the chunk is handed over: once the loop
    has ended, it has seen the whole file."""
    waiting: queue.Queue[bytes | BaseException | None] = queue.Queue(_AHEAD)
    stop = threading.Event()

    def hand_over(item: bytes | BaseException | None) -> bool:
        while not stop.is_set():
            with contextlib.suppress(queue.Full):
                waiting.put(item, timeout=_PATIENCE)
                return True
        return False

    def read() -> None:
        try:
            with path.open("rb", buffering=0) as handle:
                advise = getattr(os, "posix_fadvise", None)
                if advise is not None:  # a larger read-ahead window in the kernel too
                    with contextlib.suppress(OSError):
                        advise(handle.fileno(), 0, 0, os.POSIX_FADV_SEQUENTIAL)
                while data := handle.read(chunk):
                    if hasher is not None:
                        hasher.update(data)
                    if not hand_over(data):
                        return
            hand_over(None)
        except BaseException as err:  # raised in the caller's thread
            hand_over(err)

    reader = threading.Thread(target=read, name="read-ahead", daemon=True)
    reader.start()
    try:
        while (item := waiting.get()) is not None:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        reader.join()
