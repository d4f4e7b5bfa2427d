"""The CLI commands: parse nothing, print results, call services."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import func, select

from app.admin.installation import InitRequest, check_keys, initialise, stored_secrets
from app.admin.orphan_blobs import remove_orphans
from app.admin.users import UserService
from app.admin.verify import verify_installation
from app.cli import backup_commands
from app.cli.admin import admin_actor
from app.db.database import Database, open_database
from app.db.models import Application
from app.errors import NcmsError, Problem, ValidationError
from app.i18n import t
from app.paths import DataPaths
from app.security.actor import Actor
from app.security.secrets import open_secret_store
from app.sync.identity import parse_identity
from app.sync.peers import PeerService, own_identity


def _paths(args: argparse.Namespace) -> DataPaths:
    return DataPaths.resolve(args.data_dir)


def _db_url(args: argparse.Namespace) -> str | None:
    url: str | None = args.db or os.environ.get("NCMS_DB_URL")
    return url


@contextmanager
def _opened(args: argparse.Namespace) -> Iterator[Database]:
    db = open_database(_paths(args), _db_url(args))
    try:
        yield db
    finally:
        db.close()


def _password(prompt: str) -> str:
    env = os.environ.get("NCMS_PASSWORD")
    if env:
        return env
    if not sys.stdin.isatty():
        raise ValidationError([Problem("password", "cli.password_needed")])
    first = getpass.getpass(f"{prompt}: ")
    if getpass.getpass("Repeat: ") != first:
        raise ValidationError([Problem("password", "cli.password_mismatch")])
    return first


class _Progress:
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


def init(args: argparse.Namespace) -> int:
    paths = _paths(args)
    req = InitRequest(
        role=args.role,
        code=args.code,
        name=args.name,
        county_code=getattr(args, "county", args.code),
        admin_password=_password("Password for the admin account"),
    )
    installation = initialise(paths, _db_url(args), req, open_secret_store)
    store = open_secret_store(paths.root, str(installation.id))
    print(
        f"Initialised {installation.role} {installation.code} ({installation.name}) in {paths.root}"
    )
    print(f"Secrets kept in: {store.description}")
    with _opened(args) as db:
        backup_commands.print_recovery_key(db, Actor.command_line(), args.recovery_sheet)
    return 0


def users_add(args: argparse.Namespace) -> int:
    with _opened(args) as db:
        info = UserService(db).add(
            admin_actor(db),
            args.name,
            args.role,
            _password(f"Password for {args.name}"),
            args.display_name,
        )
    print(f"Added {info.username} ({info.role})")
    return 0


def users_role(args: argparse.Namespace) -> int:
    with _opened(args) as db:
        info = UserService(db).set_role(admin_actor(db), args.name, args.role)
    print(f"{info.username} is now {info.role}")
    return 0


def users_list(args: argparse.Namespace) -> int:
    with _opened(args) as db:
        users = UserService(db).list()
    print(f"{'user':<20} {'role':<16} {'active':<7} last login")
    for u in users:
        last = u.last_login_at.strftime("%Y-%m-%d %H:%M") if u.last_login_at else "-"
        print(f"{u.username:<20} {u.role:<16} {'yes' if u.active else 'no':<7} {last}")
    return 0


def demo(args: argparse.Namespace) -> int:
    if args.applications < 1 or args.chunk < 1:
        raise ValidationError([Problem("applications", "cli.count_positive")])
    # Imported here: the demo pulls in image drawing every other command can skip.
    from app.training.demo import DemoGenerator

    with _opened(args) as db:
        started = time.perf_counter()
        result = DemoGenerator(db, seed=args.seed).run(
            args.applications, chunk=args.chunk, progress=_Progress("demo")
        )
        elapsed = time.perf_counter() - started
        with db.reader() as session:
            states = Counter(
                dict(
                    session.execute(
                        select(Application.state, func.count()).group_by(Application.state)
                    ).all()
                )
            )
    print(
        f"Generated {result.applications} applications, {result.persons} persons, "
        f"{result.documents} documents in {elapsed:.1f} s"
    )
    print("Applications by state:")
    for state, count in sorted(states.items(), key=lambda kv: -kv[1]):
        print(f"  {state:<20} {count:>8}  {t('state.' + state)}")
    return 0


def backup(args: argparse.Namespace) -> int:
    with _opened(args) as db:
        return backup_commands.backup(db, args.out, _Progress("backup"))


def restore(args: argparse.Namespace) -> int:
    if _db_url(args):
        raise NcmsError("backup.postgres")
    paths = _paths(args)
    admin = None
    if paths.database.exists():
        # The data about to be replaced says who may replace it. An empty data
        # directory (a new PC after a disaster) has no account to ask about yet:
        # there the recovery key from the safe is what proves the right.
        with _opened(args) as current:
            admin = admin_actor(current)
    return backup_commands.restore(paths, args.file, args.recovery_key, admin)


def keys_recovery(args: argparse.Namespace) -> int:
    with _opened(args) as db:
        # Whoever makes the recovery key can open every backup made after it.
        backup_commands.print_recovery_key(db, admin_actor(db), args.out)
    return 0


def verify(args: argparse.Namespace) -> int:
    with _opened(args) as db:
        if args.repair:
            removed = remove_orphans(db)
            print(f"Removed {removed.describe()}")
        report = verify_installation(db)
        try:
            report.problems += [f"keys: {p}" for p in check_keys(db, stored_secrets(db))]
        except NcmsError as err:
            print(f"note: keys not checked: {err}", file=sys.stderr)
    summary = ", ".join(f"{v} {k}" for k, v in report.counts.items())
    for note in report.notes:
        print(f"note: {note}")
    if report.ok:
        print(f"OK: {summary}")
        return 0
    for problem in report.problems:
        print(f"PROBLEM: {problem}", file=sys.stderr)
    print(f"ncms: verify found {len(report.problems)} problem(s) ({summary})", file=sys.stderr)
    return 1


def keys_export(args: argparse.Namespace) -> int:
    with _opened(args) as db:
        identity = own_identity(db)
    out: Path = args.out
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".partial")
    tmp.write_text(identity.to_json(), encoding="utf-8")
    tmp.replace(out)
    print(f"Identity of {identity.role} {identity.code} written to {out}")
    print(f"Fingerprint (read it to the other side to confirm): {identity.fingerprint}")
    return 0


def peers_add(args: argparse.Namespace) -> int:
    path: Path = args.file
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise NcmsError(
            "identity.invalid", file=str(path), reason=err.strerror or "unreadable"
        ) from None
    identity = parse_identity(raw, str(path))
    from app.cli.online_commands import issue_token, print_token

    with _opened(args) as db:
        # Trusting a peer decides whose packages count, and at the county it
        # issues the station's token: an administrator's act.
        admin = admin_actor(db)
        info, added = PeerService(db).add(admin, identity)
        # Enrolment: a newly trusted station gets the token it will sync with.
        token = issue_token(db, admin, info.code) if added and info.role == "station" else None
    verb = "Now trusting" if added else "Already trusted:"
    print(f"{verb} {info.role} {info.code} {info.name} (fingerprint {info.fingerprint})")
    if token:
        print_token(info.code, token)
    return 0


def peers_list(args: argparse.Namespace) -> int:
    with _opened(args) as db:
        peers = PeerService(db).list()
    print(f"{'code':<12} {'role':<8} {'fingerprint':<20} {'state':<10} name")
    for p in peers:
        state = "revoked" if p.revoked_at else "trusted"
        print(f"{p.code:<12} {p.role:<8} {p.fingerprint:<20} {state:<10} {p.name}")
    return 0


def peers_revoke(args: argparse.Namespace) -> int:
    with _opened(args) as db:
        info = PeerService(db).revoke(admin_actor(db), args.code)
    print(f"Revoked {info.role} {info.code}: its packages are refused from now on")
    return 0
