"""`ncms serve --workers N`: what each worker process serves.

uvicorn starts every worker as a fresh interpreter and builds its app there from an
import string, so the command hands the settings over in the environment (which
worker processes inherit) and `worker_app` opens the installation in each worker:
its own database connections, secret store and desk. What the workers must agree
on is on disk and in the database, never in one worker's memory (see
`app.sync.service.desk`).
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict, dataclass

from starlette.applications import Starlette
from uvicorn.config import STARTUP_FAILURE

from app import environment

APP = "app.cli.serve_workers:worker_app"
SETTINGS = environment.SERVE_WORKER  # JSON, set by `ncms serve` for its workers


@dataclass(frozen=True)
class WorkerSettings:
    data_dir: str
    db_url: str | None
    max_size: int
    max_per_station: int
    stale_after: float
    idle_timeout: float

    def hand_over(self) -> None:
        """Put these settings where the worker processes started next will read them."""
        environment.hand_to_workers(SETTINGS, json.dumps(asdict(self)))

    @classmethod
    def handed_over(cls) -> WorkerSettings:
        return cls(**json.loads(environment.serve_worker_settings()))


def worker_app() -> Starlette:
    """The app of one worker (uvicorn's factory). A worker that cannot open the
    installation says why in one line and exits as a startup failure, which stops
    `ncms serve` rather than starting that worker again and again."""
    from app.admin.installation import stored_secrets
    from app.db.database import open_database
    from app.errors import NcmsError
    from app.paths import DataPaths
    from app.sync.context import SyncKeys
    from app.sync.service import log
    from app.sync.service.desk import CountyDesk, ServiceLimits
    from app.sync.service.http import create_app

    log.configure()
    settings = WorkerSettings.handed_over()
    limits = ServiceLimits(
        max_size=settings.max_size,
        max_per_station=settings.max_per_station,
        stale_after=settings.stale_after,
        idle_timeout=settings.idle_timeout,
    )
    try:
        db = open_database(DataPaths.resolve(settings.data_dir), settings.db_url)
        secrets = stored_secrets(db)
        desk = CountyDesk(db, SyncKeys.load(secrets), secrets, limits)
    except NcmsError as err:
        print(f"ncms: {err}", file=sys.stderr, flush=True)
        sys.exit(STARTUP_FAILURE)
    return create_app(desk)
