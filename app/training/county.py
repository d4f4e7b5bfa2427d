"""The practice county: it takes the training station's package as a county would,
its committee decides on its own, and it writes the answer package back.

Its committee is the county's own ReviewService: the same agenda, the same checks of
the sheet, the same certificate numbers and seals. Only who fills in the sheet
differs: here a rule, until a trainer decides by hand in a county window. The rule
approves most files, rejects one with its reasons and sends one to a physical
examination, so that each answer teaches every outcome the station will meet.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from app.admin.installation import stored_secrets
from app.db.database import Database, open_database
from app.domain.vocabulary import Outcome
from app.domain.workflow import Role, State
from app.review.committee import Case, CaseDecision, ReviewService
from app.security.actor import Actor
from app.sync.context import SyncKeys
from app.sync.export import ExportService
from app.sync.importing import ImportService
from app.sync.naming import package_file_name
from app.training.installation import COUNTY, STATION, TrainingPaths

EXPERTS = ("培训专家甲", "培训专家乙")
REJECTION = "病历及检查结果不支持该病种诊断，不符合准入标准（培训）"
EXAMINATION = "请到定点医院进行体检复核（培训）"
DUPLICATE = "同一人同一病种已有未结申请，不重复认定（培训）"
EXAM_WITHIN = timedelta(days=30)


@dataclass(frozen=True)
class CountyAnswer:
    received: dict[str, int]  # what the station's package brought
    decisions: int
    certificates: list[str]
    package: Path  # the answer, for the station to import
    size: int


def committee_sheet(cases: list[Case], exam_at: str, exam_by: date) -> list[CaseDecision]:
    """The training committee's sheet for the agenda: a file back from its physical
    examination is approved; of the new ones the last is rejected and, with three or
    more, the one before it sent to an examination (at hospital `exam_at` by
    `exam_by`); a suspected duplicate is rejected as one; the rest are approved."""
    fresh = list(
        dict.fromkeys(c.application_number for c in cases if c.state != State.EXAM_REQUIRED)
    )
    rejected = fresh[-1] if len(fresh) >= 2 else None
    examined = fresh[-2] if len(fresh) >= 3 else None
    rows = []
    for row, case in enumerate(cases, 1):
        number = case.application_number
        if case.duplicate:  # approving it would give the person a second certificate
            outcome, reasons = Outcome.REJECTED, DUPLICATE
        elif number == rejected:
            outcome, reasons = Outcome.REJECTED, REJECTION
        elif number == examined:
            outcome, reasons = Outcome.EXAM_REQUIRED, EXAMINATION
        else:
            outcome, reasons = Outcome.APPROVED, ""
        exam = outcome == Outcome.EXAM_REQUIRED
        rows.append(
            CaseDecision(
                row,
                number,
                case.disease_code,
                outcome,
                reasons,
                EXPERTS,
                exam_hospital=exam_at if exam else "",
                exam_by=exam_by if exam else None,
            )
        )
    return rows


def decide(
    db: Database, keys: SyncKeys, office: Actor, today: Callable[[], date]
) -> tuple[int, list[str]]:
    """The training committee decides every case waiting at the county `db`:
    how many decisions, and the certificate numbers issued."""
    review = ReviewService(db, today)
    sheet = committee_sheet(review.agenda(), review.examination_hospital(), today() + EXAM_WITHIN)
    if not sheet:
        return 0, []
    recorded = review.record(office, sheet, keys.signing)
    return recorded.decisions, recorded.certificates


class TrainingCounty:
    def __init__(self, paths: TrainingPaths, today: Callable[[], date] = date.today) -> None:
        self.paths = paths
        self.today = today

    def answer_beside(self, package: Path) -> CountyAnswer:
        """Answer into the folder the package came in (the stick), named as the
        county's packages are."""
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        return self.answer(
            package, package.with_name(package_file_name(COUNTY.code, STATION.code, stamp))
        )

    def answer(self, package: Path, out: Path) -> CountyAnswer:
        """Import the station's package, let the committee decide what waits, and
        write the decisions for the station into `out`."""
        db = open_database(self.paths.county)
        try:
            keys = SyncKeys.load(stored_secrets(db))
            # The county's own people act here: its office imports and exports, its
            # committee's sheet is recorded by the county administrator.
            office = Actor.command_line(Role.COUNTY_ADMIN)
            imported = ImportService(db, keys).import_package(office, package)
            decided = decide(db, keys, office, self.today)
            result = ExportService(db, keys).export(office, out, STATION.code)
        finally:
            db.close()
        return CountyAnswer(imported.changes, decided[0], decided[1], result.path, result.size)
