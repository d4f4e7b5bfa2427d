"""What the county's sync service does, without HTTP: knows which station is asking,
keeps partial uploads, imports whole ones exactly as `ncms import` does, and builds
each station's decision package.

The service may run as several worker processes (`ncms serve --workers N`), each
with a desk of its own, so nothing here that must hold across them lives in this
process's memory: an upload is imported under a file lock in its folder, imports
and decision packages take the database's sync lock (`Database.exclusive`), the
decision package last built for a station is described by a file beside it, and
the stations' token digests are read again every second. Blocking work runs in
worker threads; the HTTP layer (`app.sync.service.http`) only moves bytes.
"""

from __future__ import annotations

import contextlib
import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from secrets import token_hex
from typing import Any

from app.db.database import Database
from app.domain.vocabulary import ImportStatus, InstallationRole
from app.domain.workflow import Role
from app.errors import NcmsError
from app.locks import held
from app.security import sync_tokens
from app.security.actor import Actor
from app.security.secrets import SecretStore
from app.sync.context import SYNC_LOCK, SyncKeys
from app.sync.export import ExportService
from app.sync.importing import ImportService
from app.sync.naming import SUFFIX, package_file_name
from app.sync.peers import PeerService
from app.sync.service.log import event
from app.sync.service.uploads import UploadStore

# The service acts for the county; its audit entries say so.
SERVICE_ACTOR = Actor(username="service:sync", role=Role.COUNTY_ADMIN)
# A token issued or revoked by `ncms peers token` holds in every worker this soon.
TOKEN_REREAD_SECONDS = 1.0


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
        self._tokens: dict[str, str] = {}  # station code → digest of its token
        self._tokens_read_at = 0.0
        self._tokens_lock = threading.Lock()  # between this worker's threads only
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
        """Read the digests again unless they were read in the last second: every
        second while serving, and at once after an unknown token, so that a token
        issued (or revoked) while the service runs holds soon in every worker, and
        a flood of bad tokens costs one query a second. True if they were read.
        Blocks: call from a thread."""
        with self._tokens_lock:
            due = time.monotonic() - self._tokens_read_at >= TOKEN_REREAD_SECONDS
            if due:
                # Claimed now: concurrent callers do not all query the database.
                self._tokens_read_at = time.monotonic()
        if due:
            self.reload_tokens()
        return due

    # -- uploads -------------------------------------------------------------------

    def import_upload(self, upload_id: str) -> dict[str, Any]:
        """Import a whole upload through the same service as `ncms import`, once;
        record the outcome beside the upload and return it. Whichever worker asks
        first imports; one asking meanwhile waits and answers with its outcome."""
        with held(self.uploads.folder(upload_id) / "import.lock"):
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
        the same file, and can resume it, from whichever worker it reaches. Each
        build has a name of its own (its sequence number): a worker still sending
        the one before is never handed a file that changed under it.
        """
        with self.db.exclusive(SYNC_LOCK):
            current = self._last_built(station)
            if current is not None and current.built_at_audit == self.db.installation().audit_count:
                return current
            made = time.strftime("%Y%m%d%H%M%S", time.gmtime())
            target = self.served / package_file_name(self.code, station, made, token_hex(2))
            result = ExportService(self.db, self.keys).export(SERVICE_ACTOR, target, station)
            package = DecisionPackage(
                target,
                result.size,
                result.sha256,
                result.sequence,
                self.db.installation().audit_count,
            )
            self._record_built(station, package, current)
        event(
            "decisions.built",
            station=station,
            sequence=package.sequence,
            bytes=package.size,
            counts=result.counts,
        )
        return package

    def _built_file(self, station: str) -> Path:
        return self.served / f"{package_file_name(self.code, station)}.json"

    def _last_built(self, station: str) -> DecisionPackage | None:
        try:
            raw = json.loads(self._built_file(station).read_text("utf-8"))
            package = DecisionPackage(
                self.served / str(raw["name"]),
                int(raw["size"]),
                str(raw["sha256"]),
                int(raw["sequence"]),
                int(raw["built_at_audit"]),
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return package if package.path.is_file() else None

    def _record_built(
        self, station: str, package: DecisionPackage, before: DecisionPackage | None
    ) -> None:
        """Describe the new build beside it, then remove the builds before the one it
        replaces (that one may still be on its way to the station)."""
        described = self._built_file(station)
        temporary = described.with_name(described.name + ".tmp")
        temporary.write_text(
            json.dumps(
                {
                    "name": package.path.name,
                    "size": package.size,
                    "sha256": package.sha256,
                    "sequence": package.sequence,
                    "built_at_audit": package.built_at_audit,
                }
            ),
            "utf-8",
        )
        temporary.replace(described)
        keep = {package.path.name, before.path.name if before else ""}
        prefix = re.escape(package_file_name(self.code, station).removesuffix(SUFFIX))
        # This station's builds only (and the one name earlier releases used).
        built = re.compile(rf"{prefix}(-[0-9]{{14}}-[0-9a-f]{{4}})?{re.escape(SUFFIX)}")
        for old in self.served.iterdir():
            if built.fullmatch(old.name) and old.name not in keep:
                with contextlib.suppress(OSError):  # Windows: still being sent
                    old.unlink()
