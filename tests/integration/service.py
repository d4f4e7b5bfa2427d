"""The county's sync service running in this process, on a free loopback port, for
tests that talk to it over real sockets (through the faulty proxy): the program's
own BackgroundService, as the training window runs its county."""

from __future__ import annotations

from types import TracebackType

from app.sync.peers import PeerService
from app.sync.service.background import BackgroundService
from app.sync.service.desk import CountyDesk, ServiceLimits
from tests.app.sync.helpers import ADMIN, Side


def station_token(county: Side, station: str = "S001") -> str:
    return PeerService(county.db).issue_token(ADMIN, station, county.secrets)


class RunningService(BackgroundService):
    def __init__(
        self, county: Side, limits: ServiceLimits | None = None, tls: tuple[str, str] | None = None
    ) -> None:
        desk = CountyDesk(county.db, county.keys, county.secrets, limits or ServiceLimits())
        super().__init__(desk, tls)

    def __enter__(self) -> RunningService:
        self.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, err: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
