"""Who is doing something, and the permission check every service makes."""

from __future__ import annotations

import getpass
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from app.domain.workflow import Role
from app.errors import PermissionDenied
from app.i18n import Term, catalogue


@dataclass(frozen=True)
class Actor:
    username: str
    role: Role
    user_id: uuid.UUID | None = None
    display_name: str = ""  # what the window and paper show (王会计), never the login

    @property
    def name(self) -> str:
        """The name a person reads: the display name, else a label for the account."""
        return self.display_name or readable_name(self.username, self.role.value)

    @classmethod
    def command_line(cls, role: Role = Role.ADMIN) -> Actor:
        """The operator of a routine command (init, export, import, demo …).

        Whoever can run the CLI on the data directory already holds the database
        file and the secret store, so routine commands act as administrator; the
        audit entry names the operating-system account that ran it. Commands that
        change who may do what (users, peers, tokens, restore) act instead as an
        administrator who gave a password (app/cli/common.py).
        """
        try:
            who = getpass.getuser()
        except (KeyError, OSError):
            who = "unknown"
        return cls(username=f"cli:{who}", role=role)

    @classmethod
    def system(cls, what: str) -> Actor:
        return cls(username=f"system:{what}", role=Role.SYSTEM)


def readable_name(username: str, role: str = "") -> str:
    """A label for an account with no display name: rows written before display
    names, the command line's operator and the sync import show a word, not a login."""
    if username.startswith("cli:"):
        return str(Term("actor.command_line"))
    if username.startswith("system:"):
        return str(Term("actor.system"))
    if role in {r.value for r in Role}:
        # Someone of the other side (a county reviewer at a station): their role.
        return str(Term(f"role.{role}"))
    return username


def require_role(actor: Actor, roles: Iterable[Role], action: str) -> None:
    allowed = set(roles)
    if actor.role not in allowed:
        raise PermissionDenied(
            "permission.denied",
            user=actor.username,
            role=Term(f"role.{actor.role.value}"),
            # Said in words ("close a public notice"); a code without words as it is.
            action=Term(f"action.{action}") if f"action.{action}" in catalogue("en") else action,
        )
