"""What export and import share: this installation's keys, the peer on the other
side, the columns that never travel, and the acknowledgements still owed."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pyrage
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.db.database import Database
from app.db.models import CatalogueVersion, Installation, Peer, SyncAck, SyncPackage, SyncState
from app.domain.vocabulary import AckKind, Direction, InstallationRole
from app.errors import NcmsError, PackageRefused, StorageError
from app.security.keys import AGE_IDENTITY, signing_key
from app.security.secrets import SecretStore
from app.sync.manifest import Manifest

# The name of `Database.exclusive` that applying a package and building the sync
# service's decision package take: both move sequence numbers and acknowledgements.
SYNC_LOCK = "sync"

# Bookkeeping of one side only: never sent, never overwritten by the other side.
LOCAL_COLUMNS: dict[str, frozenset[str]] = {
    "person": frozenset({"acked_version"}),
    "application": frozenset({"acked_version", "duplicate_of"}),
    "state_change": frozenset({"acked"}),
    "document": frozenset({"acked_version"}),
    "batch": frozenset(),
    "decision": frozenset({"acked_version", "conflict"}),
    # The county owns the number and validity; printing and handing out are the station's.
    "certificate": frozenset({"acked_version", "print_count", "last_printed_at", "handed_out_at"}),
    "certificate_event": frozenset({"acked_version"}),
    "appeal": frozenset({"acked_version"}),
}

# Columns added after packages were already out there: one from an older release
# lacks them, and they take these values.
LATER_COLUMNS: dict[str, dict[str, Any]] = {
    "person": {"psn_no": "", "insutype": "390"},
    "application": {"doctor_code": "", "renews_id": None},
    "decision": {"category": "", "exam_hospital_code": None, "exam_by": None, "appeal_by": None},
    "certificate": {"revoked_on": None, "revoked_reason": "", "replaces_id": None},
}


@dataclass(frozen=True)
class SyncKeys:
    signing: Ed25519PrivateKey
    age_identity: str

    @classmethod
    def load(cls, secrets: SecretStore) -> SyncKeys:
        age = secrets.get(AGE_IDENTITY)
        if age is None:
            raise StorageError("secrets.key_missing", key=AGE_IDENTITY)
        return cls(signing_key(secrets), age)

    @classmethod
    def generate(cls) -> SyncKeys:
        return cls(Ed25519PrivateKey.generate(), str(pyrage.x25519.Identity.generate()))


def catalogue_version(session: Session) -> str:
    current = session.scalar(select(CatalogueVersion.version).where(CatalogueVersion.current))
    return current or ""


def export_peer(db: Database, station: str | None) -> tuple[Installation, Peer]:
    """Who a package from here goes to: a station's county, or the named station."""
    me = db.installation()
    if me.role == InstallationRole.STATION:
        if station is not None:
            raise NcmsError("sync.station_exports_to_county")
        code = me.county_code
    elif station is None:
        raise NcmsError("sync.county_needs_station")
    else:
        code = station
    with db.reader() as session:
        peer = session.get(Peer, code)
    if peer is None:
        # A station's only peer is its county: say what the station is missing.
        key = "sync.no_county" if me.role == InstallationRole.STATION else "sync.no_peer"
        raise NcmsError(key, code=code)
    if peer.revoked_at is not None:
        raise NcmsError("sync.peer_revoked", code=code)
    return me, peer


def next_sequence(session: Session, peer_code: str) -> int:
    """The sequence number the next package to `peer_code` will carry."""
    state = session.get(SyncState, peer_code)
    return (state.last_sent_sequence if state else 0) + 1


def claim_sequence(db: Database, peer_code: str) -> int:
    """Take the next sequence number to `peer_code` for one package, so two exports
    running at once never carry the same one: the increment is a single UPDATE in
    its own write transaction, which SQLite (one writer) and PostgreSQL (the row's
    lock) both serialise. An export that then fails leaves a gap, which importers
    take in their stride (they keep only the highest number seen)."""
    try:
        return _claim(db, peer_code)
    except IntegrityError:
        return _claim(db, peer_code)  # another export made the row first: bump it


def _claim(db: Database, peer_code: str) -> int:
    bump = (
        update(SyncState)
        .where(SyncState.peer_code == peer_code)
        .values(last_sent_sequence=SyncState.last_sent_sequence + 1)
    )
    with db.session() as session:
        if session.execute(bump).rowcount == 0:  # type: ignore[attr-defined]
            session.add(SyncState(peer_code=peer_code, last_sent_sequence=1))
            session.flush()
            return 1
        claimed = session.scalar(
            select(SyncState.last_sent_sequence).where(SyncState.peer_code == peer_code)
        )
    assert claimed is not None
    return claimed


def sender_key_lookup(db: Database, me: Installation, expected: str | None = None) -> Any:
    """The check `open_package` runs on a manifest's sender before the signature
    (`expected`: the only sender accepted, when the channel already says who sent it)."""

    def lookup(manifest: Manifest) -> bytes:
        if manifest.sender == me.code:
            raise PackageRefused("package.from_self")
        if expected is not None and manifest.sender != expected:
            raise PackageRefused("package.not_from_uploader", sender=manifest.sender)
        with db.reader() as session:
            peer = session.get(Peer, manifest.sender)
        if peer is None or peer.role != manifest.sender_role:
            raise PackageRefused("package.unknown_sender", sender=manifest.sender)
        if peer.revoked_at is not None:
            raise PackageRefused("package.revoked_sender", sender=manifest.sender)
        return base64.b64decode(peer.signing_public_key)

    return lookup


def owed_acks(session: Session, peer_code: str) -> Iterator[tuple[str, str, int]]:
    """Acknowledgements of what we applied from `peer_code` that it has not yet
    confirmed receiving: those of packages applied after the newest package of ours
    it acknowledged, as (AckKind, id, version). Sending one twice is harmless (acks
    only ever raise versions). Streamed from the database: a large package owes many."""
    packages = session.scalars(select(SyncPackage).where(SyncPackage.peer_code == peer_code)).all()
    confirmed: datetime | None = None
    for package in packages:
        acknowledged = package.direction == Direction.OUT and package.summary.get("acknowledged_at")
        if acknowledged and (confirmed is None or package.recorded_at > confirmed):
            confirmed = package.recorded_at
    for package in sorted(packages, key=lambda p: p.recorded_at):
        if package.direction == Direction.IN and (
            confirmed is None or package.recorded_at > confirmed
        ):
            yield AckKind.PACKAGE, str(package.id), package.sequence
            rows = session.execute(
                select(SyncAck.kind, SyncAck.record_id, SyncAck.version)
                .where(SyncAck.package_id == package.id)
                .order_by(SyncAck.position)
                .execution_options(yield_per=1000)
            )
            yield from rows
