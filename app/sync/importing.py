"""Applying a sync package (`ncms import`): every check first, then one transaction.

A refused package leaves the database and the blob store exactly as they were; a
package applied before is recognised and changes nothing; an older package whose
every record is already superseded changes nothing either, and both say so.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy.exc import IntegrityError

from app import scratch
from app.db.database import Database
from app.db.models import SyncPackage
from app.db.types import utcnow
from app.domain.vocabulary import Direction, ImportStatus, InstallationRole
from app.domain.workflow import Role
from app.errors import PackageRefused
from app.security import audit
from app.security.actor import Actor, require_role
from app.sync.apply import Applier, CountyApplier, StationApplier
from app.sync.context import SYNC_LOCK, SyncKeys, sender_key_lookup
from app.sync.manifest import Manifest
from app.sync.opening import open_package
from app.sync.package import Progress
from app.sync.refusals import record_refusal

IMPORTERS = (Role.CLERK, Role.STATION_HEAD, Role.COUNTY_ADMIN, Role.COUNTY_REVIEWER, Role.ADMIN)


@dataclass(frozen=True)
class ImportResult:
    package_id: uuid.UUID
    sender: str
    sequence: int
    status: ImportStatus  # applied, already or stale; never refused or pending
    changes: dict[str, int] = field(default_factory=dict)
    applied_at: datetime | None = None


def _table_of(err: IntegrityError) -> str:
    statement = str(err.statement or "").split()
    for word in ("INTO", "UPDATE"):
        if word in statement and statement.index(word) + 1 < len(statement):
            return statement[statement.index(word) + 1].strip('"')
    return "?"


class _NothingNewer(Exception):
    """Rolls back the transaction of an older package that changed nothing."""


class ImportService:
    def __init__(self, db: Database, keys: SyncKeys) -> None:
        self.db = db
        self.keys = keys

    def import_package(
        self,
        actor: Actor,
        path: Path,
        progress: Progress | None = None,
        file_name: str | None = None,
        sender: str | None = None,
    ) -> ImportResult:
        """Apply the package at `path` (`file_name`: the name to record, when the
        file on disk is an upload's part file; `sender`: the only sender accepted,
        when the sync service already knows which station uploaded it)."""
        require_role(actor, IMPORTERS, "sync.import")
        claimed: list[str] = []  # the sender its manifest names, once it was read
        try:
            return self._import(path, actor, progress, file_name, sender, claimed)
        except PackageRefused as err:
            # Kept for the Stations page; the sender only as far as it is known.
            record_refusal(
                self.db, err, file_name or path.name, sender or next(iter(claimed), None)
            )
            raise
        finally:
            scratch.sweep(self.db.paths.work)
            scratch.sweep(self.db.blobs.root)

    def _import(
        self,
        path: Path,
        actor: Actor,
        progress: Progress | None,
        file_name: str | None,
        sender: str | None,
        claimed: list[str],
    ) -> ImportResult:
        me = self.db.installation()
        check_sender = sender_key_lookup(self.db, me, sender)

        def lookup(manifest: Manifest) -> bytes:
            claimed.append(manifest.sender)
            key: bytes = check_sender(manifest)
            return key

        opened = open_package(
            path,
            [self.keys.age_identity],
            self.db.paths.work,
            self.db.blobs,
            lookup,
            me.code,
            progress=progress or (lambda done, total: None),
        )
        # Checked (decrypted, hashed) in parallel, applied one at a time among every
        # process on this database (the sync service's workers, the window, `ncms
        # import`): two imports of one package would both find it new, and the second
        # would be refused as clashing.
        with opened, self.db.exclusive(SYNC_LOCK):
            manifest = opened.manifest
            with self.db.reader() as session:
                earlier = session.get(SyncPackage, manifest.package_id)
            if earlier is not None:
                return ImportResult(
                    manifest.package_id,
                    manifest.sender,
                    manifest.sequence,
                    ImportStatus.ALREADY,
                    dict(earlier.summary.get("changes", {})),
                    earlier.recorded_at,
                )
            applier: Applier | None = None
            try:
                with self.db.session() as session:
                    # First, so the acknowledgements the apply stores can refer to it.
                    record = SyncPackage(
                        id=manifest.package_id,
                        direction=Direction.IN,
                        peer_code=manifest.sender,
                        sequence=manifest.sequence,
                        created_at=manifest.created_at,
                        file_name=file_name or path.name,
                        size=opened.file_size,
                        sha256=opened.sha256,
                        counts=manifest.counts,
                        summary={},
                    )
                    session.add(record)
                    session.flush()
                    kind = CountyApplier if me.role == InstallationRole.COUNTY else StationApplier
                    applier = kind(self.db, session, opened)
                    # Flushes happen where each table is done, not before every lookup.
                    with session.no_autoflush:
                        applier.apply()
                    applier.store_owed()
                    opened.settle()  # the documents taken in, durable before the rows
                    state = applier.sync_state()
                    changed = sum(applier.changes.values())
                    if not changed and manifest.sequence <= state.last_received_sequence:
                        raise _NothingNewer
                    state.last_received_sequence = max(
                        state.last_received_sequence or 0, manifest.sequence
                    )
                    state.last_sync_at = utcnow()
                    changes = dict(applier.changes)
                    record.summary = {"changes": changes}
                    audit.record(
                        session,
                        actor,
                        "package.import",
                        "sync_package",
                        manifest.package_id,
                        after={"from": manifest.sender, "sequence": manifest.sequence, **changes},
                    )
            except _NothingNewer:
                self._take_back(applier)
                return ImportResult(
                    manifest.package_id, manifest.sender, manifest.sequence, ImportStatus.STALE
                )
            except IntegrityError as err:
                # Signed and whole, yet it does not fit here (a code this catalogue
                # lacks, a record clashing with one held): refused, nothing applied.
                self._take_back(applier)
                raise PackageRefused("package.inconsistent", table=_table_of(err)) from None
            except BaseException:
                self._take_back(applier)
                raise
        return ImportResult(
            manifest.package_id, manifest.sender, manifest.sequence, ImportStatus.APPLIED, changes
        )

    def _take_back(self, applier: Applier | None) -> None:
        """Blobs this import added belong to a transaction that did not commit."""
        if applier is not None:
            for digest in applier.added_blobs:
                self.db.blobs.remove(digest)
