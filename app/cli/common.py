"""What every command group shares: the installation it opens, the passwords it
asks for, the keys it syncs with, and the progress line it draws."""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import TYPE_CHECKING, TypeAlias

from app import environment
from app.admin.installation import stored_secrets
from app.admin.users import UserService
from app.db.database import Database, open_database
from app.domain.quarters import parse_quarter
from app.errors import AuthenticationFailed, Problem, ValidationError
from app.i18n import t
from app.paths import DataPaths
from app.security.actor import Actor
from app.sync.context import SyncKeys

if TYPE_CHECKING:  # argparse's class is generic only to type checkers
    Commands: TypeAlias = argparse._SubParsersAction[argparse.ArgumentParser]
    """Where a command group's `register` adds its commands."""

DEFAULT_ADMIN = "admin"


def data_paths(args: argparse.Namespace) -> DataPaths:
    return DataPaths.resolve(args.data_dir)


def db_url(args: argparse.Namespace) -> str | None:
    return environment.db_url(args.db)


@contextmanager
def opened(args: argparse.Namespace) -> Iterator[Database]:
    """The installation the options and environment name, closed afterwards."""
    db = open_database(data_paths(args), db_url(args))
    try:
        yield db
    finally:
        db.close()


def sync_keys(db: Database) -> SyncKeys:
    return SyncKeys.load(stored_secrets(db))


def quarter(label: str) -> date:
    """A --quarter option (`2026Q4`), as its first day: a malformed one is refused
    while the command line is read, as any other mistyped option is."""
    try:
        return parse_quarter(label)
    except ValidationError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def day(text: str) -> date:
    """A date option (`2026-12-03`), refused while the command line is read."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(t("cli.bad_date", text=text)) from None


def password(prompt: str) -> str:
    """A new account's password: NCMS_PASSWORD, else typed twice at a terminal."""
    env = environment.new_password()
    if env:
        return env
    if not sys.stdin.isatty():
        raise ValidationError([Problem("password", "cli.password_needed")])
    first = getpass.getpass(f"{prompt}: ")
    if getpass.getpass(t("cli.prompt_repeat") + ": ") != first:
        raise ValidationError([Problem("password", "cli.password_mismatch")])
    return first


def admin_actor(db: Database) -> Actor:
    """The confirmed administrator, or an error that changed nothing but the audit.

    Creating users, trusting or revoking peers, issuing or storing sync tokens and
    restoring a backup act under an administrator account, not under whoever can
    run the program: its password comes from NCMS_ADMIN_PASSWORD (account
    NCMS_ADMIN_USER, default `admin`) or, at a terminal, a prompt.
    """
    name = environment.admin_user() or DEFAULT_ADMIN
    typed = environment.admin_password()
    if not typed:
        if not sys.stdin.isatty():
            raise ValidationError([Problem("admin_password", "cli.admin_password_needed")])
        typed = getpass.getpass(t("cli.prompt_admin", user=name))
    try:
        return UserService(db).confirm_admin(name, typed)
    except AuthenticationFailed as err:
        if err.key != "auth.failed":
            raise  # locked: that message already says until when
        raise AuthenticationFailed("cli.admin_failed", user=name) from None


def counts(changes: dict[str, int]) -> str:
    """`3 applications, 2 documents`: what a package carried or changed."""
    return ", ".join(f"{n} {name}" for name, n in changes.items() if n) or t("cli.nothing_new")


class Progress:
    """A one-line progress indicator on stderr when it is a terminal."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.tty = sys.stderr.isatty()

    def __call__(self, done: int, total: int) -> None:
        if self.tty:
            print(
                f"\r{self.label}: {done}/{total} ({100 * done // max(total, 1)}%)",
                end="" if done < total else "\n",
                file=sys.stderr,
                flush=True,
            )
