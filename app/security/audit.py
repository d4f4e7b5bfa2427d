"""The audit chain: every change appends an entry hashed together with the
previous entry's hash, so editing, deleting, inserting or reordering entries
breaks the chain where it happened.

The chain's head (last hash and count) is kept on the installation row and
travels in every sync package; the county's acknowledgement brings it back, so
a rewrite of the whole chain is still caught against the county's copy.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import AuditEntry, Installation
from app.db.types import utcnow
from app.security.actor import Actor

GENESIS = "0" * 64


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def content_of(
    entry_id: uuid.UUID,
    at: datetime,
    actor: str,
    action: str,
    entity_type: str,
    entity_id: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> dict[str, Any]:
    return {
        "id": str(entry_id),
        "at": at.isoformat(timespec="microseconds"),
        "actor": actor,
        "action": action,
        "entity_type": entity_type,
        "entity_id": entity_id,
        "before": before,
        "after": after,
    }


def chain_hash(prev_hash: str, content: dict[str, Any]) -> str:
    return hashlib.sha256((prev_hash + _canonical(content)).encode("utf-8")).hexdigest()


def _jsonable(data: dict[str, Any] | None) -> dict[str, Any] | None:
    # Round-trip through JSON so what is hashed is exactly what the JSON column
    # gives back later (dates and UUIDs become strings).
    return None if data is None else json.loads(_canonical(data))


def record(
    session: Session,
    actor: Actor,
    action: str,
    entity_type: str,
    entity_id: object,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry in the caller's transaction (committed with the change)."""
    installation = session.execute(select(Installation).with_for_update()).scalar_one()
    entry_id = uuid.uuid4()
    at = utcnow()
    before_j, after_j = _jsonable(before), _jsonable(after)
    prev = installation.audit_head or GENESIS
    content = content_of(
        entry_id, at, actor.username, action, entity_type, str(entity_id), before_j, after_j
    )
    entry = AuditEntry(
        id=entry_id,
        at=at,
        actor=actor.username,
        action=action,
        entity_type=entity_type,
        entity_id=str(entity_id),
        before=before_j,
        after=after_j,
        prev_hash=prev,
        hash=chain_hash(prev, content),
    )
    session.add(entry)
    installation.audit_head = entry.hash
    installation.audit_count += 1
    return entry


@dataclass(frozen=True)
class ChainFinding:
    seq: int | None
    kind: str  # edited | deleted | inserted | reordered | truncated
    detail: str


def verify_chain(entries: list[AuditEntry], head: str, count: int) -> list[ChainFinding]:
    """Check entries (in `seq` order) against each other and the recorded head."""
    findings: list[ChainFinding] = []
    position = {e.hash: i for i, e in enumerate(entries)}
    expected = GENESIS
    for i, entry in enumerate(entries):
        content = content_of(
            entry.id,
            entry.at,
            entry.actor,
            entry.action,
            entry.entity_type,
            entry.entity_id,
            entry.before,
            entry.after,
        )
        if chain_hash(entry.prev_hash, content) != entry.hash:
            findings.append(
                ChainFinding(
                    entry.seq, "edited", f"entry {entry.seq} was changed after it was written"
                )
            )
        if entry.prev_hash != expected:
            findings.append(_classify_break(entries, i, position))
        expected = entry.hash
    if entries and (entries[-1].hash != head or len(entries) != count):
        findings.append(
            ChainFinding(
                entries[-1].seq,
                "truncated",
                f"the chain should hold {count} entries ending in {head[:12]}…, "
                f"it holds {len(entries)} ending at entry {entries[-1].seq}",
            )
        )
    elif not entries and count:
        findings.append(ChainFinding(None, "truncated", f"all {count} entries are gone"))
    return findings


def _classify_break(entries: list[AuditEntry], i: int, position: dict[str, int]) -> ChainFinding:
    entry = entries[i]
    linked = position.get(entry.prev_hash)
    if linked is not None and linked > i:
        return ChainFinding(
            entry.seq,
            "reordered",
            f"entry {entry.seq} is out of order: it follows entry {entries[linked].seq}",
        )
    if linked is not None and linked < i - 1:
        intruders = ", ".join(str(e.seq) for e in entries[linked + 1 : i])
        return ChainFinding(
            entries[linked + 1].seq,
            "inserted",
            f"entries {intruders} were inserted before entry {entry.seq}",
        )
    if entry.prev_hash == GENESIS and i > 0:
        return ChainFinding(
            entry.seq, "reordered", f"entry {entry.seq} is the chain's first entry but is not first"
        )
    after = entries[i - 1].seq if i else None
    where = f"between entries {after} and {entry.seq}" if after else f"before entry {entry.seq}"
    return ChainFinding(entry.seq, "deleted", f"an entry was deleted {where}")
