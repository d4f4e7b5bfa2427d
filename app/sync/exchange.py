"""The station's side of carrying packages, as its window does it: write one for the
drive or the network, apply the county's, and look at what went and came back.

The keys are read only when a package is made or opened, so a station that never
syncs from this PC opens without its secret store unlocked.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path

from app.db.database import Database
from app.security.actor import Actor
from app.sync.conflicts import Conflict, list_conflicts, resolve_conflict
from app.sync.context import SyncKeys
from app.sync.export import ExportResult, ExportService
from app.sync.history import (
    ApplicationSync,
    PackageRow,
    application_sync,
    package_history,
    suggested_file_name,
)
from app.sync.importing import ImportResult, ImportService
from app.sync.online.client import OnlineSync
from app.sync.online.tus import CountyLink
from app.sync.outbox import Outbox

Progress = Callable[[int, int], None]


class PackageExchange:
    def __init__(self, db: Database, keys: Callable[[], SyncKeys]) -> None:
        self.db = db
        self.keys = keys

    # -- packages ------------------------------------------------------------------

    def next_file_name(self) -> str:
        """The name the next package will carry (NcmsError if the peer is not trusted)."""
        return suggested_file_name(self.db)

    def export(self, actor: Actor, target: Path, progress: Progress | None = None) -> ExportResult:
        return ExportService(self.db, self.keys()).export(actor, target, progress=progress)

    def import_package(
        self, actor: Actor, path: Path, progress: Progress | None = None
    ) -> ImportResult:
        return ImportService(self.db, self.keys()).import_package(actor, path, progress=progress)

    def online(self, keys: SyncKeys, link: CountyLink) -> OnlineSync:
        """A network round trip over `link` (the caller has read the keys and token)."""
        return OnlineSync(self.db, keys, link)

    @property
    def outbox(self) -> Outbox:
        """Packages made for the network that the county has not yet imported."""
        return Outbox(self.db.paths.outbox)

    # -- what went and came back ---------------------------------------------------

    def history(self) -> list[PackageRow]:
        return package_history(self.db)

    def application(self, application_id: uuid.UUID) -> ApplicationSync:
        return application_sync(self.db, application_id)

    def conflicts(self) -> list[Conflict]:
        return list_conflicts(self.db)

    def resolve_conflict(self, actor: Actor, decision_id: uuid.UUID, note: str) -> None:
        resolve_conflict(self.db, actor, decision_id, note)
