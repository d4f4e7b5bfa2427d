"""`ncms export` and `ncms import` (a package on a file), `ncms serve` (the
county's sync service) and `ncms sync` (a station's upload and fetch)."""

from __future__ import annotations

import argparse
import ipaddress
import sys
import time
from pathlib import Path

from app.admin.installation import stored_secrets
from app.admin.presence import hold_service
from app.cli import common
from app.domain.vocabulary import ImportStatus, InstallationRole
from app.errors import NcmsError, Problem, ValidationError
from app.i18n import t
from app.security import sync_tokens
from app.security.actor import Actor
from app.sync.context import SyncKeys
from app.sync.export import ExportService
from app.sync.importing import ImportService


def register(sub: common.Commands) -> None:
    export_ = sub.add_parser("export", help=t("cli.help.export"))
    export_.add_argument("--out", required=True, type=Path, help=t("cli.help.export.out"))
    export_.add_argument("--station", help=t("cli.help.export.station"))
    export_.set_defaults(handler=export)
    import__ = sub.add_parser("import", help=t("cli.help.import"))
    import__.add_argument("file", type=Path)
    import__.set_defaults(handler=import_)

    serve_ = sub.add_parser("serve", help=t("cli.help.serve"))
    serve_.add_argument("--host", default="0.0.0.0", help=t("cli.help.serve.host"))  # noqa: S104
    serve_.add_argument("--port", type=int, default=8470)
    serve_.add_argument("--tls-cert", help=t("cli.help.serve.tls_cert"))
    serve_.add_argument("--tls-key", help=t("cli.help.serve.tls_key"))
    serve_.add_argument("--insecure", action="store_true", help=t("cli.help.serve.insecure"))
    serve_.add_argument(
        "--workers", type=_workers, default=1, metavar="N", help=t("cli.help.serve.workers")
    )
    serve_.add_argument(
        "--max-size-mb", type=int, default=4096, help=t("cli.help.serve.max_size_mb")
    )
    serve_.add_argument("--max-uploads-per-station", type=int, default=2)
    serve_.add_argument(
        "--expire-hours", type=float, default=168.0, help=t("cli.help.serve.expire_hours")
    )
    serve_.add_argument(
        "--idle-timeout", type=float, default=60.0, help=t("cli.help.serve.idle_timeout")
    )
    serve_.set_defaults(handler=serve)

    sync_ = sub.add_parser("sync", help=t("cli.help.sync"))
    sync_.add_argument("--url", required=True, help=t("cli.help.sync.url"))
    sync_.add_argument("--ca-cert", type=Path, help=t("cli.help.sync.ca_cert"))
    sync_.add_argument(
        "--give-up-minutes",
        type=float,
        default=15.0,
        help=t("cli.help.sync.give_up_minutes"),
    )
    sync_.set_defaults(handler=sync)


def export(args: argparse.Namespace) -> int:
    out: Path = args.out
    with common.opened(args) as db:
        result = ExportService(db, common.sync_keys(db)).export(
            Actor.command_line(),
            out,
            args.station,
            progress=common.Progress(t("cli.progress_export")),
        )
    print(
        t(
            "cli.exported",
            sequence=result.sequence,
            peer=result.peer,
            path=out,
            size=f"{result.size:,}",
            counts=common.counts(result.counts),
            blobs=result.blobs,
        )
    )
    if result.sent:
        print(t("cli.marked_sent", count=len(result.sent)))
    return 0


def import_(args: argparse.Namespace) -> int:
    with common.opened(args) as db:
        result = ImportService(db, common.sync_keys(db)).import_package(
            Actor.command_line(), args.file, progress=common.Progress(t("cli.progress_import"))
        )
    where = {"sequence": result.sequence, "sender": result.sender}
    if result.status == ImportStatus.ALREADY:
        at = f"{result.applied_at:%Y-%m-%d %H:%M}" if result.applied_at else ""
        when = t("cli.import_when", at=at) if at else ""
        print(t("cli.import_already", when=when, **where))
    elif result.status == ImportStatus.STALE:
        print(t("cli.import_stale", **where))
    else:
        print(t("cli.import_applied", counts=common.counts(result.changes), **where))
    return 0


