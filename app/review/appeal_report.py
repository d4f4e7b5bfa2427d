"""The county's report of appeals (申请复核): every appealed disease of the period's
files, when it was lodged, and where it stands now — upheld (approved on appeal),
dismissed (rejected again), or still before the committee (waiting, or waiting for
the examination or the materials it asked for).

Counted per appealed disease (人次), as the other reports count; the period is the
appealed file's quarter, as in the other reports.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from app.db.database import Database
from app.db.models import Appeal, Application, ApplicationDisease, Decision, Disease, Person
from app.domain.vocabulary import Outcome
from app.domain.workflow import State

UPHELD, DISMISSED, WAITING = "upheld", "dismissed", "waiting"
EXAM, SUPPLEMENT, WITHDRAWN = "exam_required", "supplement_requested", "withdrawn"
STANDINGS = (UPHELD, DISMISSED, WAITING, EXAM, SUPPLEMENT, WITHDRAWN)


@dataclass(frozen=True)
class AppealLine:
    application_number: str
    name: str
    station_code: str
    disease_code: str
    disease_name: str
    lodged_on: date
    reasons: tuple[str, ...]  # the applicant's
    standing: str  # one of STANDINGS
    decided_on: date | None  # the committee's answer to the appeal, once given


@dataclass(frozen=True)
class AppealReport:
    quarter: date | None  # None: every quarter
    lines: tuple[AppealLine, ...]  # by the day lodged, then application number
    counts: dict[str, int]  # per standing, every one of STANDINGS present

    @property
    def total(self) -> int:
        return len(self.lines)


def _standing(state: str, outcome: str) -> str:
    if state == State.WITHDRAWN.value:
        return WITHDRAWN
    if outcome == Outcome.APPROVED.value:
        return UPHELD
    if outcome == Outcome.REJECTED.value:
        return DISMISSED
    if state == State.EXAM_REQUIRED.value:
        return EXAM
    if state == State.AWAITING_MATERIALS.value:
        return SUPPLEMENT
    return WAITING


def appeal_report(db: Database, quarter: date | None) -> AppealReport:
    conditions = [Application.quarter == quarter] if quarter is not None else []
    with db.reader() as session:
        found = session.execute(
            select(Appeal, Application.number, Application.state, Person.name)
            .join(Application, Application.id == Appeal.application_id)
            .join(Person, Person.id == Application.person_id)
            .where(*conditions)
        ).all()
        ids = [appeal.application_id for appeal, *_ in found]
        outcomes = {
            (app_id, code): outcome
            for app_id, code, outcome in session.execute(
                select(
                    ApplicationDisease.application_id,
                    ApplicationDisease.disease_code,
                    ApplicationDisease.outcome,
                ).where(ApplicationDisease.application_id.in_(ids))
            )
        }
        answered: dict[tuple[object, str], date] = {}
        for app_id, code, decided_on in session.execute(
            select(Decision.application_id, Decision.disease_code, Decision.decided_on).where(
                Decision.application_id.in_(ids),
                Decision.outcome.in_([Outcome.APPROVED.value, Outcome.REJECTED.value]),
            )
        ):
            key = (app_id, code)
            answered[key] = max(answered.get(key, decided_on), decided_on)
        names = dict(session.execute(select(Disease.code, Disease.name_zh)).all())
    lines = []
    for appeal, number, state, name in found:
        for code in appeal.disease_codes:
            standing = _standing(state, outcomes.get((appeal.application_id, code), ""))
            decided = answered.get((appeal.application_id, code))
            lines.append(
                AppealLine(
                    number,
                    name,
                    appeal.station_code,
                    code,
                    names.get(code, code),
                    appeal.lodged_on,
                    tuple(appeal.reasons),
                    standing,
                    # The answer to the appeal, not the rejection it appealed.
                    decided
                    if standing in (UPHELD, DISMISSED) and decided and decided >= appeal.lodged_on
                    else None,
                )
            )
    lines.sort(key=lambda line: (line.lodged_on, line.application_number, line.disease_code))
    counted = Counter(line.standing for line in lines)
    return AppealReport(quarter, tuple(lines), {s: counted[s] for s in STANDINGS})
