"""`ncms appeal APPLICATION --reason R`: a rejected applicant's appeal, recorded at
the station with the applicant's reasons and any new materials (`--material
[KIND=]FILE`), for the committee's next meeting."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli import common
from app.domain.workflow import Role
from app.errors import DocumentRefused
from app.i18n import t
from app.security.actor import Actor


def register(sub: common.Commands) -> None:
    appeal = sub.add_parser("appeal", help=t("cli.help.appeal"))
    appeal.add_argument("application", metavar="APPLICATION")
    appeal.add_argument(
        "--reason", action="append", required=True, help=t("cli.help.appeal.reason")
    )
    appeal.add_argument(
        "--disease", action="append", default=[], metavar="CODE", help=t("cli.help.appeal.disease")
    )
    appeal.add_argument(
        "--material",
        action="append",
        default=[],
        metavar="[KIND=]FILE",
        help=t("cli.help.appeal.material"),
    )
    appeal.add_argument("--on", type=common.day, metavar="DATE", help=t("cli.help.appeal.on"))
    appeal.set_defaults(handler=lodge)


def _material(given: str) -> tuple[str, Path]:
    """`KIND=FILE`, or a file alone (kind "other"): a name that itself holds "=" and
    starts with no document kind is a file's."""
    from app.domain.vocabulary import DocumentKind

    kind, sep, path = given.partition("=")
    if sep and kind in tuple(DocumentKind):
        return kind, Path(path)
    return DocumentKind.OTHER.value, Path(given)


def lodge(args: argparse.Namespace) -> int:
    from app.appeals.lodging import AppealService, NewMaterial
    from app.blobs.intake import check_not_too_large

    materials = []
    for given in args.material:
        kind, path = _material(given)
        if not path.is_file():
            raise DocumentRefused("document.not_a_file", name=str(path))
        check_not_too_large(path.name, path.stat().st_size)  # before reading it all
        materials.append(NewMaterial(kind, path.name, path.read_bytes()))
    with common.opened(args) as db:
        service = AppealService(db)
        application = service.find(args.application)
        shown = service.appealable(application)
        done = service.lodge(
            Actor.command_line(Role.CLERK),
            application,
            args.reason,
            args.disease,
            args.on,
            materials,
        )
    print(
        t(
            "appeal.lodged",
            number=done.number,
            on=done.lodged_on.isoformat(),
            diseases="、".join(done.diseases),
            deadline=shown.deadline.isoformat(),
            materials=len(materials),
        )
    )
    return 0
