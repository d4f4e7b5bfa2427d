"""What the county's sync service does, without HTTP: knows which station is asking,
keeps partial uploads, imports whole ones exactly as `ncms import` does, and builds
each station's decision package.

Imports and exports run one at a time (both move the sync sequence numbers) in
worker threads; the HTTP layer (`app.sync.service.http`) only moves bytes.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.db.database import Database
from app.domain.vocabulary import ImportStatus, InstallationRole
from app.domain.workflow import Role
from app.errors import NcmsError
from app.security import sync_tokens
from app.security.actor import Actor
from app.security.secrets import SecretStore
from app.sync.context import SyncKeys
from app.sync.export import ExportService
from app.sync.importing import ImportService
from app.sync.naming import package_file_name
from app.sync.peers import PeerService
from app.sync.service.log import event
from app.sync.service.uploads import UploadStore

# The service acts for the county; its audit entries say so.
SERVICE_ACTOR = Actor(username="service:sync", role=Role.COUNTY_ADMIN)
_TOKEN_REREAD_SECONDS = 2.0


@dataclass(frozen=True)
class ServiceLimits:
    max_size: int = 4 * 1024**3  # a quarter's scans at a big station stay well under
    max_per_station: int = 2
    stale_after: float = 7 * 24 * 3600.0  # a station offline for a week still resumes
    idle_timeout: float = 60.0  # a request body that stops this long is cut off
    header_timeout: float = 20.0  # a request's headers must all arrive within this
    disk_reserve: int = 1024**3  # free space kept for the database when taking uploads
    auth_failures: int = 20  # bad tokens from one address within auth_window, then 429
    auth_window: float = 60.0


@dataclass(frozen=True)
class DecisionPackage:
    path: Path
    size: int
    sha256: str
    sequence: int
    built_at_audit: int  # the county's audit count when built: unchanged means still current


class CountyDesk:
    def __init__(
        self,
        db: Database,
        keys: SyncKeys,
        secrets: SecretStore,
        limits: ServiceLimits,
        after_import: Callable[[], None] | None = None,
    ) -> None:
        """`after_import` runs after each package is imported, before the station is
        told so (the training county's committee decides there, so that the answer
        the station fetches next holds its decisions)."""
        if db.installation().role != InstallationRole.COUNTY:
            raise NcmsError("serve.county_only")
        self.db = db
        self.keys = keys
        self.secrets = secrets
        self.limits = limits
        self.after_import = after_import
        self.code = db.installation().code
        self.uploads = UploadStore(
            db.paths.uploads, limits.max_size, limits.max_per_station, limits.disk_reserve
        )
        self.served = db.paths.served
        self.served.mkdir(parents=True, exist_ok=True)
        self._work = threading.Lock()  # one import or export at a time
        self._tokens: dict[str, str] = {}  # station code → digest of its token
        self._tokens_read_at = 0.0
        self._tokens_lock = threading.Lock()
        self._decisions: dict[str, DecisionPackage] = {}
        adopted = PeerService(db).adopt_stored_tokens(SERVICE_ACTOR, secrets)
        if adopted:
            event("tokens.digested", stations=len(adopted))
        self.reload_tokens()

    # -- who is asking -------------------------------------------------------------

    def reload_tokens(self) -> None:
        """Read the stations' token digests again (one small query)."""
        digests = PeerService(self.db).token_digests()
        with self._tokens_lock:
            self._tokens, self._tokens_read_at = digests, time.monotonic()

    def station_for(self, authorization: str | None) -> str | None:
        """The trusted station presenting `Authorization: Bearer <token>`, or None.
        Memory only: a hash and a comparison per station, cheap enough for the
        event loop; `refresh_tokens` is what reads the database."""
        if not authorization or not authorization.startswith("Bearer "):
            return None
        with self._tokens_lock:
            tokens = self._tokens
        return sync_tokens.match(authorization[len("Bearer ") :], tokens)

    def refresh_tokens(self) -> bool:
        """After an unknown token: read the digests again unless they were read in
        the last two seconds, so that a token issued (or a station revoked) while
        the service runs is seen soon, and a flood of bad tokens costs one query
        every two seconds. True if they were read. Blocks: call from a thread."""
        with self._tokens_lock:
            due = time.monotonic() - self._tokens_read_at > _TOKEN_REREAD_SECONDS
            if due:
                # Claimed now: concurrent callers do not all query the database.
                self._tokens_read_at = time.monotonic()
        if due:
            self.reload_tokens()
        return due

    # -- uploads -------------------------------------------------------------------

    def import_upload(self, upload_id: str) -> dict[str, Any]:
        """Import a whole upload through the same service as `ncms import`, once;
        record the outcome beside the upload and return it."""
        with self._work:
            done = self.uploads.result(upload_id)
            if done is not None:
                return done
            info = self.uploads.info(upload_id)
            started = time.monotonic()
            try:
                imported = ImportService(self.db, self.keys).import_package(
                    SERVICE_ACTOR,
                    self.uploads.data_path(upload_id),
                    file_name=info.filename or None,
                    sender=info.station,
                )
            except NcmsError as err:
                # Refused for good (forged, damaged, not for us): the station is told why.
                result: dict[str, Any] = {
                    "status": ImportStatus.REFUSED,
                    "key": err.key,
                    "params": {k: str(v) for k, v in err.params.items()},
                }
            else:
                result = {
                    "status": imported.status,
                    "package": str(imported.package_id),
                    "sequence": imported.sequence,
                    "changes": imported.changes,
                }
                if self.after_import is not None:
                    # Also after a package already imported: what a stop left undone.
                    self.after_import()
            self.uploads.finish(upload_id, result)
        event(
            "upload.imported",
            station=info.station,
            upload=upload_id,
            bytes=info.length,
            seconds=round(time.monotonic() - started, 2),
            status=result["status"],
            refusal=result.get("key"),
            changes=result.get("changes"),
        )
        return result

    def sweep(self) -> None:
        """Import whole uploads a stop left behind; remove stale ones."""
        for info in self.uploads.waiting_import():
            self.import_upload(info.id)
        for upload_id in self.uploads.expire(self.limits.stale_after):
            event("upload.expired", upload=upload_id)

    # -- decisions -----------------------------------------------------------------

    def decisions_for(self, station: str) -> DecisionPackage:
        """The station's decision package: everything it has not acknowledged.

        Built again only when something at the county changed since the last one
        (its audit count moved), so a station that retries a broken download gets
        the same file, and can resume it.
        """
        with self._work:
            current = self._decisions.get(station)
            audit_count = self.db.installation().audit_count
            if (
                current is not None
                and current.built_at_audit == audit_count
                and current.path.exists()
            ):
                return current
            target = self.served / package_file_name(self.code, station)
            result = ExportService(self.db, self.keys).export(SERVICE_ACTOR, target, station)
            package = DecisionPackage(
                target,
                result.size,
                result.sha256,
                result.sequence,
                self.db.installation().audit_count,
            )
            self._decisions[station] = package
        event(
            "decisions.built",
            station=station,
            sequence=package.sequence,
            bytes=package.size,
            counts=result.counts,
        )
        return package
