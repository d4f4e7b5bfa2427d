"""The training county on the network. While the training window is open, the
practice county's sync service runs in this process on a loopback port, and the
training station's county address points at it: F9 practises the online round trip
as the stick practises the USB one. It is the county's own service (`ncms serve`'s
desk and uvicorn configuration); only its committee is a rule (county.decide), which
decides each package's cases before the station is told the package arrived, so the
answer the station fetches next holds the decisions.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from app.admin.installation import stored_secrets
from app.db.database import Database, open_database
from app.domain.workflow import Role
from app.security.actor import Actor
from app.settings import LocalSettings
from app.sync.context import SyncKeys
from app.sync.service.background import BackgroundService
from app.sync.service.desk import CountyDesk, ServiceLimits
from app.training.county import decide
from app.training.installation import TrainingPaths


class TrainingCountyService:
    """start() serves the training county and points the station at it; stop()."""

    def __init__(self, paths: TrainingPaths, today: Callable[[], date] = date.today) -> None:
        self.paths = paths
        self.today = today
        self._db: Database | None = None
        self._service: BackgroundService | None = None

    @property
    def url(self) -> str | None:
        return self._service.url if self._service else None

    def start(self) -> str:
        db = open_database(self.paths.county)
        try:
            secrets = stored_secrets(db)
            keys = SyncKeys.load(secrets)
            office = Actor.command_line(Role.COUNTY_ADMIN)

            def committee() -> None:
                decide(db, keys, office, self.today)

            desk = CountyDesk(db, keys, secrets, ServiceLimits(), after_import=committee)
            self._service = BackgroundService(desk).start()
        except BaseException:
            db.close()
            raise
        self._db = db
        station_root = self.paths.station.root
        settings = LocalSettings.load(station_root)
        settings.sync_url = self._service.url  # a new port at each start
        settings.save(station_root)
        return self._service.url

    def stop(self) -> None:
        if self._service is not None:
            self._service.stop()
            self._service = None
        if self._db is not None:
            self._db.close()
            self._db = None
