"""`ncms gui`: its options only. The window itself starts in ui/launcher.py,
since app/ never imports Qt; here, without a handler, `gui` prints the help."""

from __future__ import annotations

from app.cli import common


def register(sub: common.Commands) -> None:
    gui = sub.add_parser("gui", help="open the window (the default without a command)")
    gui.add_argument(
        "--demo", action="store_true", help="a fresh training database with demo accounts"
    )
    gui.add_argument("--lang", choices=["zh_CN", "en"], help="language of the window")
