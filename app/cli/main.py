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

from app import environment
from app.cli import (
    appeal,
    backup,
    batch,
    certificates,
    demo,
    gui,
    init,
    keys,
    national,
    parser_language,
    renewals,
    report,
    review,
    sync,
    training,
    users,
    verify,
)
from app.error_log import write_error_log
from app.errors import NcmsError, ValidationError
from app.i18n import set_language, t
from app.version import program_version

EXIT_FAILURE = 1


# In the order `ncms --help` lists them.
GROUPS = (
    gui,
    init,
    users,
    demo,
    training,
    keys,
    batch,
    sync,
    review,
    certificates,
    renewals,
    appeal,
    national,
    report,
    backup,
    verify,
)

# The options before the command, each with a value.
GLOBAL_OPTIONS = ("--data-dir", "--db")


def build_parser(arguments: Sequence[str] = ()) -> argparse.ArgumentParser:
    """The `ncms` parser, its help in the language of `arguments` (`gui --lang`) or
    else the current one."""
    language = parser_language.chosen_language(arguments, GLOBAL_OPTIONS)
    if language:
        set_language(language)
    parser_language.install()
    parser = parser_language.Parser(
        prog="ncms",
        description=t("cli.help.ncms"),
    )
    data_dir, db = GLOBAL_OPTIONS
    parser.add_argument(data_dir, help=t("cli.help.data_dir"))
    parser.add_argument(db, help=t("cli.help.db"))
    parser.add_argument(
        "--version",
        action="version",
        version=f"ncms {program_version()}",
        help=t("cli.help.version"),
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for group in GROUPS:
        group.register(sub)
    return parser


def _log_crash(args: argparse.Namespace) -> Path:
    """Write the traceback where the IT person can find it; return the path."""
    base = environment.data_dir(args.data_dir) or Path(tempfile.gettempdir())
    log_dir = base / "logs" if base.is_dir() else Path(tempfile.gettempdir()) / "ncms-logs"
    return write_error_log(log_dir, traceback.format_exc())


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(arguments)
    args = parser.parse_args(arguments)
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
        print(t("cli.interrupted"), file=sys.stderr)
        return 130
    except Exception:
        path = _log_crash(args)
        print(t("cli.internal_error", path=path), file=sys.stderr)
        return EXIT_FAILURE


if __name__ == "__main__":
    sys.exit(main())
