"""Blobs a killed import (or intake) wrote but whose rows never committed: `verify`
names them, `verify --repair` removes them, and never a blob anything still needs."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from app.admin import orphan_blobs
from app.admin.orphan_blobs import MIN_AGE_SECONDS, remove_orphans
from app.admin.verify import verify_installation
from app.db.database import Database
from app.db.models import Document
from tests.app.sync.helpers import accepted, png

OLD = MIN_AGE_SECONDS + 60


def _age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


def _orphan(db: Database, shade: int, age: float) -> str:
    """A blob as a killed import leaves it: stored, named by no row."""
    digest = db.blobs.put(png(shade))
    _age(db.blobs.path_for(digest), age)
    return digest


def _unfinished(db: Database, age: float) -> Path:
    """A blob write killed before its rename."""
    folder = db.blobs.root / "ab"
    folder.mkdir(parents=True, exist_ok=True)
    leftover = folder / ".tmp-k1ll3d"
    leftover.write_bytes(png(9))
    _age(leftover, age)
    return leftover


def _referenced(db: Database) -> list[str]:
    with db.reader() as session:
        return sorted(set(session.scalars(select(Document.blob_sha256))))


def test_verify_reports_blobs_no_document_points_at(db: Database) -> None:
    accepted(db, 1, scans=[png(3)])
    digests = [_orphan(db, shade, OLD) for shade in (200, 201)]
    _unfinished(db, OLD)
    size = sum(db.blobs.path_for(d).stat().st_size for d in digests)
    report = verify_installation(db)
    assert report.ok, report.problems  # disk space only: nothing is wrong
    assert report.notes == [
        f"2 blob(s) ({size / 1e6:.1f} MB) no document points at, 1 unfinished blob write(s);"
        f" `ncms verify --repair` removes those older than {MIN_AGE_SECONDS // 60} minutes"
    ]


@pytest.mark.parametrize(
    ("kind", "age", "removed"),
    [
        ("orphan", OLD, True),
        ("orphan", 30, False),  # may be a running intake's, whose row is about to commit
        ("unfinished", OLD, True),
        ("unfinished", 30, False),  # may be a write still under way
        ("referenced", OLD, False),
    ],
)
def test_repair_removes_only_old_blobs_nothing_points_at(
    db: Database, kind: str, age: float, removed: bool
) -> None:
    accepted(db, 1, scans=[png(3)])
    kept = _referenced(db)
    for digest in kept:
        _age(db.blobs.path_for(digest), OLD)
    if kind == "orphan":
        target = db.blobs.path_for(_orphan(db, 200, age))
    elif kind == "unfinished":
        target = _unfinished(db, age)
    else:
        target = db.blobs.path_for(kept[0])
    remove_orphans(db)
    assert target.exists() is not removed
    assert all(db.blobs.check(d) is None for d in kept)
    report = verify_installation(db)
    assert report.ok, report.problems
    assert bool(report.notes) is (kind != "referenced" and not removed)


def test_repair_puts_back_a_blob_a_document_came_to_name_meanwhile(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    digest = _orphan(db, 200, OLD)
    reads = iter([set(), {digest}])  # an intake of the same content commits mid-repair
    monkeypatch.setattr(orphan_blobs, "_referenced", lambda _db: next(reads))
    assert remove_orphans(db).digests == []
    assert db.blobs.check(digest) is None
