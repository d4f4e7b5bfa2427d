"""The administrator's password that commands changing who may do what ask for.

Creating users, trusting or revoking peers, issuing or storing sync tokens and
restoring a backup act under an administrator account, not under whoever can run
the program: its password comes from NCMS_ADMIN_PASSWORD (account NCMS_ADMIN_USER,
default `admin`) or, at a terminal, a prompt.
"""

from __future__ import annotations

import getpass
import os
import sys

from app.admin.users import UserService
from app.db.database import Database
from app.errors import AuthenticationFailed, Problem, ValidationError
from app.security.actor import Actor

DEFAULT_ADMIN = "admin"


def admin_actor(db: Database) -> Actor:
    """The confirmed administrator, or an error that changed nothing but the audit."""
    name = os.environ.get("NCMS_ADMIN_USER") or DEFAULT_ADMIN
    password = os.environ.get("NCMS_ADMIN_PASSWORD")
    if not password:
        if not sys.stdin.isatty():
            raise ValidationError([Problem("admin_password", "cli.admin_password_needed")])
        password = getpass.getpass(f"Password of administrator {name}: ")
    try:
        return UserService(db).confirm_admin(name, password)
    except AuthenticationFailed as err:
        if err.key != "auth.failed":
            raise  # locked: that message already says until when
        raise AuthenticationFailed("cli.admin_failed", user=name) from None
