"""What the status bar shows: who, where, and how much waits to go to the county."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from app.db.database import Database
from app.db.models import Application, SyncState
from app.domain.workflow import State


@dataclass(frozen=True)
class StationStatus:
    code: str
    name: str
    role: str
    pending_to_sync: int
    last_sync_at: datetime | None


def station_status(db: Database) -> StationStatus:
    """Pending = what the next package will carry: applications reported in a batch and
    changed since the county last acknowledged them (the export's own rule)."""
    installation = db.installation()
    with db.reader() as session:
        pending = (
            session.scalar(
                select(func.count())
                .select_from(Application)
                .where(
                    Application.version > Application.acked_version,
                    Application.state != State.DRAFT.value,
                    Application.batch_id.is_not(None),
                )
            )
            or 0
        )
        last = session.scalar(select(func.max(SyncState.last_sync_at)))
    return StationStatus(installation.code, installation.name, installation.role, pending, last)


class StatusService:
    def __init__(self, db: Database) -> None:
        self.db = db

    def current(self) -> StationStatus:
        return station_status(self.db)
