"""uvicorn's HTTP/1.1 protocol (h11) with a time limit on each request's headers.

uvicorn bounds how big unfinished headers may grow (h11_max_incomplete_event_size)
and how long a connection may sit idle between requests (timeout_keep_alive), but
that timer stops at the first byte, and a new connection has none: a client that
sent half a request line and waited held its connection, and a file descriptor,
for ever. Here the whole request head must arrive within `header_timeout` of the
connection opening or of the previous response; the body has its own idle limit
(ServiceLimits.idle_timeout, in app.sync.service.desk).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

_TIMED_OUT = b"HTTP/1.1 408 Request Timeout\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"


class HeaderTimeoutProtocol(H11Protocol):
    header_timeout = 20.0  # seconds; a request head is a few hundred bytes
    _header_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._await_headers()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._await_headers()

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_waiting()
        super().connection_lost(exc)

    def _await_headers(self) -> None:
        self._stop_waiting()
        if not self.transport.is_closing():
            self._header_timer = self.loop.call_later(self.header_timeout, self._overdue)

    def _stop_waiting(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _overdue(self) -> None:
        self._header_timer = None
        # h11 leaves IDLE once a whole request head has arrived; a request being
        # served or a body being received is not this timer's business.
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            self.transport.write(_TIMED_OUT)
            self.transport.close()


@dataclass(frozen=True)
class TimedHTTP:
    """What uvicorn is given as its HTTP protocol (`http=`): makes the protocol with
    this header time limit. A plain picklable object rather than a class made for
    the value, because uvicorn hands its configuration to each worker process."""

    header_timeout: float

    def __call__(self, *args: Any, **kwargs: Any) -> HeaderTimeoutProtocol:
        protocol = HeaderTimeoutProtocol(*args, **kwargs)
        protocol.header_timeout = self.header_timeout
        return protocol


def with_header_timeout(seconds: float) -> TimedHTTP:
    """The protocol factory to give uvicorn (`http=`), with this header time limit."""
    return TimedHTTP(seconds)
