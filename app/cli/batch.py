"""`ncms batch`: the station head's "make the batch": every accepted application of
the quarter into one batch, summarised by declared disease."""

from __future__ import annotations

import argparse
from datetime import date

from app.cli import common
from app.domain.quarters import quarter_label, review_quarter
from app.domain.workflow import Role
from app.examination.batches import BatchService
from app.i18n import Bilingual, t
from app.intake.catalogue import CatalogueService
from app.security.actor import Actor


def register(sub: common.Commands) -> None:
    batch = sub.add_parser("batch", help=t("cli.help.batch"))
    batch.add_argument(
        "--quarter", type=common.quarter, metavar="YYYYQn", help=t("cli.help.batch.quarter")
    )
    batch.set_defaults(handler=make)


def make(args: argparse.Namespace) -> int:
    with common.opened(args) as db:
        catalogue = CatalogueService(db)
        quarter: date = args.quarter or review_quarter(
            date.today(), catalogue.rules().quarter_cutoff_day
        )
        # Whoever runs the command on the station's data acts as its head would.
        made = BatchService(db).make(Actor.command_line(Role.STATION_HEAD), quarter)
        names = {d.code: Bilingual(d.name_zh, d.name_en) for d in catalogue.diseases()}
    label = quarter_label(quarter)
    print(t("batch.made", number=made.number, quarter=label, count=made.applications))
    print(t("batch.by_disease"))
    for code, count in made.by_disease:
        print(t("batch.disease_line", code=code, name=names.get(code, code), count=count))
    return 0
