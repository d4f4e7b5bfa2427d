"""Stations with real scanned pages, for tests that send packages over a link."""

from __future__ import annotations

import io
import random
import uuid

from PIL import Image
from sqlalchemy import func, select

from app.db.database import Database
from app.db.models import Application, Document
from app.examination.batches import BatchService
from app.sync.online.tus import LinkPolicy
from tests.app.helpers import HEAD
from tests.app.sync.helpers import accepted
from tests.conftest import TODAY

# Short timeouts and waits: the faults are injected on loopback, so seconds count.
FAST = LinkPolicy(
    connect_timeout=2.0,
    read_timeout=2.0,
    write_timeout=2.0,
    first_wait=0.05,
    longest_wait=0.5,
    give_up_after=30.0,
)


def noisy_scan(seed: int, size: tuple[int, int] = (700, 500)) -> bytes:
    """A colour 'scan' that stays large after intake's JPEG q80, as real pages do."""
    rng = random.Random(seed)
    image = Image.frombytes("RGB", size, rng.randbytes(size[0] * size[1] * 3))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def batched_with_scans(db: Database, count: int, start: int = 1) -> list[uuid.UUID]:
    ids = [accepted(db, start + i, scans=[noisy_scan(start + i)]) for i in range(count)]
    BatchService(db).make(HEAD, TODAY.replace(year=TODAY.year + 1, month=1, day=1))
    return ids


def held_once(county: Database, sent: list[uuid.UUID]) -> bool:
    """The county holds exactly the applications sent, each once, with its documents."""
    with county.reader() as session:
        ids = session.scalars(select(Application.id)).all()
        documents = session.scalar(select(func.count()).select_from(Document)) or 0
    # A photo and one scan each.
    return sorted(ids) == sorted(sent) and documents == 2 * len(sent)
