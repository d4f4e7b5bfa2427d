"""The county's sync service run as `ncms serve` runs it: one uvicorn configuration,
for the command (in this process, or in worker processes that each build the app
from `app.cli.serve_workers`) and for a service in a thread of this process (the
training county, which the training window talks to on a loopback port, and the
tests)."""

from __future__ import annotations

import contextlib
import socket
import threading
import time

import uvicorn
from starlette.types import ASGIApp
from uvicorn.config import STARTUP_FAILURE
from uvicorn.supervisors import Multiprocess

from app.sync.service.desk import CountyDesk
from app.sync.service.http import create_app
from app.sync.service.protocol import with_header_timeout

_START_SECONDS = 10.0
_WORKER_HEALTHCHECK_SECONDS = 60


def server_config(
    app: ASGIApp | str,
    header_timeout: float,
    tls: tuple[str, str] | None = None,
    workers: int = 1,
    **placement: object,
) -> uvicorn.Config:
    """uvicorn as the service runs it: the header time limit, our own event log
    instead of uvicorn's (no paths with ids, no addresses), a short graceful stop.
    `app` is the app itself, or for several `workers` the import string of the
    factory each worker process calls. `placement` is host and port for a
    listening command.

    uvicorn's defaults stay for a reverse proxy on this machine: the client's
    address and scheme come from its X-Forwarded-For and X-Forwarded-Proto when the
    request comes from 127.0.0.1 (FORWARDED_ALLOW_IPS names other proxies)."""
    return uvicorn.Config(
        app,
        factory=isinstance(app, str),
        workers=workers,
        http=with_header_timeout(header_timeout),  # type: ignore[arg-type]
        log_config=None,
        log_level="warning",
        access_log=False,
        ssl_certfile=tls[0] if tls else None,
        ssl_keyfile=tls[1] if tls else None,
        timeout_graceful_shutdown=5,
        # A worker answers uvicorn's health check only once it has imported the
        # program afresh (workers are spawned, not forked), which on a busy county
        # server takes more than uvicorn's 5 seconds: it was killed and started
        # again, for ever.
        timeout_worker_healthcheck=_WORKER_HEALTHCHECK_SECONDS,
        **placement,  # type: ignore[arg-type]
    )


def run_listening(config: uvicorn.Config) -> bool:
    """Serve on the configured host and port until stopped (Ctrl+C, SIGTERM), in
    this process or, with several workers, in worker processes sharing the socket
    as uvicorn's own `--workers` does. False if it never started serving (the port
    is taken, a worker could not open the installation)."""
    if config.workers <= 1:
        server = uvicorn.Server(config)
        # Ctrl+C: uvicorn stops gracefully, then raises the interrupt again.
        with contextlib.suppress(KeyboardInterrupt):
            server.run()
        return server.started
    try:
        listening = config.bind_socket()
    except SystemExit:  # uvicorn's word for a port it could not bind
        return False
    supervisor = Multiprocess(config, sockets=[listening])
    try:
        supervisor.run()
    finally:
        listening.close()
    return not any(worker.exitcode == STARTUP_FAILURE for worker in supervisor.processes)


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
