"""`ncms users add|role|name|list`: the accounts that may sign in."""

from __future__ import annotations

import argparse

from app.admin.users import UserService
from app.cli import common
from app.i18n import t


def register(sub: common.Commands) -> None:
    users = sub.add_parser("users", help=t("cli.help.users"))
    actions = users.add_subparsers(dest="action", metavar="add|role|name|list", required=True)
    add_ = actions.add_parser("add", help=t("cli.help.users.add"))
    add_.add_argument("name")
    add_.add_argument("--role", required=True, help=t("cli.help.users.roles"))
    add_.add_argument("--display-name", default="")
    add_.set_defaults(handler=add)
    role_ = actions.add_parser("role", help=t("cli.help.users.role"))
    role_.add_argument("name")
    role_.add_argument("role", help=t("cli.help.users.roles"))
    role_.set_defaults(handler=role)
    name_ = actions.add_parser("name", help=t("cli.help.users.name"))
    name_.add_argument("name")
    name_.add_argument("display_name", help=t("cli.help.users.display_name", example="王会计"))
    name_.set_defaults(handler=rename)
    actions.add_parser("list", help=t("cli.help.users.list")).set_defaults(handler=list_)


def add(args: argparse.Namespace) -> int:
    with common.opened(args) as db:
        info = UserService(db).add(
            common.admin_actor(db),
            args.name,
            args.role,
            common.password(t("cli.prompt_user_password", user=args.name)),
            args.display_name,
        )
    print(t("cli.user_added", user=info.username, role=t(f"role.{info.role}")))
    return 0


def role(args: argparse.Namespace) -> int:
    with common.opened(args) as db:
        info = UserService(db).set_role(common.admin_actor(db), args.name, args.role)
    print(t("cli.user_role", user=info.username, role=t(f"role.{info.role}")))
    return 0


def rename(args: argparse.Namespace) -> int:
    with common.opened(args) as db:
        info = UserService(db).set_display_name(
            common.admin_actor(db), args.name, args.display_name
        )
    print(t("cli.user_renamed", user=info.username, display_name=info.display_name))
    return 0


def list_(args: argparse.Namespace) -> int:
    with common.opened(args) as db:
        users = UserService(db).list()
    user, role_, active, last_login = t("cli.users_header").split("|")
    print(f"{user:<20} {role_:<16} {active:<7} {last_login}")
    for u in users:
        last = u.last_login_at.strftime("%Y-%m-%d %H:%M") if u.last_login_at else "-"
        # The role's code, as `users role NAME ROLE` takes it.
        print(f"{u.username:<20} {u.role:<16} {t('cli.yes' if u.active else 'cli.no'):<7} {last}")
    return 0
