"""What a station says one of its batches holds: the application numbers by declared
disease (the roster the domain's batch is "summarised by disease" into).

The station states it in every batch record it sends (the record's `roster` key,
beside the batch's columns); the county keeps the newest statement per batch
(BatchReport) and reconciles it with the applications it holds
(app/sync/reconciliation.py). A package from a program before the roster has no
such key and still applies: its batches are "not stated".

The roster comes from outside, so it is bounded and shape-checked before anything
is stored: a malformed one refuses its package, as any malformed record does.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import Application, ApplicationDisease
from app.domain.workflow import State

ROSTER_KEY = "roster"
# A station's quarter is hundreds of files, a few thousand at the largest: these
# bounds are far above that and far below what would hurt to hold or store.
MAX_DISEASES = 64
MAX_NUMBERS = 20_000
_CODE = re.compile(r"^[A-Za-z0-9_]{1,16}$")  # a disease code, as the catalogue's column
_NUMBER_MAX = 40  # as Application.number


def station_roster(session: Session, batch_id: uuid.UUID) -> dict[str, list[str]]:
    """Station: the batch's applications by declared disease, numbers sorted."""
    rows = session.execute(
        select(ApplicationDisease.disease_code, Application.number)
        .join(Application, Application.id == ApplicationDisease.application_id)
        .where(Application.batch_id == batch_id, Application.state != State.DRAFT.value)
        .order_by(ApplicationDisease.disease_code, Application.number)
    ).all()
    roster: dict[str, list[str]] = {}
    for code, number in rows:
        roster.setdefault(code, []).append(number)
    return roster


def parse_roster(value: Any, station: str) -> dict[str, list[str]]:
    """County: the roster a record states, checked; ValueError names what is wrong.

    Every number must be one of the sending station's (its numbers begin with its
    code), listed once per disease."""
    if not isinstance(value, dict):
        raise ValueError("roster is not a mapping")
    if len(value) > MAX_DISEASES:
        raise ValueError("roster lists too many diseases")
    roster: dict[str, list[str]] = {}
    total = 0
    prefix = f"{station}-"
    for code, numbers in value.items():
        if not isinstance(code, str) or not _CODE.match(code):
            raise ValueError("roster has a malformed disease code")
        if not isinstance(numbers, list):
            raise ValueError(f"roster {code} is not a list")
        total += len(numbers)
        if total > MAX_NUMBERS:
            raise ValueError("roster lists too many applications")
        for number in numbers:
            if (
                not isinstance(number, str)
                or len(number) > _NUMBER_MAX
                or not number.startswith(prefix)
                or not number.isprintable()
            ):
                raise ValueError(f"roster {code} has a number that is not the station's")
        if len(set(numbers)) != len(numbers):
            raise ValueError(f"roster {code} lists a number twice")
        roster[code] = sorted(numbers)
    return roster
