"""Accounts, logins and the lockout after repeated failures."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.database import Database
from app.db.models import User
from app.db.types import utcnow
from app.domain.vocabulary import InstallationRole
from app.domain.workflow import COUNTY_ROLES, STATION_ROLES, USER_ROLES, Role
from app.errors import (
    AuthenticationFailed,
    NcmsError,
    NotFound,
    PermissionDenied,
    Problem,
    ValidationError,
)
from app.i18n import Term
from app.security import audit
from app.security.actor import Actor, require_role
from app.security.passwords import check_strength, hash_password, needs_rehash, verify_password

MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)
_USERNAME = re.compile(r"^[a-z][a-z0-9_.-]{1,31}$")


@dataclass(frozen=True)
class UserInfo:
    username: str
    display_name: str
    role: str
    active: bool
    locked_until: datetime | None
    last_login_at: datetime | None


def _info(user: User) -> UserInfo:
    return UserInfo(
        user.username,
        user.display_name,
        user.role,
        user.active,
        user.locked_until,
        user.last_login_at,
    )


class UserService:
    def __init__(self, db: Database) -> None:
        self.db = db

    def add(
        self, actor: Actor, username: str, role: str, password: str, display_name: str = ""
    ) -> UserInfo:
        require_role(actor, {Role.ADMIN, Role.COUNTY_ADMIN}, "users.add")
        username = username.strip().lower()
        problems = []
        if not _USERNAME.match(username):
            problems.append(Problem("username", "user.bad_name", {"name": username}))
        problems.extend(self._role_problems(role, actor))
        try:
            check_strength(password)
        except ValidationError as err:
            problems.extend(err.problems)
        with self.db.session() as session:
            if session.scalar(select(User.id).where(User.username == username)):
                problems.append(Problem("username", "user.exists", {"name": username}))
            if problems:
                raise ValidationError(problems)
            user = User(
                username=username,
                role=role,
                display_name=display_name or username,
                password_hash=hash_password(password),
            )
            session.add(user)
            session.flush()
            audit.record(
                session,
                actor,
                "user.create",
                "user",
                user.id,
                after={"username": username, "role": role},
            )
            return _info(user)

    def _role_problems(self, role: str, actor: Actor) -> list[Problem]:
        if role == Role.ADMIN and actor.role != Role.ADMIN:
            # Only an administrator makes another: a county admin runs the center's
            # desks, not the installation (keys, peers, restore).
            return [Problem("role", "user.admin_only_by_admin", {"role": role})]
        side = self.db.installation().role
        allowed = (STATION_ROLES if side == InstallationRole.STATION else COUNTY_ROLES) | {
            Role.ADMIN
        }
        if role in {r.value for r in USER_ROLES} and Role(role) in allowed:
            return []
        return [
            Problem("role", "user.bad_role", {"role": role, "allowed": ", ".join(sorted(allowed))})
        ]

    def set_role(self, actor: Actor, username: str, role: str) -> UserInfo:
        require_role(actor, {Role.ADMIN, Role.COUNTY_ADMIN}, "users.role")
        problems = self._role_problems(role, actor)
        if problems:
            raise ValidationError(problems)
        with self.db.session() as session:
            user = session.scalar(select(User).where(User.username == username.strip().lower()))
            if user is None:
                raise NotFound("user.unknown", name=username)
            if user.role == Role.ADMIN and role != Role.ADMIN and user.active:
                admins = select(func.count()).where(User.role == Role.ADMIN, User.active)
                if (session.scalar(admins.select_from(User)) or 0) <= 1:
                    # Nobody could then add users, trust peers or restore.
                    raise NcmsError("user.last_admin", name=user.username)
            _change(session, actor, user, "role", role)
            return _info(user)

    def set_display_name(self, actor: Actor, username: str, display_name: str) -> UserInfo:
        """The name history, the status bar and paper show (王会计); the login stays."""
        require_role(actor, {Role.ADMIN, Role.COUNTY_ADMIN}, "users.display_name")
        name = display_name.strip()
        if not name:
            raise ValidationError([Problem("display_name", "user.display_name_empty")])
        with self.db.session() as session:
            user = session.scalar(select(User).where(User.username == username.strip().lower()))
            if user is None:
                raise NotFound("user.unknown", name=username)
            _change(session, actor, user, "display_name", name)
            return _info(user)

    def list(self) -> list[UserInfo]:
        with self.db.reader() as session:
            return [_info(u) for u in session.scalars(select(User).order_by(User.username))]

    def authenticate(
        self,
        username: str,
        password: str,
        now: datetime | None = None,
        *,
        login: bool = True,
    ) -> Actor:
        """Check a login. Five failures in a row lock the account for 15 minutes.

        An unknown name and a wrong password get the same message, so the login
        box does not tell which accounts exist. With `login=False` (a password
        confirming one command) a success is not recorded as a login: the
        command's own entries name the user. Failures count either way.
        """
        now = now or utcnow()
        with self.db.session() as session:
            user = session.scalar(select(User).where(User.username == username.strip().lower()))
            if user is None or not user.active:
                raise AuthenticationFailed("auth.failed")
            if user.locked_until is not None and user.locked_until > now:
                raise AuthenticationFailed("auth.locked", until=_clock(user.locked_until))
            if verify_password(user.password_hash, password):
                user.failed_attempts = 0
                user.locked_until = None
                if needs_rehash(user.password_hash):
                    user.password_hash = hash_password(password)
                actor = Actor(user.username, Role(user.role), user.id, user.display_name)
                if login:
                    user.last_login_at = now
                    audit.record(session, actor, "user.login", "user", user.id)
                return actor
            # Counted in its own committed transaction, then refused.
            failure = self._record_failure(session, user, now)
        raise failure

    def confirm_admin(self, username: str, password: str) -> Actor:
        """The administrator `username` with `password`, for one command-line
        operation that changes who may do what (users, peers, tokens, restore).

        A wrong password is refused and counted like a failed login; a correct
        password of an account that is not an administrator is refused and audited.
        """
        actor = self.authenticate(username, password, login=False)
        if actor.role is not Role.ADMIN:
            with self.db.session() as session:
                audit.record(session, actor, "user.admin_refused", "user", actor.user_id)
            raise PermissionDenied(
                "cli.admin_only", user=actor.username, role=Term(f"role.{actor.role.value}")
            )
        return actor

    def _record_failure(self, session: Session, user: User, now: datetime) -> AuthenticationFailed:
        user.failed_attempts += 1
        locked = user.failed_attempts >= MAX_FAILED_LOGINS
        if locked:
            user.locked_until = now + LOCKOUT
            user.failed_attempts = 0
        audit.record(
            session,
            Actor(user.username, Role(user.role), user.id),
            "user.locked" if locked else "user.login_failed",
            "user",
            user.id,
        )
        if locked:
            return AuthenticationFailed("auth.locked", until=_clock(now + LOCKOUT))
        return AuthenticationFailed("auth.failed")


def _clock(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def _change(session: Session, actor: Actor, user: User, field: str, value: str) -> None:
    """Set one field of an account and audit it as `user.<field>`, if it changes."""
    before = getattr(user, field)
    if before != value:
        setattr(user, field, value)
        audit.record(
            session, actor, f"user.{field}", "user", user.id,
            before={field: before}, after={field: value},
        )  # fmt: skip
