"""`ncms training`: the practice station and county beside the data directory
(`<data>-training`, as `ncms gui --demo` uses): make them, let the training county
answer a package, or start over."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.cli import common
from app.cli.demo import print_states
from app.errors import NcmsError, Problem, ValidationError
from app.i18n import t
from app.intake.listing import ApplicationList
from app.training.installation import (
    COUNTY,
    STATION,
    TRAINING_PASSWORD,
    TRAINING_USERS,
    TrainingPaths,
)


def register(sub: common.Commands) -> None:
    training = sub.add_parser("training", help=t("cli.help.training"))
    actions = training.add_subparsers(
        dest="action", metavar="start|county|start-over", required=True
    )
    start_ = actions.add_parser("start", help=t("cli.help.training.start"))
    start_.add_argument("--applications", type=int, default=300, metavar="N")
    start_.set_defaults(handler=start)
    county = actions.add_parser("county", help=t("cli.help.training.county"))
    county.add_argument("package", type=Path, help=t("cli.help.training.package"))
    county.add_argument("--out", required=True, type=Path, help=t("cli.help.training.answer"))
    county.set_defaults(handler=answer)
    over = actions.add_parser("start-over", help=t("cli.help.training.start_over"))
    over.add_argument("--yes", action="store_true", help=t("cli.help.training.yes"))
    over.set_defaults(handler=start_over)


def _paths(args: argparse.Namespace) -> TrainingPaths:
    return TrainingPaths.beside(common.data_paths(args).root)


def _existing(args: argparse.Namespace) -> TrainingPaths:
    paths = _paths(args)
    if not paths.exists():
        raise NcmsError("training.missing", path=str(paths.root))
    return paths


def start(args: argparse.Namespace) -> int:
    if args.applications < 1:
        raise ValidationError([Problem("applications", "cli.count_positive")])
    from app.training.installation import open_training

    paths = _paths(args)
    training = open_training(paths, args.applications, common.Progress(t("cli.progress_demo")))
    try:
        states = ApplicationList(training.db).states()
    finally:
        training.db.close()
    user = TRAINING_USERS["head"][0]
    print(
        t(
            "training.ready",
            station=STATION.code,
            county=COUNTY.code,
            path=paths.root,
            user=user,
            password=TRAINING_PASSWORD,
        )
    )
    print_states(states)
    return 0


def answer(args: argparse.Namespace) -> int:
    from app.training.county import TrainingCounty

    result = TrainingCounty(_existing(args)).answer(args.package, args.out)
    print(
        t(
            "training.answered",
            county=COUNTY.code,
            received=common.counts(result.received),
            decisions=result.decisions,
            certificates=len(result.certificates),
            path=result.package,
        )
    )
    for number in result.certificates:
        print(f"  {number}")
    return 0


def start_over(args: argparse.Namespace) -> int:
    from app.training.installation import start_over as delete

    paths = _paths(args)
    if not args.yes:
        if not sys.stdin.isatty():
            raise NcmsError("training.confirm_needed", path=str(paths.root))
        if input(t("training.confirm", path=paths.root)).strip().lower() != "yes":
            print(t("training.kept"))
            return 1
    delete(paths)
    print(t("training.started_over", path=paths.root))
    return 0
