"""The station's side of carrying packages, as its window does it: write one for the
drive or the network, sync with the county online, apply the county's, and look at
what went and came back.

The keys and the sync token are read only when a package is made or opened or a sync
starts, so a station that never syncs from this PC opens without its secret store
unlocked.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.db.database import Database
from app.security import sync_tokens
from app.security.actor import Actor
from app.security.secrets import SecretStore
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
from app.sync.online.client import OnlineSync, Report, SyncOutcome
from app.sync.online.tus import CountyLink, LinkPolicy
from app.sync.outbox import Outbox
from app.sync.peers import PeerService

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class OnlineRound:
    """One network sync with the county, its token and keys already read: `run` opens
    the link and does the round trip, off the GUI thread (`cancelled` stops it)."""

    db: Database
    keys: SyncKeys
    url: str
    token: str
    policy: LinkPolicy
    ca_file: Path | None
    cancelled: threading.Event

    def run(self, actor: Actor, report: Report | None = None) -> SyncOutcome:
        with CountyLink(self.url, self.token, self.policy, self.ca_file, self.cancelled) as link:
            return OnlineSync(self.db, self.keys, link).run(actor, report)


class PackageExchange:
    def __init__(
        self,
        db: Database,
        secrets: Callable[[], SecretStore],
        keys: Callable[[], SyncKeys] | None = None,
    ) -> None:
        self.db = db
        self.secrets = secrets
        self.keys = keys or (lambda: SyncKeys.load(secrets()))

    # -- packages ------------------------------------------------------------------

    def next_file_name(self, station: str | None = None) -> str:
        """The name the next package will carry (NcmsError if the peer is not trusted;
        `station`: at the county, the station it is for)."""
        return suggested_file_name(self.db, station)

    def export(
        self,
        actor: Actor,
        target: Path,
        progress: Progress | None = None,
        station: str | None = None,
    ) -> ExportResult:
        return ExportService(self.db, self.keys()).export(actor, target, station, progress=progress)

    def import_package(
        self, actor: Actor, path: Path, progress: Progress | None = None
    ) -> ImportResult:
        return ImportService(self.db, self.keys()).import_package(actor, path, progress=progress)

    # -- the network ---------------------------------------------------------------

    def store_token(self, actor: Actor, typed: str) -> None:
        """Station administrator: keep the token the county issued (as typed)."""
        PeerService(self.db).store_county_token(actor, typed, self.secrets())

    def online(
        self,
        url: str,
        policy: LinkPolicy,
        ca_file: Path | None = None,
        cancelled: threading.Event | None = None,
    ) -> OnlineRound:
        """A sync with the county at `url`, ready to run. The token and keys are read
        here, on the caller's thread, so a missing token (NcmsError `sync.no_token`)
        or a locked store is said before anything starts."""
        secrets = self.secrets()
        token = sync_tokens.stored(secrets)
        return OnlineRound(
            self.db, self.keys(), url, token, policy, ca_file, cancelled or threading.Event()
        )

    def county_answers(self, url: str, ca_file: Path | None = None) -> bool:
        """One quick look, without the token or retries: does the county's service
        answer at `url`? (Slow when it does not: call it off the GUI thread.)"""
        with CountyLink(url, "", ca_file=ca_file) as link:
            return link.reachable()

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
