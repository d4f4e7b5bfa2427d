"""`ncms sync` and the window's Sync button: the station's round trip with the county
over the network.

1. Packages an earlier sync left in the outbox go first, resuming their uploads.
2. The county's decisions are fetched and applied whenever something was delivered,
   so their acknowledgements keep the next package from carrying it all again.
3. Pending work is exported into a new package in the outbox and uploaded.
4. The decisions are fetched and applied.
A package leaves the outbox only when the county reports it imported. If the link
gives up, the package stays there, a complete file ready for the USB route, and the
error says where it is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from app.db.database import Database
from app.domain.vocabulary import ImportStatus
from app.errors import NcmsError
from app.security.actor import Actor, require_role
from app.sync.context import SyncKeys
from app.sync.export import EXPORTERS, ExportService
from app.sync.importing import ImportResult, ImportService
from app.sync.naming import package_file_name
from app.sync.online.tus import CountyLink, Transfer
from app.sync.outbox import Outbox, OutgoingPackage

# Stages the window names: export, upload, county, download, import.
Report = Callable[[str, Transfer | None], None]


@dataclass(frozen=True)
class Delivered:
    file: str
    size: int
    status: str  # the county's ImportStatus: applied, already or stale
    changes: dict[str, int]


@dataclass
class SyncOutcome:
    delivered: list[Delivered] = field(default_factory=list)
    decisions: list[ImportResult] = field(default_factory=list)


class PackageKept(NcmsError):
    """The sync stopped; the package is whole in the outbox, ready for a USB stick."""


class OnlineSync:
    def __init__(self, db: Database, keys: SyncKeys, link: CountyLink) -> None:
        self.db = db
        self.keys = keys
        self.link = link
        self.outbox = Outbox(db.paths.outbox)

    def run(self, actor: Actor, report: Report | None = None) -> SyncOutcome:
        # Refused before the outbox is touched: the round exports, which is not a clerk's.
        require_role(actor, EXPORTERS, "sync.online")
        tell = report or (lambda stage, transfer: None)
        outcome = SyncOutcome()
        earlier = self.outbox.entries()
        for entry in earlier:
            outcome.delivered.append(self._deliver(entry, tell))
        if earlier:
            self._fetch(actor, tell, outcome)
        tell("export", None)
        me = self.db.installation()
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        target = self.outbox.folder / package_file_name(me.code, me.county_code, stamp)
        exported = ExportService(self.db, self.keys).export(
            actor,
            target,
            progress=lambda done, total: tell("export", Transfer(done, total, 0.0, 0)),
        )
        entry = self.outbox.add(target, exported.sha256)
        outcome.delivered.append(self._deliver(entry, tell))
        self._fetch(actor, tell, outcome)
        return outcome

    def _deliver(self, entry: OutgoingPackage, tell: Report) -> Delivered:
        path = self.outbox.path_of(entry)
        try:
            url = self.link.upload(
                path,
                entry.url,
                on_url=lambda url: self.outbox.remember_url(entry.sha256, url),
                progress=lambda transfer: tell("upload", transfer),
                sha256=entry.sha256,
            )
            tell("county", None)
            result = self.link.import_result(url)
        except NcmsError as err:
            # Whatever stopped it (the link, a refused token, a full disk at the
            # county), the package is whole where it is, and the message says where.
            raise PackageKept("sync.package_kept", reason=err, path=str(path)) from None
        if result.get("status") == ImportStatus.REFUSED:
            # Set aside, not sent again: the next sync exports everything still
            # unacknowledged afresh, so a package the county refused (this station
            # not yet trusted, a code its catalogue lacked) never blocks the queue.
            kept = self.outbox.set_aside(entry.sha256)
            raise NcmsError(
                "sync.county_refused",
                reason=NcmsError(str(result.get("key")), **dict(result.get("params") or {})),
                path=str(kept),
            )
        self.outbox.delivered(entry.sha256)
        return Delivered(
            entry.file, entry.size, str(result.get("status")), dict(result.get("changes") or {})
        )

    def _fetch(self, actor: Actor, tell: Report, outcome: SyncOutcome) -> None:
        incoming: Path | None = None
        try:
            incoming = self.link.download_decisions(
                self.db.paths.work / "incoming", progress=lambda t: tell("download", t)
            )
        except NcmsError as err:
            raise NcmsError("sync.decisions_not_fetched", reason=err) from None
        try:
            tell("import", None)
            outcome.decisions.append(
                ImportService(self.db, self.keys).import_package(
                    actor,
                    incoming,
                    progress=lambda done, total: tell("import", Transfer(done, total, 0.0, 0)),
                )
            )
        finally:
            incoming.unlink(missing_ok=True)
