"""`ncms init station|county`: database, keys and the admin account."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.admin.installation import InitRequest, initialise
from app.cli import backup, common
from app.i18n import t
from app.security.actor import Actor
from app.security.secrets import open_secret_store


def register(sub: common.Commands) -> None:
    init_ = sub.add_parser("init", help=t("cli.help.init"))
    kinds = init_.add_subparsers(dest="role", metavar="station|county", required=True)
    station = kinds.add_parser("station", help=t("cli.help.init.station"))
    station.add_argument("--code", required=True)
    station.add_argument("--name", required=True)
    station.add_argument("--county", required=True, help=t("cli.help.init.county_code"))
    county = kinds.add_parser("county", help=t("cli.help.init.county"))
    county.add_argument("--code", required=True)
    county.add_argument("--name", required=True)
    for kind in (station, county):
        kind.add_argument(
            "--recovery-sheet",
            type=Path,
            metavar="FILE.pdf",
            help=t("cli.help.init.recovery_sheet"),
        )
    init_.set_defaults(handler=init)


def init(args: argparse.Namespace) -> int:
    paths = common.data_paths(args)
    req = InitRequest(
        role=args.role,
        code=args.code,
        name=args.name,
        county_code=getattr(args, "county", args.code),
        admin_password=common.password(t("cli.prompt_admin_account")),
    )
    installation = initialise(paths, common.db_url(args), req, open_secret_store)
    store = open_secret_store(paths.root, str(installation.id))
    print(
        t(
            "cli.initialised",
            role=t(f"installation_role.{installation.role}"),
            code=installation.code,
            name=installation.name,
            root=paths.root,
        )
    )
    print(t("cli.secrets_kept", store=store.description))
    with common.opened(args) as db:
        backup.print_recovery_key(db, Actor.command_line(), args.recovery_sheet)
    return 0
