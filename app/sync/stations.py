"""The county's view of its stations: each trusted (or revoked) station, what it last
sent and when, the audit head it last reported, the packages received and refused,
its sync token, and the reconciliation of what it sent with what the county holds.
Issuing, replacing and revoking go through PeerService, whose checks they keep
(county administrators only)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import func, select

from app.db.database import Database
from app.db.models import AuditEntry, Peer, SyncAck, SyncPackage, SyncState
from app.domain.vocabulary import AckKind, Direction, InstallationRole
from app.security.actor import Actor, require_role
from app.security.secrets import SecretStore
from app.sync.peers import ADMINS, PeerInfo, PeerService
from app.sync.reconciliation import BatchReconciliation, reconcile
from app.sync.refusals import Refusal, refusal_counts, refusals


class TokenState(StrEnum):
    NONE = "none"  # trusted, no token issued (or it was adopted and lost)
    ISSUED = "issued"
    REVOKED = "revoked"  # the station is no longer trusted: no token works


@dataclass(frozen=True)
class ReceivedPackage:
    sequence: int
    created_at: datetime  # by the station
    received_at: datetime  # applied here
    file_name: str
    size: int
    counts: dict[str, int]  # records per data file
    changes: dict[str, int]  # what applying it did


@dataclass(frozen=True)
class StationOverview:
    code: str
    name: str
    added_at: datetime
    revoked_at: datetime | None
    token: TokenState
    token_issued_at: datetime | None
    last_package: ReceivedPackage | None
    last_sync_at: datetime | None
    audit_head: str  # as last reported, "" before any package
    audit_count: int | None
    received: int
    refused: int


@dataclass(frozen=True)
class StationDetail:
    overview: StationOverview
    packages: list[ReceivedPackage]  # newest first
    refused: list[Refusal]  # newest first
    batches: list[BatchReconciliation]  # newest quarter first

    @property
    def differences(self) -> int:
        """Batches whose station's statement and the county's holding disagree."""
        return sum(1 for b in self.batches if b.stated is not None and not b.agrees)


def may_manage(actor: Actor) -> bool:
    """Whether `actor` may issue tokens and revoke stations (PeerService checks it)."""
    return actor.role in ADMINS


def _received(package: SyncPackage) -> ReceivedPackage:
    return ReceivedPackage(
        package.sequence,
        package.created_at,
        package.recorded_at,
        package.file_name,
        package.size,
        {k: v for k, v in package.counts.items() if v},
        dict(package.summary.get("changes", {})),
    )


class StationService:
    def __init__(self, db: Database, secrets: Callable[[], SecretStore]) -> None:
        self.db = db
        self.secrets = secrets

    def overview(self) -> list[StationOverview]:
        """Every station the county has trusted, by code."""
        refused = refusal_counts(self.db)
        with self.db.reader() as session:
            peers = session.scalars(
                select(Peer).where(Peer.role == InstallationRole.STATION).order_by(Peer.code)
            ).all()
            received = dict(
                session.execute(
                    select(SyncPackage.peer_code, func.count())
                    .where(SyncPackage.direction == Direction.IN)
                    .group_by(SyncPackage.peer_code)
                ).all()
            )
            states = {s.peer_code: s for s in session.scalars(select(SyncState))}
            issued = dict(
                session.execute(
                    select(AuditEntry.entity_id, func.max(AuditEntry.at))
                    .where(AuditEntry.action == "peer.token_issued")
                    .group_by(AuditEntry.entity_id)
                ).all()
            )
            return [self._overview(session, p, received, states, issued, refused) for p in peers]

    def _overview(
        self,
        session: Any,
        peer: Peer,
        received: dict[str, int],
        states: dict[str, SyncState],
        issued: dict[str, datetime],
        refused: dict[str, int],
    ) -> StationOverview:
        # The newest by the station's own numbering: packages may arrive out of order.
        last = session.scalars(
            select(SyncPackage)
            .where(SyncPackage.peer_code == peer.code, SyncPackage.direction == Direction.IN)
            .order_by(SyncPackage.sequence.desc(), SyncPackage.recorded_at.desc())
            .limit(1)
        ).first()
        head = (
            None
            if last is None
            else session.execute(
                select(SyncAck.record_id, SyncAck.version).where(
                    SyncAck.package_id == last.id, SyncAck.kind == AckKind.AUDIT_HEAD
                )
            ).first()
        )
        if peer.revoked_at is not None:
            token = TokenState.REVOKED
        else:
            token = TokenState.ISSUED if peer.sync_token_sha256 else TokenState.NONE
        state = states.get(peer.code)
        return StationOverview(
            peer.code,
            peer.name,
            peer.added_at,
            peer.revoked_at,
            token,
            issued.get(peer.code) if token == TokenState.ISSUED else None,
            None if last is None else _received(last),
            None if state is None else state.last_sync_at,
            "" if head is None else head[0],
            None if head is None else head[1],
            received.get(peer.code, 0),
            refused.get(peer.code, 0),
        )

    def detail(self, code: str, limit: int = 200) -> StationDetail | None:
        """One station's packages, refusals and batches (None: not a station here)."""
        overview = next((s for s in self.overview() if s.code == code), None)
        if overview is None:
            return None
        with self.db.reader() as session:
            packages = [
                _received(p)
                for p in session.scalars(
                    select(SyncPackage)
                    .where(SyncPackage.peer_code == code, SyncPackage.direction == Direction.IN)
                    .order_by(SyncPackage.recorded_at.desc())
                    .limit(limit)
                )
            ]
            batches = reconcile(session, code)
        return StationDetail(overview, packages, refusals(self.db, code, limit), batches)

    def refused_unknown(self, limit: int = 200) -> list[Refusal]:
        """Refused packages whose sender is not known (forged, damaged, not a package)."""
        return [r for r in refusals(self.db, None, limit) if r.peer_code is None]

    # -- tokens and trust ----------------------------------------------------------

    def issue_token(self, actor: Actor, code: str) -> str:
        """A new token for the station, to be shown once; an earlier one stops working."""
        # Asked before the secret store is opened: a reviewer's click unlocks nothing.
        require_role(actor, ADMINS, "peers.token")
        return PeerService(self.db).issue_token(actor, code, self.secrets())

    def revoke(self, actor: Actor, code: str) -> PeerInfo:
        """The station is no longer trusted: its packages are refused, its token dies."""
        return PeerService(self.db).revoke(actor, code)
