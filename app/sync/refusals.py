"""The packages this installation refused: who sent them (when known), when, which
file and why, for the county's Stations page.

The reason is kept as its catalogue key and values, not as text, so it reads in the
language of whoever looks later. Its values come from a package that was refused,
which is to say from anyone: they are cut to a few short texts, numbers and the
catalogue keys of nested problems before they are stored. The log keeps the newest
`KEPT` refusals, so a flood of bad packages cannot fill the disk.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.exc import SQLAlchemyError

from app.db.database import Database
from app.db.models import Peer, RefusedPackage
from app.errors import NcmsError, Problem
from app.i18n import Term, t

KEPT = 1000
_PARAMS = 8
_TEXT = 120
_NAME = 255
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Refusal:
    refused_at: datetime
    peer_code: str | None
    file_name: str
    key: str  # the reason's catalogue key (package.tampered …)
    reason: str  # the reason as a sentence, in the language in force


def _stored(value: Any, depth: int = 0) -> Any:
    """A value of a refusal's message, as JSON that cannot grow without bound."""
    if isinstance(value, bool | int | float):
        return value
    if isinstance(value, Term):
        return {"term": value.key[:64]}
    if isinstance(value, Problem) and depth == 0:
        return {
            "problem": value.key[:64],
            "params": _stored_params(value.params, depth + 1),
        }
    return str(value)[:_TEXT]


def _stored_params(params: dict[str, Any], depth: int = 0) -> dict[str, Any]:
    return {str(k)[:32]: _stored(v, depth) for k, v in list(params.items())[:_PARAMS]}


def _shown(value: Any) -> Any:
    if isinstance(value, dict) and "term" in value:
        return Term(str(value["term"]))
    if isinstance(value, dict) and "problem" in value:
        params = value.get("params")
        return t(str(value["problem"]), **{k: _shown(v) for k, v in dict(params or {}).items()})
    return value


def reason_text(key: str, params: dict[str, Any]) -> str:
    """A stored reason as its sentence; a value it lacks does not stop it reading."""
    try:
        return t(key, **{k: _shown(v) for k, v in params.items()})
    except (KeyError, IndexError, ValueError):
        return t(key)


def record_refusal(db: Database, error: NcmsError, file_name: str, peer_code: str | None) -> None:
    """Log one refusal in its own transaction. It must never hide the refusal
    itself: a database that cannot take the row (the one the import failed on,
    perhaps) leaves the log without it, and the caller raises the refusal."""
    try:
        with db.session() as session:
            known = peer_code is not None and session.get(Peer, peer_code) is not None
            session.add(
                RefusedPackage(
                    peer_code=peer_code if known else None,
                    file_name=file_name[:_NAME],
                    reason_key=error.key[:64],
                    reason_params=_stored_params(error.params),
                )
            )
            session.flush()
            count = session.scalar(select(func.count()).select_from(RefusedPackage)) or 0
            if count > KEPT:
                oldest = (
                    select(RefusedPackage.id)
                    .order_by(RefusedPackage.refused_at)
                    .limit(count - KEPT)
                    .scalar_subquery()
                )
                session.execute(delete(RefusedPackage).where(RefusedPackage.id.in_(oldest)))
    except SQLAlchemyError:
        log.warning("a refused package could not be logged", exc_info=True)


def refusals(db: Database, peer_code: str | None = None, limit: int = 200) -> list[Refusal]:
    """The newest refusals first, of one peer or of all."""
    query = select(RefusedPackage).order_by(RefusedPackage.refused_at.desc()).limit(limit)
    if peer_code is not None:
        query = query.where(RefusedPackage.peer_code == peer_code)
    with db.reader() as session:
        return [
            Refusal(
                r.refused_at,
                r.peer_code,
                r.file_name,
                r.reason_key,
                reason_text(r.reason_key, dict(r.reason_params or {})),
            )
            for r in session.scalars(query)
        ]


def refusal_counts(db: Database) -> dict[str, int]:
    """Peer code → how many of its packages were refused (of those kept)."""
    with db.reader() as session:
        rows = session.execute(
            select(RefusedPackage.peer_code, func.count())
            .where(RefusedPackage.peer_code.is_not(None))
            .group_by(RefusedPackage.peer_code)
        ).all()
    return {code: n for code, n in rows if code is not None}
