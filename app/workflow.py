"""Every change of an application's state, made one way, with its history.

Which moves exist and who may make them is app.domain.workflow's: pure rules, no
session. This module applies them to rows inside the caller's transaction: it sets
the state, bumps the version when the owner moved the application, and writes the history
row and, where the move is a person's or the export's, the audit entry. It sits at
the top of app/ rather than in one capability because all of them move
applications: the counter and the examination, the batch, the county review, the
export and the import. No other module assigns `Application.state` (a test scans
app/ for it).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.models import Application, StateChange
from app.db.types import utcnow
from app.domain.workflow import STATION_ROLES, Role, State, check_transition
from app.errors import IllegalTransition
from app.security import audit
from app.security.actor import Actor

IMPORT = Actor.system("import")


def step_time(session: Session, application_id: uuid.UUID) -> datetime:
    """Now, but never before the step it follows: history rows come from PCs whose
    clocks differ, and the newest row must stay the one that names the state."""
    latest = session.scalar(
        select(func.max(StateChange.at)).where(StateChange.application_id == application_id)
    )
    now = utcnow()
    return now if latest is None or latest < now else latest + timedelta(milliseconds=1)


def start(session: Session, actor: Actor, **columns: Any) -> Application:
    """A new application at the counter: in draft, with the step that opens its history."""
    app = Application(
        state=State.DRAFT.value, created_by=actor.username, updated_by=actor.username, **columns
    )
    session.add(app)
    session.flush()  # the row the step points at, with its id and first version
    _step(session, app, actor, None, State.DRAFT, at=utcnow())
    return app


def move(
    session: Session,
    app: Application,
    actor: Actor,
    target: State,
    reasons: Sequence[str] = (),
    missing: Sequence[dict[str, str]] = (),
) -> None:
    """Move `app` as `actor`: checked (IllegalTransition), recorded, audited."""
    source = State(app.state)
    check_transition(source, target, actor.role)
    app.state = target.value
    # The version counts the owner's changes: an application belongs to its
    # station, so only station staff make a new version. The county's steps and
    # the sync import's mirror of them do not, and a decision can name the exact
    # station version it judged on both sides.
    if actor.role in STATION_ROLES:
        app.version += 1
    app.updated_by = actor.username
    _step(session, app, actor, source.value, target, reasons, missing)
    audit.record(
        session,
        actor,
        "application.state",
        "application",
        app.id,
        before={"state": source.value},
        after={"state": target.value, "reasons": list(reasons)},
    )


# -- the import ----------------------------------------------------------------------
# Its steps record on one side what happened on the other, so they change neither the
# version nor who last edited the application, and a move SYSTEM may not make is skipped
# (reported by the caller), never an error: packages arrive in any order.


def arrive(session: Session, **columns: Any) -> Application:
    """A station's application the county does not hold yet: it enters received.
    Its step is written by `county_receipt` once the station's own history is in."""
    app = Application(**columns, state=State.COUNTY_RECEIVED.value)
    session.add(app)
    return app


def county_receipt(session: Session, app: Application, sent_in: str | None = None) -> bool:
    """The county's receipt of a station's application, written after the station's own
    history so that it is the newest row; not yet acknowledged, as it goes down to
    the station. Not audited: the package's import is.

    `sent_in`: for an application that has just arrived, the state the station sent it in,
    recorded as where it came from and not checked, since that state was only ever
    the station's. None: an application held here that the station amended, received again
    where SYSTEM may move it (the supplement the committee asked for); False, with
    nothing changed, where it may not.
    """
    if sent_in is None:
        sent_in = app.state
        if not _may(State(sent_in), State.COUNTY_RECEIVED):
            return False
        app.state = State.COUNTY_RECEIVED.value
    _step(session, app, IMPORT, sent_in, State.COUNTY_RECEIVED)
    return True


def mirror(session: Session, app: Application, target: State) -> bool:
    """The state the other side reports: at a station, the county's; at the county,
    a station's appeal. False, with nothing changed, where SYSTEM may not move there.
    The step is born acknowledged, as the other side holds the one it mirrors."""
    source = app.state
    if not _may(State(source), target):
        return False
    app.state = target.value
    _step(session, app, IMPORT, source, target, acked=True)
    audit.record(
        session,
        IMPORT,
        "application.state",
        "application",
        app.id,
        before={"state": source},
        after={"state": target.value},
    )
    return True


def _may(source: State, target: State) -> bool:
    try:
        check_transition(source, target, Role.SYSTEM)
    except IllegalTransition:
        return False
    return True


def _step(
    session: Session,
    app: Application,
    actor: Actor,
    source: str | None,
    target: State,
    reasons: Sequence[str] = (),
    missing: Sequence[dict[str, str]] = (),
    *,
    acked: bool = False,
    at: datetime | None = None,
) -> None:
    session.add(
        StateChange(
            application_id=app.id,
            at=at or step_time(session, app.id),
            actor=actor.username,
            actor_role=actor.role.value,
            from_state=source,
            to_state=target.value,
            reasons=list(reasons),
            missing_items=list(missing),
            application_version=app.version,
            acked=acked,
        )
    )
