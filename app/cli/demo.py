"""`ncms demo`: synthetic training data, and what it made."""

from __future__ import annotations

import argparse
import time

from app.cli import common
from app.errors import Problem, ValidationError
from app.i18n import t
from app.intake.listing import ApplicationList


def register(sub: common.Commands) -> None:
    demo_ = sub.add_parser("demo", help=t("cli.help.demo"))
    demo_.add_argument("--applications", type=int, default=200, metavar="N")
    demo_.add_argument("--seed", type=int, default=None)
    demo_.add_argument("--chunk", type=int, default=1000, help=t("cli.help.demo.chunk"))
    demo_.set_defaults(handler=demo)


def demo(args: argparse.Namespace) -> int:
    if args.applications < 1 or args.chunk < 1:
        raise ValidationError([Problem("applications", "cli.count_positive")])
    # Imported here: the demo pulls in image drawing every other command can skip.
    from app.training.demo import DemoGenerator

    with common.opened(args) as db:
        started = time.perf_counter()
        result = DemoGenerator(db, seed=args.seed).run(
            args.applications, chunk=args.chunk, progress=common.Progress(t("cli.progress_demo"))
        )
        elapsed = time.perf_counter() - started
        states = ApplicationList(db).states()
    print(
        t(
            "cli.demo_generated",
            applications=result.applications,
            persons=result.persons,
            documents=result.documents,
            seconds=f"{elapsed:.1f}",
        )
    )
    print_states(states)
    return 0


def print_states(states: dict[str, int]) -> None:
    """How many applications are in each state, the commonest first."""
    print(t("cli.demo_by_state"))
    for state, count in sorted(states.items(), key=lambda kv: -kv[1]):
        print(f"  {state:<20} {count:>8}  {t('state.' + state)}")
