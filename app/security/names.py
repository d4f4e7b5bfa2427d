"""The names people read for the accounts that did something (history, paper)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import User
from app.security.actor import readable_name


def display_names(session: Session, accounts: Iterable[tuple[str, str]]) -> dict[str, str]:
    """For each (username, role): the user's display name here, else a readable label.

    Resolved when read, not stored with each step, so rows written before display
    names existed, and a name corrected later, show the name the station uses now.
    """
    wanted = dict(accounts)
    known = dict(
        session.execute(
            select(User.username, User.display_name).where(User.username.in_(list(wanted)))
        ).all()
    )
    return {
        username: (known.get(username) or "").strip() or readable_name(username, role)
        for username, role in wanted.items()
    }
