"""Users, the audit chain and sync bookkeeping."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db.models.base import Base
from app.db.types import utcnow


class User(Base):
    __tablename__ = "app_user"  # "user" is reserved on PostgreSQL

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(100), default="")
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(200))
    failed_attempts: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None]
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]


class AuditEntry(Base):
    """One link of the audit chain.

    `hash` = SHA-256(prev_hash + canonical JSON of the entry's content). `seq` only
    orders rows for reading; it is not hashed, so renumbering rows to reorder them
    shows up as a broken link, not as an edit.
    """

    __tablename__ = "audit_entry"

    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    id: Mapped[uuid.UUID] = mapped_column(unique=True, default=uuid.uuid4)
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(40))
    entity_type: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(64))
    before: Mapped[dict[str, Any] | None]
    after: Mapped[dict[str, Any] | None]
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)


class SyncState(Base):
    """What has gone to and come from one peer (the county, or one station)."""

    __tablename__ = "sync_state"

    peer_code: Mapped[str] = mapped_column(String(20), primary_key=True)
    last_sent_sequence: Mapped[int] = mapped_column(default=0)
    last_received_sequence: Mapped[int] = mapped_column(default=0)
    acknowledged_audit_head: Mapped[str] = mapped_column(String(64), default="")
    last_sync_at: Mapped[datetime | None]


class SyncPackage(Base):
    """A package this installation wrote or applied: the history the Batches & sync
    page shows, and the record that makes a second import of a package a no-op."""

    __tablename__ = "sync_package"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)  # the manifest's package UUID
    direction: Mapped[str] = mapped_column(String(3))  # out | in
    peer_code: Mapped[str] = mapped_column(String(20), index=True)
    sequence: Mapped[int]
    created_at: Mapped[datetime]
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    file_name: Mapped[str] = mapped_column(String(255), default="")
    size: Mapped[int] = mapped_column(default=0)
    sha256: Mapped[str] = mapped_column(String(64), default="")
    # Records per data file, and what applying it did (applied, unchanged, conflicts,
    # acknowledgements) so a person can see what each package carried.
    counts: Mapped[dict[str, Any]] = mapped_column(default=dict)
    summary: Mapped[dict[str, Any]] = mapped_column(default=dict)


class SyncAck(Base):
    """One acknowledgement owed for a package applied here: it tells the other side
    we hold record `record_id` at `version`. Kept in rows rather than in the
    package's summary so that importing a large package, and the export that
    later sends these, stream them instead of holding them all in memory."""

    __tablename__ = "sync_ack"

    package_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("sync_package.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(primary_key=True)  # order within the package
    kind: Mapped[str] = mapped_column(String(24))  # an AckKind (it says why "kind")
    record_id: Mapped[str] = mapped_column(String(64))  # a UUID, or an audit hash
    version: Mapped[int]


class RefusedPackage(Base):
    """A package this installation refused, kept so that a person can see which
    station's packages do not arrive and why: nothing of the package is kept, only
    who it came from (when known), its file's name and the reason's catalogue key
    with its values, so that the reason reads in the language of whoever looks."""

    __tablename__ = "refused_package"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    # The uploading station (the sync service knows it), else the sender the
    # package's manifest names when that is a known peer; None when neither.
    peer_code: Mapped[str | None] = mapped_column(String(20), index=True)
    refused_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    file_name: Mapped[str] = mapped_column(String(255), default="")
    reason_key: Mapped[str] = mapped_column(String(64))
    reason_params: Mapped[dict[str, Any]] = mapped_column(default=dict)
