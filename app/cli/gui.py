"""`ncms gui`: its options only. The window itself starts in ui/launcher.py,
since app/ never imports Qt; here, without a handler, `gui` prints the help."""

from __future__ import annotations

from app.cli import common
from app.i18n import t


def register(sub: common.Commands) -> None:
    gui = sub.add_parser("gui", help=t("cli.help.gui"))
    gui.add_argument("--demo", action="store_true", help=t("cli.help.gui.demo"))
    gui.add_argument("--lang", choices=["zh_CN", "en"], help=t("cli.help.gui.lang"))
