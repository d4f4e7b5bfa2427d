"""`ncms`: the command line. Contract (names, options, exit codes) in DESIGN.md.

Every command runs without a prompt when its inputs come from options or the
environment (NCMS_PASSWORD, NCMS_ADMIN_PASSWORD, NCMS_SECRET_PASSPHRASE), prints
one clear line on stderr and exits non-zero on failure, and never shows a
traceback: unexpected errors are written to a log file whose path is printed
instead.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path

from app.cli import commands, online_commands, print_commands, sync_commands
from app.error_log import write_error_log
from app.errors import NcmsError, Problem, ValidationError

EXIT_FAILURE = 1
EXIT_USAGE = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ncms",
        description="Chronic-disease benefit applications (NCMS stations and county centers).",
    )
    parser.add_argument("--data-dir", help="data directory (env NCMS_DATA_DIR)")
    parser.add_argument(
        "--db", help="database URL, e.g. PostgreSQL at the county (env NCMS_DB_URL)"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    gui = sub.add_parser("gui", help="open the window (the default without a command)")
    gui.add_argument(
        "--demo", action="store_true", help="a fresh training database with demo accounts"
    )
    gui.add_argument("--lang", choices=["zh_CN", "en"], help="language of the window")

    init = sub.add_parser("init", help="create database, keys and the admin account")
    init_sub = init.add_subparsers(dest="role", metavar="station|county", required=True)
    station = init_sub.add_parser("station", help="a township joint-management station")
    station.add_argument("--code", required=True)
    station.add_argument("--name", required=True)
    station.add_argument("--county", required=True, help="code of the county center")
    county = init_sub.add_parser("county", help="a county joint-management center")
    county.add_argument("--code", required=True)
    county.add_argument("--name", required=True)
    for kind in (station, county):
        kind.add_argument(
            "--recovery-sheet",
            type=Path,
            metavar="FILE.pdf",
            help="write the backup recovery key's sheet here, to print for the safe",
        )
    init.set_defaults(handler=commands.init)

    users = sub.add_parser("users", help="user accounts")
    users_sub = users.add_subparsers(dest="action", metavar="add|role|list", required=True)
    add = users_sub.add_parser(
        "add", help="add an account (its password from NCMS_PASSWORD; needs the admin's)"
    )
    add.add_argument("name")
    add.add_argument(
        "--role", required=True, help="clerk, station_head, county_reviewer, county_admin or admin"
    )
    add.add_argument("--display-name", default="")
    add.set_defaults(handler=commands.users_add)
    role = users_sub.add_parser("role", help="change an account's role (needs the admin's)")
    role.add_argument("name")
    role.add_argument("role", help="clerk, station_head, county_reviewer, county_admin or admin")
    role.set_defaults(handler=commands.users_role)
    lst = users_sub.add_parser("list", help="list accounts")
    lst.set_defaults(handler=commands.users_list)

    demo = sub.add_parser("demo", help="fill the database with synthetic training data")
    demo.add_argument("--applications", type=int, default=200, metavar="N")
    demo.add_argument("--seed", type=int, default=None)
    demo.add_argument("--chunk", type=int, default=1000, help="applications per transaction")
    demo.set_defaults(handler=commands.demo)

    keys = sub.add_parser("keys", help="this installation's public identity")
    keys_sub = keys.add_subparsers(
        dest="action", metavar="export|age-identity|recovery", required=True
    )
    export = keys_sub.add_parser("export", help="write the public identity file")
    export.add_argument("--out", required=True, type=Path)
    export.set_defaults(handler=commands.keys_export)
    age_identity = keys_sub.add_parser(
        "age-identity", help="IT: write the private age identity, to inspect packages with age"
    )
    age_identity.add_argument("--out", required=True, type=Path)
    age_identity.set_defaults(handler=sync_commands.keys_age_identity)
    recovery = keys_sub.add_parser(
        "recovery", help="a new recovery key for backups, shown once and printed for the safe"
    )
    recovery.add_argument("--out", type=Path, metavar="FILE.pdf", help="the sheet to print")
    recovery.set_defaults(handler=commands.keys_recovery)

    peers = sub.add_parser(
        "peers", help="trusted stations or county (add, revoke, token need the admin's password)"
    )
    peers_sub = peers.add_subparsers(dest="action", metavar="add|list|revoke|token", required=True)
    peer_add = peers_sub.add_parser("add", help="trust the other side's identity file")
    peer_add.add_argument("file", type=Path)
    peer_add.set_defaults(handler=commands.peers_add)
    peers_sub.add_parser("list", help="list trusted peers").set_defaults(
        handler=commands.peers_list
    )
    peer_revoke = peers_sub.add_parser("revoke", help="stop trusting a peer")
    peer_revoke.add_argument("code")
    peer_revoke.set_defaults(handler=commands.peers_revoke)
    peer_token = peers_sub.add_parser(
        "token",
        help="sync token: county CODE issues a new one; station --set stores the county's",
    )
    peer_token.add_argument("code", nargs="?", help="county: the station's code")
    peer_token.add_argument(
        "--set", action="store_true", help="station: store the token (from NCMS_SYNC_TOKEN)"
    )
    peer_token.set_defaults(handler=online_commands.peers_token)

    export = sub.add_parser("export", help="write a sync package for the other side")
    export.add_argument("--out", required=True, type=Path, help="package file (.ncmspkg)")
    export.add_argument("--station", help="county: the station the package is for")
    export.set_defaults(handler=sync_commands.export)
    imp = sub.add_parser("import", help="apply a sync package (safe to repeat)")
    imp.add_argument("file", type=Path)
    imp.set_defaults(handler=sync_commands.import_)

    serve = sub.add_parser("serve", help="county: the sync service stations upload to")
    serve.add_argument("--host", default="0.0.0.0", help="address to listen on")  # noqa: S104
    serve.add_argument("--port", type=int, default=8470)
    serve.add_argument("--tls-cert", help="certificate (PEM) for HTTPS")
    serve.add_argument("--tls-key", help="its private key (PEM)")
    serve.add_argument("--max-size-mb", type=int, default=4096, help="largest package accepted")
    serve.add_argument("--max-uploads-per-station", type=int, default=2)
    serve.add_argument(
        "--expire-hours", type=float, default=168.0, help="unfinished uploads kept this long"
    )
    serve.add_argument(
        "--idle-timeout", type=float, default=60.0, help="seconds a stalled upload is waited for"
    )
    serve.set_defaults(handler=online_commands.serve)
    sync = sub.add_parser("sync", help="station: upload pending work, fetch decisions")
    sync.add_argument("--url", required=True, help="the county's sync service")
    sync.add_argument("--ca-cert", type=Path, help="CA certificate the county's HTTPS uses")
    sync.add_argument(
        "--give-up-minutes",
        type=float,
        default=15.0,
        help="stop after this long with nothing getting through (the package is kept)",
    )
    sync.set_defaults(handler=online_commands.sync)

    review = sub.add_parser("review", help="county: the expert committee's sheet")
    review_sub = review.add_subparsers(dest="action", metavar="agenda|decisions", required=True)
    agenda = review_sub.add_parser("agenda", help="write the cases waiting for the committee")
    agenda.add_argument("--out", required=True, type=Path, help="workbook (.xlsx)")
    agenda.set_defaults(handler=sync_commands.review_agenda)
    decisions = review_sub.add_parser("decisions", help="record the filled sheet's conclusions")
    decisions.add_argument("file", type=Path)
    decisions.set_defaults(handler=sync_commands.review_decisions)

    certs = sub.add_parser(
        "certificates",
        help="print issued certificates (all not yet printed, or --application …), or verify",
    )
    certs.add_argument("--out", type=Path, help="PDF file to write")
    certs.add_argument(
        "--application", nargs="+", metavar="NUMBER", help="only these applications' certificates"
    )
    certs.add_argument("--paper", choices=("A5", "A4"), default="A5")
    certs.add_argument(
        "--data-only", action="store_true", help="values only, for pre-printed booklets"
    )
    certs.add_argument("--offset-x", type=float, default=0.0, metavar="MM")
    certs.add_argument("--offset-y", type=float, default=0.0, metavar="MM")
    certs.add_argument("--reprint-reason", help="needed when a certificate was printed before")
    certs.set_defaults(handler=_certificates_out)
    certs_sub = certs.add_subparsers(dest="action", metavar="verify")
    check = certs_sub.add_parser("verify", help="check the text a QR scanner typed")
    check.add_argument("text")
    check.set_defaults(handler=print_commands.verify_text)

    report = sub.add_parser("report", help="workbooks for the county")
    report_sub = report.add_subparsers(dest="action", metavar="summary", required=True)
    summary = report_sub.add_parser(
        "summary", help="the quarter by disease and village, roster and public list"
    )
    summary.add_argument("--quarter", required=True, help="e.g. 2026Q4")
    summary.add_argument("--out", required=True, type=Path, help="workbook (.xlsx)")
    summary.set_defaults(handler=print_commands.report_summary)

    backup = sub.add_parser("backup", help="write a consistent backup file")
    backup.add_argument("--out", required=True, type=Path)
    backup.set_defaults(handler=commands.backup)
    restore = sub.add_parser(
        "restore", help="restore a backup file (checked first; needs the admin's password)"
    )
    restore.add_argument("file", type=Path)
    restore.add_argument(
        "--recovery-key",
        type=Path,
        metavar="FILE",
        help="a text file holding the recovery key (on a new PC, or if this one lost its keys)",
    )
    restore.set_defaults(handler=commands.restore)
    verify = sub.add_parser("verify", help="check database, documents and audit chain")
    verify.add_argument(
        "--repair",
        action="store_true",
        help="first remove blobs no document points at (left by a killed import)",
    )
    verify.set_defaults(handler=commands.verify)
    return parser


def _certificates_out(args: argparse.Namespace) -> int:
    if args.out is None:
        raise ValidationError([Problem("out", "cli.out_needed")])
    return print_commands.certificates(args)


def _log_crash(args: argparse.Namespace) -> Path:
    """Write the traceback where the IT person can find it; return the path."""
    base = Path(args.data_dir or os.environ.get("NCMS_DATA_DIR") or tempfile.gettempdir())
    log_dir = base / "logs" if base.is_dir() else Path(tempfile.gettempdir()) / "ncms-logs"
    return write_error_log(log_dir, traceback.format_exc())


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Callable[[argparse.Namespace], int] | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 0
    try:
        return handler(args)
    except ValidationError as err:
        for problem in err.problems:
            print(f"ncms: {problem.field}: {problem.message}", file=sys.stderr)
        return EXIT_FAILURE
    except NcmsError as err:
        print(f"ncms: {err}", file=sys.stderr)
        return EXIT_FAILURE
    except BrokenPipeError:
        # Output piped into `head` and closed early: the work is done, nothing to log.
        # Point stdout at devnull so the interpreter's final flush stays quiet.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except KeyboardInterrupt:
        print("ncms: interrupted", file=sys.stderr)
        return 130
    except Exception:
        path = _log_crash(args)
        print(f"ncms: internal error; details written to {path}", file=sys.stderr)
        return EXIT_FAILURE


if __name__ == "__main__":
    sys.exit(main())
