"""The county's sync service running in this process, on a free loopback port, for
tests that talk to it over real sockets (through the faulty proxy)."""

from __future__ import annotations

import socket
import threading
import time
from types import TracebackType

import uvicorn

from app.sync.peers import PeerService
from app.sync.service.desk import CountyDesk, ServiceLimits
from app.sync.service.http import create_app
from app.sync.service.protocol import with_header_timeout
from tests.app.sync.helpers import ADMIN, Side


def station_token(county: Side, station: str = "S001") -> str:
    return PeerService(county.db).issue_token(ADMIN, station, county.secrets)


class RunningService:
    def __init__(
        self, county: Side, limits: ServiceLimits | None = None, tls: tuple[str, str] | None = None
    ) -> None:
        limits = limits or ServiceLimits()
        self.desk = CountyDesk(county.db, county.keys, county.secrets, limits)
        self._socket = socket.create_server(("127.0.0.1", 0))
        self.port = self._socket.getsockname()[1]
        self.scheme = "https" if tls else "http"
        config = uvicorn.Config(
            create_app(self.desk),
            http=with_header_timeout(limits.header_timeout),  # as `ncms serve` runs it
            log_config=None,
            log_level="warning",
            access_log=False,
            ssl_certfile=tls[0] if tls else None,
            ssl_keyfile=tls[1] if tls else None,
        )
        self.server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self._socket]}, daemon=True
        )

    @property
    def url(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}"

    def __enter__(self) -> RunningService:
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            assert time.monotonic() < deadline, "the service did not start"
            time.sleep(0.02)
        return self

    def __exit__(
        self, kind: type[BaseException] | None, err: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.server.should_exit = True
        self._thread.join(timeout=15)
        self._socket.close()
