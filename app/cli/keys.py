"""`ncms keys` and `ncms peers`: this installation's identity, whom it trusts, and
the sync tokens between a county and its stations."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from app import environment
from app.admin.installation import record_age_identity_export, stored_secrets
from app.cli import backup, common
from app.db.database import Database
from app.domain.vocabulary import InstallationRole
from app.errors import NcmsError, Problem, ValidationError
from app.i18n import t
from app.security.actor import Actor
from app.sync.identity import parse_identity
from app.sync.peers import PeerService, own_identity


def register(sub: common.Commands) -> None:
    keys = sub.add_parser("keys", help=t("cli.help.keys"))
    actions = keys.add_subparsers(
        dest="action", metavar="export|age-identity|recovery", required=True
    )
    export_ = actions.add_parser("export", help=t("cli.help.keys.export"))
    export_.add_argument("--out", required=True, type=Path)
    export_.set_defaults(handler=export)
    age = actions.add_parser("age-identity", help=t("cli.help.keys.age_identity"))
    age.add_argument("--out", required=True, type=Path)
    age.set_defaults(handler=age_identity)
    recovery = actions.add_parser("recovery", help=t("cli.help.keys.recovery"))
    recovery.add_argument(
        "--out", type=Path, metavar="FILE.pdf", help=t("cli.help.keys.recovery_sheet")
    )
    recovery.set_defaults(handler=backup.recovery_key)

    peers = sub.add_parser("peers", help=t("cli.help.peers"))
    actions = peers.add_subparsers(dest="action", metavar="add|list|revoke|token", required=True)
    add = actions.add_parser("add", help=t("cli.help.peers.add"))
    add.add_argument("file", type=Path)
    add.set_defaults(handler=peers_add)
    actions.add_parser("list", help=t("cli.help.peers.list")).set_defaults(handler=peers_list)
    revoke = actions.add_parser("revoke", help=t("cli.help.peers.revoke"))
    revoke.add_argument("code")
    revoke.set_defaults(handler=peers_revoke)
    token = actions.add_parser(
        "token",
        help=t("cli.help.peers.token"),
    )
    token.add_argument("code", nargs="?", help=t("cli.help.peers.token_code"))
    token.add_argument("--set", action="store_true", help=t("cli.help.peers.token_set"))
    token.set_defaults(handler=peers_token)


def export(args: argparse.Namespace) -> int:
    with common.opened(args) as db:
        identity = own_identity(db)
    out: Path = args.out
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".partial")
    tmp.write_text(identity.to_json(), encoding="utf-8")
    tmp.replace(out)
    role = t(f"installation_role.{identity.role}")
    print(t("cli.identity_written", role=role, code=identity.code, path=out))
    print(t("cli.fingerprint", fingerprint=identity.fingerprint))
    return 0


def age_identity(args: argparse.Namespace) -> int:
    """The private age identity as a file the standard `age -d -i FILE` reads.

    Written owner-only; whoever holds it can read every package sent here, so the
    message says to delete it after use.
    """
    out: Path = args.out
    with common.opened(args) as db:
        # It opens every package sent here and every backup: an administrator's act.
        admin = common.admin_actor(db)
        identity = common.sync_keys(db).age_identity
        code = db.installation().code
        record_age_identity_export(db, admin)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(f"# age identity of NCMS installation {code}: keep secret\n{identity}\n")
    print(t("cli.age_identity_written", path=out))
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
    with common.opened(args) as db:
        # Trusting a peer decides whose packages count, and at the county it
        # issues the station's token: an administrator's act.
        admin = common.admin_actor(db)
        info, added = PeerService(db).add(admin, identity)
        # Enrolment: a newly trusted station gets the token it will sync with.
        token = (
            _issue_token(db, admin, info.code)
            if added and info.role == InstallationRole.STATION
            else None
        )
    print(
        t(
            "cli.peer_added" if added else "cli.peer_known",
            role=t(f"installation_role.{info.role}"),
            code=info.code,
            name=info.name,
            fingerprint=info.fingerprint,
        )
    )
    if token:
        _print_token(info.code, token)
    return 0


def peers_list(args: argparse.Namespace) -> int:
    with common.opened(args) as db:
        peers = PeerService(db).list()
    code, role, fingerprint, state, name = t("cli.peers_header").split("|")
    print(f"{code:<12} {role:<8} {fingerprint:<20} {state:<10} {name}")
    for p in peers:
        state = t("cli.peer_revoked" if p.revoked_at else "cli.peer_trusted")
        role = t(f"installation_role.{p.role}")
        print(f"{p.code:<12} {role:<8} {p.fingerprint:<20} {state:<10} {p.name}")
    return 0


def peers_revoke(args: argparse.Namespace) -> int:
    with common.opened(args) as db:
        info = PeerService(db).revoke(common.admin_actor(db), args.code)
    print(t("cli.peer_revoked_now", role=t(f"installation_role.{info.role}"), code=info.code))
    return 0


def peers_token(args: argparse.Namespace) -> int:
    """County: issue station CODE a new token. Station: store the county's (--set)."""
    with common.opened(args) as db:
        role = db.installation().role
        if role == InstallationRole.COUNTY:
            if not args.code or args.set:
                raise NcmsError("sync.token_county_usage")
            _print_token(args.code, _issue_token(db, common.admin_actor(db), args.code))
            return 0
        if not args.set:
            raise NcmsError("sync.token_station_usage")
        admin = common.admin_actor(db)
        typed = environment.sync_token()
        if typed is None:
            if not sys.stdin.isatty():
                raise ValidationError([Problem("token", "sync.token_needed")])
            typed = getpass.getpass(t("cli.prompt_token"))
        PeerService(db).store_county_token(admin, typed, stored_secrets(db))
    print(t("cli.token_saved"))
    return 0


def _issue_token(db: Database, admin: Actor, station: str) -> str:
    return PeerService(db).issue_token(admin, station, stored_secrets(db))


def _print_token(station: str, token: str) -> None:
    print(t("cli.token_issued", code=station))
    print(f"  {token}")
