"""`ncms export` and `ncms import` (a package on a file), `ncms serve` (the
county's sync service) and `ncms sync` (a station's upload and fetch)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from app.admin.installation import stored_secrets
from app.cli import common
from app.domain.vocabulary import ImportStatus, InstallationRole
from app.errors import NcmsError, Problem, ValidationError
from app.security import sync_tokens
from app.security.actor import Actor
from app.sync.context import SyncKeys
from app.sync.export import ExportService
from app.sync.importing import ImportService


def register(sub: common.Commands) -> None:
    export_ = sub.add_parser("export", help="write a sync package for the other side")
    export_.add_argument("--out", required=True, type=Path, help="package file (.ncmspkg)")
    export_.add_argument("--station", help="county: the station the package is for")
    export_.set_defaults(handler=export)
    import__ = sub.add_parser("import", help="apply a sync package (safe to repeat)")
    import__.add_argument("file", type=Path)
    import__.set_defaults(handler=import_)

    serve_ = sub.add_parser("serve", help="county: the sync service stations upload to")
    serve_.add_argument("--host", default="0.0.0.0", help="address to listen on")  # noqa: S104
    serve_.add_argument("--port", type=int, default=8470)
    serve_.add_argument("--tls-cert", help="certificate (PEM) for HTTPS")
    serve_.add_argument("--tls-key", help="its private key (PEM)")
    serve_.add_argument("--max-size-mb", type=int, default=4096, help="largest package accepted")
    serve_.add_argument("--max-uploads-per-station", type=int, default=2)
    serve_.add_argument(
        "--expire-hours", type=float, default=168.0, help="unfinished uploads kept this long"
    )
    serve_.add_argument(
        "--idle-timeout", type=float, default=60.0, help="seconds a stalled upload is waited for"
    )
    serve_.set_defaults(handler=serve)

    sync_ = sub.add_parser("sync", help="station: upload pending work, fetch decisions")
    sync_.add_argument("--url", required=True, help="the county's sync service")
    sync_.add_argument("--ca-cert", type=Path, help="CA certificate the county's HTTPS uses")
    sync_.add_argument(
        "--give-up-minutes",
        type=float,
        default=15.0,
        help="stop after this long with nothing getting through (the package is kept)",
    )
    sync_.set_defaults(handler=sync)


def export(args: argparse.Namespace) -> int:
    out: Path = args.out
    with common.opened(args) as db:
        result = ExportService(db, common.sync_keys(db)).export(
            Actor.command_line(), out, args.station, progress=common.Progress("export")
        )
    print(
        f"Package {result.sequence} for {result.peer} written and verified: {out} "
        f"({result.size:,} bytes; {common.counts(result.counts)}; {result.blobs} document files)"
    )
    if result.sent:
        print(f"{len(result.sent)} application(s) marked as sent")
    return 0


def import_(args: argparse.Namespace) -> int:
    with common.opened(args) as db:
        result = ImportService(db, common.sync_keys(db)).import_package(
            Actor.command_line(), args.file, progress=common.Progress("import")
        )
    where = f"package {result.sequence} from {result.sender}"
    if result.status == ImportStatus.ALREADY:
        when = f" on {result.applied_at:%Y-%m-%d %H:%M}" if result.applied_at else ""
        print(f"{where} was already applied{when}; nothing changed")
    elif result.status == ImportStatus.STALE:
        print(f"{where} is older than what is here; nothing in it is newer; nothing changed")
    else:
        print(f"Applied {where}: {common.counts(result.changes)}")
    return 0


def serve(args: argparse.Namespace) -> int:
    # The web server is imported by the one command that serves.
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
    with common.opened(args) as db:
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


def sync(args: argparse.Namespace) -> int:
    from app.sync.online.client import OnlineSync
    from app.sync.online.tus import CountyLink, LinkPolicy

    ca: Path | None = args.ca_cert
    with common.opened(args) as db:
        if db.installation().role != InstallationRole.STATION:
            raise NcmsError("sync.station_only")
        secrets = stored_secrets(db)
        token = sync_tokens.stored(secrets)
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
        print(
            f"Decisions package {got.sequence} from {got.sender}: {got.status} "
            f"({common.counts(got.changes)})"
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
