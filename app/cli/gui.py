"""`ncms gui`: its options only. The window itself starts in ui/launcher.py,
since app/ never imports Qt; here, without a handler, `gui` prints the help."""

from __future__ import annotations

from app.cli import common
from app.i18n import t

DEMO_STATION, DEMO_COUNTY = "station", "county"
DEMO_KINDS = (DEMO_STATION, DEMO_COUNTY)


def register(sub: common.Commands) -> None:
    gui = sub.add_parser("gui", help=t("cli.help.gui"))
    # `--demo` alone is the station's training, as it was before `county` existed.
    gui.add_argument(
        "--demo",
        nargs="?",
        const=DEMO_STATION,
        choices=DEMO_KINDS,
        metavar="station|county",
        help=t("cli.help.gui.demo"),
    )
    gui.add_argument("--lang", choices=["zh_CN", "en"], help=t("cli.help.gui.lang"))
