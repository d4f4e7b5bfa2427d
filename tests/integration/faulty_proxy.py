"""A TCP proxy that behaves like a poor rural link, between a client and a server on
loopback: a bandwidth cap, added latency, a connection reset every N bytes sent
upstream, and stalls (a connection that stops moving without closing).

Each direction of each connection is a delay line: a reader thread takes bytes off
the socket as they come and queues them with the time they arrived; a writer thread
sends them on no sooner than `latency` later and no faster than `bandwidth`. The
reader reads only what the line has room for, so a capped link pushes back on the
sender like a real one, and "bytes on the wire" counts bytes that crossed the link
(read by the proxy from the client), not bytes parked in the sender's socket buffer.
"""

from __future__ import annotations

import contextlib
import queue
import socket
import struct
import threading
import time
from dataclasses import dataclass
from types import TracebackType

READ = 16 * 1024  # bytes per recv: also the most a reset can catch in flight
_RESET = object()


@dataclass
class Faults:
    bandwidth: float | None = None  # bytes per second, each direction
    latency: float = 0.0  # seconds added one way
    reset_every: int | None = None  # upstream bytes (all connections) between resets
    reset_down_every: int | None = None  # the same for bytes coming back (downloads)
    stall_after: int | None = None  # upstream bytes after which one connection stalls
    stall_for: float = 0.0  # how long it stays stalled (then it is reset)
    refuse: bool = False  # the link is down: connections are closed at once


def _reset(sock: socket.socket) -> None:
    """Close with RST, as a dropped mobile link or a NAT timeout does."""
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    with contextlib.suppress(OSError):
        sock.close()


class FaultyProxy:
    def __init__(self, target_port: int, faults: Faults | None = None) -> None:
        self.target = ("127.0.0.1", target_port)
        self.faults = faults or Faults()
        self.upstream = 0  # bytes read from clients: what crossed the link
        self.downstream = 0
        self.resets = 0
        self.connections = 0
        self.stalls = 0
        self.stalled_now = 0  # connections being held right now
        self._next_reset = self.faults.reset_every
        self._next_down_reset = self.faults.reset_down_every
        self._stall_armed = self.faults.stall_after is not None
        self._lock = threading.Lock()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._closing = threading.Event()
        self._pairs: list[_Pair] = []
        self._thread = threading.Thread(target=self._accept, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> FaultyProxy:
        self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, err: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        self._closing.set()
        with contextlib.suppress(OSError):
            self._listener.close()
        with self._lock:
            pairs = list(self._pairs)
        for pair in pairs:
            pair.kill()

    # -- plumbing ------------------------------------------------------------------

    def _accept(self) -> None:
        while not self._closing.is_set():
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            if self.faults.refuse:
                _reset(client)
                continue
            try:
                server = socket.create_connection(self.target, timeout=5)
                server.settimeout(None)
            except OSError:
                _reset(client)  # the service is down: the client sees a reset
                continue
            pair = _Pair(self, client, server)
            with self._lock:
                self.connections += 1
                self._pairs.append(pair)
            for args in ((client, server, True), (server, client, False)):
                threading.Thread(target=pair.carry, args=args, daemon=True).start()

    def _count_up(self, n: int) -> tuple[int, bool]:
        """Account `n` bytes read upstream: how many of them to forward before a
        reset (all of them when none is due), and whether this connection stalls."""
        with self._lock:
            keep, stall = n, False
            if self._next_reset is not None and self.upstream + n >= self._next_reset:
                keep = self._next_reset - self.upstream
                self._next_reset += self.faults.reset_every or 0
            if self._stall_armed and self.upstream + keep >= (self.faults.stall_after or 0):
                self._stall_armed, stall = False, True
            self.upstream += keep
            return keep, stall

    def _count_down(self, n: int) -> int:
        """Account `n` bytes read downstream: how many to forward before a reset."""
        with self._lock:
            keep = n
            if self._next_down_reset is not None and self.downstream + n >= self._next_down_reset:
                keep = self._next_down_reset - self.downstream
                self._next_down_reset += self.faults.reset_down_every or 0
            self.downstream += keep
            return keep


class _Pair:
    """One client connection and its server connection."""

    def __init__(self, proxy: FaultyProxy, client: socket.socket, server: socket.socket) -> None:
        self.proxy = proxy
        self.client = client
        self.server = server
        self.dead = threading.Event()

    def kill(self) -> None:
        """The client sees a reset. The server sees its side end after whatever got
        through, as when a mobile link's NAT drops the connection and the server's
        end is closed later: bytes that crossed the link are not taken back."""
        if not self.dead.is_set():
            self.dead.set()
            _reset(self.client)
            with contextlib.suppress(OSError):
                self.server.shutdown(socket.SHUT_RDWR)
            with contextlib.suppress(OSError):
                self.server.close()

    def carry(self, source: socket.socket, sink: socket.socket, upstream: bool) -> None:
        line: queue.Queue[tuple[float, object]] = queue.Queue(maxsize=4)
        writer = threading.Thread(target=self._send, args=(line, sink, upstream), daemon=True)
        writer.start()
        try:
            while not self.dead.is_set():
                data = source.recv(READ)
                if not data:
                    line.put((time.monotonic(), b""))
                    return
                if upstream:
                    keep, stall = self.proxy._count_up(len(data))
                    if stall:
                        line.put((time.monotonic(), "stall"))
                    if keep < len(data):
                        line.put((time.monotonic(), data[:keep]))
                        line.put((time.monotonic(), _RESET))
                        return
                else:
                    keep = self.proxy._count_down(len(data))
                    if keep < len(data):
                        line.put((time.monotonic(), data[:keep]))
                        line.put((time.monotonic(), _RESET))
                        return
                line.put((time.monotonic(), data))
        except OSError:
            line.put((time.monotonic(), _RESET))

    def _send(self, line: queue.Queue[tuple[float, object]], sink: socket.socket, up: bool) -> None:
        faults = self.proxy.faults
        try:
            while True:
                arrived, item = line.get()
                if self.dead.is_set():
                    return
                due = arrived + faults.latency - time.monotonic()
                if due > 0:
                    time.sleep(due)
                if item is _RESET:
                    with self.proxy._lock:
                        self.proxy.resets += 1
                    # The bytes that crossed the link arrive before the break does
                    # (a reset straight after them would make the receiver's kernel
                    # drop them unread, which no real link does).
                    with contextlib.suppress(OSError):
                        sink.shutdown(socket.SHUT_WR)
                    self.dead.wait(0.1)
                    self.kill()
                    return
                if item == "stall":
                    with self.proxy._lock:
                        self.proxy.stalls += 1
                        self.proxy.stalled_now += 1
                    self.dead.wait(faults.stall_for)
                    with self.proxy._lock:
                        self.proxy.stalled_now -= 1
                    self.kill()
                    return
                assert isinstance(item, bytes)
                if not item:
                    with contextlib.suppress(OSError):
                        sink.shutdown(socket.SHUT_WR)
                    return
                sink.sendall(item)
                if faults.bandwidth:
                    time.sleep(len(item) / faults.bandwidth)
        except OSError:
            self.kill()
