"""`ncms serve` (county), `ncms sync` (station) and the sync tokens between them."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
import time
from pathlib import Path

from app.admin.installation import stored_secrets
from app.cli.admin import admin_actor
from app.cli.commands import _opened
from app.db.database import Database
from app.errors import NcmsError, Problem, ValidationError
from app.security import sync_tokens
from app.security.actor import Actor
from app.sync.context import SyncKeys
from app.sync.peers import PeerService


def issue_token(db: Database, admin: Actor, station: str) -> str:
    return PeerService(db).issue_token(admin, station, stored_secrets(db))


def print_token(station: str, token: str) -> None:
    print(f"Sync token for station {station} (give it to the station; shown only now):")
    print(f"  {token}")


def peers_token(args: argparse.Namespace) -> int:
    with _opened(args) as db:
        role = db.installation().role
        if role == "county":
            if not args.code or args.set:
                raise NcmsError("sync.token_county_usage")
            print_token(args.code, issue_token(db, admin_actor(db), args.code))
            return 0
        if not args.set:
            raise NcmsError("sync.token_station_usage")
        admin = admin_actor(db)
        typed = os.environ.get("NCMS_SYNC_TOKEN")
        if typed is None:
            if not sys.stdin.isatty():
                raise ValidationError([Problem("token", "sync.token_needed")])
            typed = getpass.getpass("Sync token from the county: ")
        PeerService(db).store_county_token(admin, typed, stored_secrets(db))
    print("Sync token saved in this installation's secret store")
    return 0


def serve(args: argparse.Namespace) -> int:
    import uvicorn

    from app.sync.service import log
    from app.sync.service.desk import CountyDesk, ServiceLimits
    from app.sync.service.http import create_app
    from app.sync.service.protocol import with_header_timeout

    if bool(args.tls_cert) != bool(args.tls_key):
        raise NcmsError("serve.tls_pair")
    limits = ServiceLimits(
        max_size=args.max_size_mb * 1024 * 1024,
        max_per_station=args.max_uploads_per_station,
        stale_after=args.expire_hours * 3600.0,
        idle_timeout=args.idle_timeout,
    )
    log.configure()
    with _opened(args) as db:
        secrets = stored_secrets(db)
        desk = CountyDesk(db, SyncKeys.load(secrets), secrets, limits)
        scheme = "https" if args.tls_cert else "http"
        print(f"Serving county {desk.code} at {scheme}://{args.host}:{args.port}", flush=True)
        if not args.tls_cert and args.host not in ("127.0.0.1", "localhost", "::1"):
            # Packages are encrypted and signed either way; tokens are not.
            print(
                "Note: without --tls-cert the station tokens cross the network in clear",
                file=sys.stderr,
            )
        uvicorn.run(
            create_app(desk),
            host=args.host,
            port=args.port,
            ssl_certfile=args.tls_cert,
            ssl_keyfile=args.tls_key,
            http=with_header_timeout(limits.header_timeout),
            log_config=None,
            log_level="warning",
            access_log=False,  # our own events instead: no paths with ids, no addresses
            timeout_graceful_shutdown=5,
        )
    return 0


class _TransferLine:
    """Bytes, speed and time left on one line of stderr (a terminal only)."""

    def __init__(self) -> None:
        self.tty = sys.stderr.isatty()
        self._shown = 0.0

    def __call__(self, stage: str, transfer: object) -> None:
        from app.sync.online.tus import Transfer

        if not self.tty or not isinstance(transfer, Transfer):
            return
        now = time.monotonic()
        if now - self._shown < 0.5 and transfer.done < transfer.total:
            return
        self._shown = now
        left = transfer.remaining_seconds
        eta = f", {int(left // 60)}:{int(left % 60):02d} left" if left is not None else ""
        print(
            f"\r{stage}: {transfer.done:,}/{transfer.total:,} bytes"
            f" at {transfer.rate / 1024:.1f} KiB/s{eta}   ",
            end="" if transfer.done < transfer.total else "\n",
            file=sys.stderr,
            flush=True,
        )


def sync(args: argparse.Namespace) -> int:
    from app.sync.online.client import OnlineSync
    from app.sync.online.tus import CountyLink, LinkPolicy

    ca: Path | None = args.ca_cert
    with _opened(args) as db:
        if db.installation().role != "station":
            raise NcmsError("sync.station_only")
        secrets = stored_secrets(db)
        token = secrets.get(sync_tokens.STATION_KEY)
        if not token:
            raise NcmsError("sync.no_token")
        if args.give_up_minutes <= 0:
            raise ValidationError([Problem("give_up_minutes", "sync.give_up_positive")])
        policy = LinkPolicy(give_up_after=args.give_up_minutes * 60)
        if sys.stderr.isatty():
            print(
                f"Syncing with {args.url}; a broken link is retried for up to "
                f"{args.give_up_minutes:g} minutes (Ctrl+C stops; nothing is lost)",
                file=sys.stderr,
            )
        with CountyLink(args.url, token, policy, ca_file=ca) as link:
            outcome = OnlineSync(db, SyncKeys.load(secrets), link).run(
                Actor.command_line(), _TransferLine()
            )
    for sent in outcome.delivered:
        print(f"Delivered {sent.file} ({sent.size:,} bytes): county says {sent.status}")
    for got in outcome.decisions:
        changes = ", ".join(f"{n} {k}" for k, n in got.changes.items() if n) or "nothing new"
        print(f"Decisions package {got.sequence} from {got.sender}: {got.status} ({changes})")
    return 0
