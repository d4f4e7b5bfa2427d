"""The `ncms` command: the window for `gui` (or no command), the CLI otherwise.

Lives in ui/ because app/ never imports Qt; the CLI itself is app.cli.main.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from app import environment, i18n
from app.cli.main import EXIT_FAILURE, build_parser
from app.cli.main import main as cli_main


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    args = build_parser(arguments).parse_args(arguments)  # in the language of --lang
    if args.command not in (None, "gui"):
        return cli_main(arguments)
    if not environment.has_display():
        print(i18n.t("cli.no_display"), file=sys.stderr)
        return EXIT_FAILURE
    from ui.app import run_gui  # Qt is loaded only when a window is wanted

    return run_gui(
        args.data_dir,
        environment.db_url(args.db),  # as the CLI does: --db, else NCMS_DB_URL
        demo=getattr(args, "demo", None),  # None, "station" or "county"
        language=getattr(args, "lang", None),
    )


if __name__ == "__main__":
    sys.exit(main())
