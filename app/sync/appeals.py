"""A station's appeals, taken at the county: only from the station whose application
it is, under the rules the counter keeps (app/appeals/rules.py). The diseases
appealed go back to pending and the application to the committee's waiting cases,
where the next meeting's agenda finds it as an appeal.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any, Protocol

from sqlalchemy.orm import Session

from app import workflow
from app.appeals.rules import appeal_problems, reopen
from app.db.models import Appeal, Application
from app.db.types import utcnow
from app.domain.catalogue import Rules
from app.domain.vocabulary import AckKind
from app.domain.workflow import State
from app.errors import PackageRefused
from app.review.duplicates import flag_for
from app.sync.manifest import Manifest
from app.sync.records import held_unchanged, refuse_broken

_ENTRY = "appeal"


class _Applier(Protocol):
    session: Session
    manifest: Manifest
    changes: Any
    rules: Rules

    def parsed(self, model: Any, table: str) -> Any: ...
    def upsert(self, model: Any, values: dict[str, Any]) -> bool: ...
    def held(self, model: Any, ident: Any) -> Any: ...
    def owe(self, kind: AckKind, ident: object, version: int) -> None: ...


def receive_appeals(applier: _Applier, ours: Callable[[uuid.UUID], bool]) -> None:
    """County: the sending station's appeals, after its applications and history
    are in (the appeal's step is then the newest). `ours`: whether an application
    is the sender's."""
    session, sender = applier.session, applier.manifest.sender
    today = utcnow().date() + timedelta(days=1)  # the station's clock may run ahead
    for n, _record, values in applier.parsed(Appeal, _ENTRY):
        held = applier.held(Appeal, values["id"])
        if held_unchanged(held, values, sender, "application_id", _ENTRY, n):
            applier.owe(AckKind.APPEAL, values["id"], values["version"])
            continue
        if not all(
            isinstance(values[key], list) and all(isinstance(v, str) for v in values[key])
            for key in ("reasons", "disease_codes")
        ):
            raise PackageRefused("package.bad_record", entry=_ENTRY, line=n)
        app = session.get(Application, values["application_id"])
        if app is None:
            # An application this county no longer holds (restored from an older
            # backup): set aside and sent again until it can be taken.
            applier.changes["unknown_application"] += 1
            continue
        if not ours(app.id):
            raise PackageRefused("package.foreign_record", entry=_ENTRY, line=n)
        # Checked as a detached row: never added, so it cannot be flushed half-checked.
        refuse_broken(
            appeal_problems(session, Appeal(**values), app, applier.rules, today), _ENTRY, n
        )
        applier.upsert(Appeal, values)
        reopen(app, values["disease_codes"])
        workflow.mirror(session, app, State.APPEALED)
        # Open again: flagged, as any open file, where another station holds the same
        # person and disease (a closed file is never flagged, so the rejection cleared it).
        app.duplicate_of = flag_for(session, app)
        applier.changes[_ENTRY] += 1
        applier.owe(AckKind.APPEAL, values["id"], values["version"])
    session.flush()
