"""What the Batches & sync page shows: packages sent and received, and where one
application stands with the county."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from app.db.database import Database
from app.db.models import Application, Decision, SyncPackage
from app.db.types import utcnow
from app.domain.vocabulary import Direction
from app.sync.context import export_peer, next_sequence
from app.sync.naming import package_file_name


@dataclass(frozen=True)
class PackageRow:
    direction: str  # out | in
    peer: str
    sequence: int
    recorded_at: datetime
    file_name: str
    size: int
    counts: dict[str, int]
    changes: dict[str, int]  # received: what applying it did
    acknowledged_at: str | None  # sent: when the other side confirmed it


def package_history(db: Database, limit: int = 500) -> list[PackageRow]:
    with db.reader() as session:
        packages = session.scalars(
            select(SyncPackage).order_by(SyncPackage.recorded_at.desc()).limit(limit)
        ).all()
        return [
            PackageRow(
                p.direction,
                p.peer_code,
                p.sequence,
                p.recorded_at,
                p.file_name,
                p.size,
                {k: v for k, v in p.counts.items() if v},
                dict(p.summary.get("changes", {})),
                p.summary.get("acknowledged_at"),
            )
            for p in packages
        ]


@dataclass(frozen=True)
class ApplicationSync:
    sent_in: int | None  # sequence of the last package that carried it
    sent_at: datetime | None
    acknowledged: bool  # the county holds the current version
    # disease, outcome, conflict, judged an earlier version than the one here
    decisions: list[tuple[str, str, bool, bool]]


def application_sync(db: Database, application_id: uuid.UUID) -> ApplicationSync:
    key = str(application_id)
    with db.reader() as session:
        app = session.get(Application, application_id)
        if app is None:
            return ApplicationSync(None, None, False, [])
        sent = None
        for package in session.scalars(
            select(SyncPackage)
            .where(SyncPackage.direction == Direction.OUT)
            .order_by(SyncPackage.recorded_at.desc())
        ):
            if key in package.summary.get("sent", []):
                sent = package
                break
        decisions = [
            (d.disease_code, d.outcome, d.conflict, d.application_version < app.version)
            for d in session.scalars(
                select(Decision)
                .where(Decision.application_id == application_id)
                .order_by(Decision.decided_on, Decision.disease_code)
            )
        ]
        return ApplicationSync(
            sent.sequence if sent else None,
            sent.recorded_at if sent else None,
            app.acked_version >= app.version and app.acked_version > 0,
            decisions,
        )


def suggested_file_name(db: Database, station: str | None = None) -> str:
    """The next package's name: its sequence number and today's date after the route
    (`station`: at the county, the station it is for)."""
    me, peer = export_peer(db, station)
    with db.reader() as session:
        sequence = next_sequence(session, peer.code)
    return package_file_name(me.code, peer.code, f"{sequence:04d}", f"{utcnow():%Y%m%d}")
