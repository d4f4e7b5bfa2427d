"""One writer per upload, across every worker of the service, and a request body
read as it arrives.

A station whose link broke comes back (HEAD, then PATCH) while the old request may
still be writing what reached the county before the break, or may hang on a dead
link, in this worker or another one. The newcomer waits a moment for the first, so
that every byte that arrived is counted, then asks it to stop.

Both live in the upload's folder, so they hold whichever worker process a request
lands in: the writer's lock is a file lock (`app.locks`), and the request to stop is
a file whose content a newcomer changes and the holder watches.
"""

from __future__ import annotations

import asyncio
import contextlib
import secrets
from collections.abc import AsyncIterator, Callable
from pathlib import Path

from starlette.requests import Request

from app.locks import FileLock

_LOCK = "writer.lock"
_TAKEOVER = "takeover"


def _mark(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return b""


class Writers:
    """Per upload: a lock held by the request writing it, and a way to ask that
    request to stop."""

    GRACE = 1.0  # seconds: draining what arrived takes milliseconds; a dead link, forever
    RETRY = 0.02  # seconds between tries for a lock another request holds
    WATCH = 0.1  # how often a holder looks whether a newer request asked it to stop

    def __init__(self, folder: Callable[[str], Path]) -> None:
        """`folder` gives an upload's folder from its id."""
        self._folder = folder

    @contextlib.asynccontextmanager
    async def exclusive(self, upload_id: str) -> AsyncIterator[asyncio.Event]:
        """Hold the upload alone; yields the event that asks *this* holder to stop."""
        folder = self._folder(upload_id)
        lock, takeover = FileLock(folder / _LOCK), folder / _TAKEOVER
        loop = asyncio.get_running_loop()
        ask_at = loop.time() + self.GRACE
        while not lock.try_acquire():
            if loop.time() >= ask_at:
                # Asked again each grace period: a holder that took the lock after
                # the first request began its own watch after it.
                takeover.write_text(secrets.token_hex(8), "ascii")
                ask_at = loop.time() + self.GRACE
            await asyncio.sleep(self.RETRY)
        try:
            stop = asyncio.Event()
            watcher = asyncio.ensure_future(self._watch(takeover, _mark(takeover), stop))
            try:
                yield stop
            finally:
                watcher.cancel()
        finally:
            lock.release()

    async def _watch(self, takeover: Path, seen: bytes, stop: asyncio.Event) -> None:
        while _mark(takeover) == seen:
            await asyncio.sleep(self.WATCH)
        stop.set()


async def body_chunks(request: Request, stop: asyncio.Event, idle: float) -> AsyncIterator[bytes]:
    """The request body as it arrives, until it ends, the client goes, nothing comes
    for `idle` seconds, or a newer request for the same upload takes over."""
    stopped = asyncio.ensure_future(stop.wait())
    try:
        while True:
            receiving = asyncio.ensure_future(request.receive())
            done, _ = await asyncio.wait(
                {receiving, stopped}, timeout=idle, return_when=asyncio.FIRST_COMPLETED
            )
            if stopped in done or receiving not in done:
                receiving.cancel()  # taken over, or silent too long
                return
            message = receiving.result()
            if message["type"] != "http.request":
                return  # the client went away
            chunk = message.get("body", b"")
            if chunk:
                yield chunk
            if not message.get("more_body", False):
                return
    finally:
        stopped.cancel()
