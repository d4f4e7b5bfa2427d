"""The county's sync service run as `ncms serve` runs it: one uvicorn configuration,
for the command and for a service in a thread of this process (the training county,
which the training window talks to on a loopback port, and the tests)."""

from __future__ import annotations

import socket
import threading
import time

import uvicorn
from starlette.types import ASGIApp

from app.sync.service.desk import CountyDesk
from app.sync.service.http import create_app
from app.sync.service.protocol import with_header_timeout

_START_SECONDS = 10.0


def server_config(
    app: ASGIApp,
    header_timeout: float,
    tls: tuple[str, str] | None = None,
    **placement: object,
) -> uvicorn.Config:
    """uvicorn as the service runs it: the header time limit, our own event log
    instead of uvicorn's (no paths with ids, no addresses), a short graceful stop.
    `placement` is host and port for a listening command."""
    return uvicorn.Config(
        app,
        http=with_header_timeout(header_timeout),
        log_config=None,
        log_level="warning",
        access_log=False,
        ssl_certfile=tls[0] if tls else None,
        ssl_keyfile=tls[1] if tls else None,
        timeout_graceful_shutdown=5,
        **placement,  # type: ignore[arg-type]
    )


class BackgroundService:
    """`desk` served on a free loopback port by a thread of this process until
    `stop`. The socket is bound before the thread starts, so `url` is right at once."""

    def __init__(self, desk: CountyDesk, tls: tuple[str, str] | None = None) -> None:
        self.desk = desk
        self._socket = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._socket.getsockname()[1]
        self.scheme = "https" if tls else "http"
        config = server_config(create_app(desk), desk.limits.header_timeout, tls)
        self.server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self.server.run,
            kwargs={"sockets": [self._socket]},
            name="county-sync-service",
            daemon=True,  # never keeps a closing window alive
        )

    @property
    def url(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}"

    def start(self) -> BackgroundService:
        self._thread.start()
        deadline = time.monotonic() + _START_SECONDS
        while not self.server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("the sync service did not start")
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        if self._thread.is_alive():
            self._thread.join(timeout=15)
        self._socket.close()
