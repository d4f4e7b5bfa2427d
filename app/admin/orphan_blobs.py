"""Blobs no document points at: what a killed import or intake leaves behind.

A blob is written before the row that names it commits (app.blobs.store), so a
process killed in between leaves a file nothing refers to. It harms nothing but
disk space; `ncms verify` reports them and `ncms verify --repair` removes them.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from app.db.database import Database
from app.db.models import Document
from app.i18n import t

# An intake (or import) writes its blob, then commits the row that names it; a
# blob younger than this may belong to one still running, and is never removed.
MIN_AGE_SECONDS = 15 * 60


@dataclass
class Orphans:
    digests: list[str] = field(default_factory=list)
    size: int = 0
    unfinished: list[Path] = field(default_factory=list)  # `.tmp-` files of killed writes

    def describe(self) -> str:
        text = t("orphans.described", count=len(self.digests), size=f"{self.size / 1e6:.1f}")
        if self.unfinished:
            text += t("orphans.unfinished", count=len(self.unfinished))
        return text

    def __bool__(self) -> bool:
        return bool(self.digests or self.unfinished)


def _referenced(db: Database) -> set[str]:
    with db.reader() as session:
        return set(session.scalars(select(Document.blob_sha256).distinct()))


def find_orphans(db: Database, older_than: float = 0.0) -> Orphans:
    """Orphans whose file was last written more than `older_than` seconds ago."""
    # The files first, then the rows: a blob and row written in between are seen
    # as a row only, never as an orphan.
    store = db.blobs
    on_disk = list(store.all_digests())
    leftovers = list(store.unfinished())
    referenced = _referenced(db)
    cutoff = time.time() - older_than
    found = Orphans()
    for digest in on_disk:
        if digest in referenced:
            continue
        try:
            stat = store.path_for(digest).stat()
        except FileNotFoundError:
            continue
        if stat.st_mtime <= cutoff:
            found.digests.append(digest)
            found.size += stat.st_size
    for path in leftovers:
        try:
            if path.stat().st_mtime <= cutoff:
                found.unfinished.append(path)
        except FileNotFoundError:
            continue
    return found


def remove_orphans(db: Database, min_age: float = MIN_AGE_SECONDS) -> Orphans:
    """Remove orphans older than `min_age` seconds; returns what was removed.

    Each is first moved aside, then the rows are read again: one that a document
    came to name meanwhile (an intake of the same content) is put back.
    """
    candidates = find_orphans(db, min_age)
    store = db.blobs
    aside: dict[str, Path] = {}
    for digest in candidates.digests:
        path = store.path_for(digest)
        moved = path.with_name(f".tmp-orphan-{path.name}")
        try:
            path.replace(moved)
        except FileNotFoundError:
            continue
        aside[digest] = moved
    referenced = _referenced(db)
    removed = Orphans(unfinished=[])
    for digest, moved in aside.items():
        if digest in referenced:
            moved.replace(store.path_for(digest))
            continue
        removed.size += moved.stat().st_size
        moved.unlink()
        removed.digests.append(digest)
    for path in candidates.unfinished:
        path.unlink(missing_ok=True)
        removed.unfinished.append(path)
    return removed
