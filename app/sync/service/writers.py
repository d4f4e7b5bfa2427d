"""One writer per upload, and a request body read as it arrives.

A station whose link broke comes back (HEAD, then PATCH) while the old request may
still be writing what reached the county before the break, or may hang on a dead
link. The newcomer waits a moment for the first, so that every byte that arrived
is counted, then asks it to stop.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

from starlette.requests import Request


class Writers:
    """Per upload: a lock held by the request writing it, and a way to ask that
    request to stop."""

    GRACE = 1.0  # seconds: draining what arrived takes milliseconds; a dead link, forever

    def __init__(self) -> None:
        self.locks: dict[str, asyncio.Lock] = {}
        self.stops: dict[str, asyncio.Event] = {}

    @contextlib.asynccontextmanager
    async def exclusive(self, upload_id: str) -> AsyncIterator[asyncio.Event]:
        """Hold the upload alone; yields the event that asks *this* holder to stop."""
        lock = self.locks.setdefault(upload_id, asyncio.Lock())
        try:
            await asyncio.wait_for(lock.acquire(), self.GRACE)
        except TimeoutError:
            previous = self.stops.get(upload_id)
            if previous is not None:
                previous.set()
            await lock.acquire()
        stop = asyncio.Event()
        self.stops[upload_id] = stop
        try:
            yield stop
        finally:
            if self.stops.get(upload_id) is stop:
                del self.stops[upload_id]
            lock.release()


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