def _workers(text: str) -> int:
    """--workers: a whole number of processes, at least one (refused as the line is read)."""
    try:
        count = int(text)
    except ValueError:
        count = 0
    if count < 1:
        raise argparse.ArgumentTypeError(t("cli.workers_invalid", value=text))
    return count


def loopback(host: str) -> bool:
    """Whether `host` is this machine's loopback (where only a local reverse proxy
    or this PC's own programs can reach the service)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a name could be anything: it says nothing about who can reach it


def serve(args: argparse.Namespace) -> int:
    # The web server is imported by the one command that serves.
    from app.cli.serve_workers import APP, WorkerSettings
    from app.security.secrets import passphrase_for_workers
    from app.sync.service import log
    from app.sync.service.background import run_listening, server_config
    from app.sync.service.desk import CountyDesk, ServiceLimits
    from app.sync.service.http import create_app

    if bool(args.tls_cert) != bool(args.tls_key):
        raise NcmsError("serve.tls_pair")
    clear = not args.tls_cert and not loopback(args.host)
    if clear and not args.insecure:
        # Packages are encrypted and signed either way; tokens are not.
        raise NcmsError("serve.insecure_needed", host=args.host)
    limits = ServiceLimits(
        max_size=args.max_size_mb * 1024 * 1024,
        max_per_station=args.max_uploads_per_station,
        stale_after=args.expire_hours * 3600.0,
        idle_timeout=args.idle_timeout,
    )
    paths = common.data_paths(args)
    if args.workers > 1:
        passphrase_for_workers(paths.root)  # asked once here, not by every worker
    log.configure()
    with common.opened(args) as db:
        secrets = stored_secrets(db)
        # Built here too with several workers: a county that cannot serve says so once.
        desk = CountyDesk(db, SyncKeys.load(secrets), secrets, limits)
        scheme = "https" if args.tls_cert else "http"
        url = f"{scheme}://{args.host}:{args.port}"
        print(t("cli.serving", code=desk.code, url=url), flush=True)
        if clear:
            print(t("cli.serve_clear_tokens"), file=sys.stderr)
        tls = (str(args.tls_cert), str(args.tls_key)) if args.tls_cert else None
        if args.workers > 1:
            WorkerSettings(
                str(paths.root),
                common.db_url(args),
                limits.max_size,
                limits.max_per_station,
                limits.stale_after,
                limits.idle_timeout,
            ).hand_over()
        app = APP if args.workers > 1 else create_app(desk)
        config = server_config(
            app, limits.header_timeout, tls, args.workers, host=args.host, port=args.port
        )
        # While it serves, `restore` refuses (app/admin/presence.py).
        service = hold_service(paths)
        try:
            started = run_listening(config)
        finally:
            service.release()
    if not started:
        raise NcmsError("serve.not_started", port=args.port)
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
            minutes = f"{args.give_up_minutes:g}"
            print(t("cli.syncing", url=args.url, minutes=minutes), file=sys.stderr)
        with CountyLink(args.url, token, policy, ca_file=ca) as link:
            outcome = OnlineSync(db, SyncKeys.load(secrets), link).run(
                Actor.command_line(), _TransferLine()
            )
    for sent in outcome.delivered:
        print(t("cli.delivered", file=sent.file, size=f"{sent.size:,}", status=sent.status))
    for got in outcome.decisions:
        print(
            t(
                "cli.decisions_fetched",
                sequence=got.sequence,
                sender=got.sender,
                status=got.status,
                counts=common.counts(got.changes),
            )
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
        eta = (
            t("cli.transfer_left", minutes=int(left // 60), seconds=f"{int(left % 60):02d}")
            if left is not None
            else ""
        )
        line = t(
            "cli.transfer",
            stage=stage,
            done=f"{transfer.done:,}",
            total=f"{transfer.total:,}",
            rate=f"{transfer.rate / 1024:.1f}",
            eta=eta,
        )
        print(
            f"\r{line}   ",
            end="" if transfer.done < transfer.total else "\n",
            file=sys.stderr,
            flush=True,
        )
