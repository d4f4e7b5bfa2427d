"""The county's reports: a quarter's outcomes by station and disease, and the
compliance rate of each diagnosing hospital (approved ÷ reviewed, per the domain
notes) with the cases behind it.

Both count declared diseases (人次), as the committee concludes them one by one: an
application naming two diseases counts in two rows. A disease's outcome is the one
on the application as it stands now, so an approval set aside on an objection is
back to waiting. A disease holds only a final outcome (approved, rejected); one not
concluded counts under what its file waits for: a physical examination, materials
the committee asked for, or the committee. Withdrawn applications (a duplicate, or
withdrawn at the station) are counted apart and never as reviewed.

The figures are counted by the database (GROUP BY), not by reading every file: a
county holds hundreds of thousands of them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import and_, case, exists, func, literal_column, select
from sqlalchemy.orm import aliased

from app.db.database import Database
from app.db.models import Application, ApplicationDisease, Decision, Disease, Hospital, Person
from app.domain.vocabulary import Outcome
from app.domain.workflow import State
from app.intake.listing import ApplicationList
from app.review.appeal_report import AppealReport, appeal_report

OUTCOME_FIGURES = ("approved", "rejected", "exam_required", "supplement_requested", "waiting")
NO_HOSPITAL = ""  # an application that names no diagnosing hospital
FIGURE_ORDER = (
    "received",
    "approved",
    "partly",
    "rejected",
    "exam_required",
    "supplement_requested",
    "waiting",
    "withdrawn",
)


@dataclass(frozen=True)
class OutcomeRow:
    """One station's files naming one disease in the quarter, by where they stand."""

    station_code: str
    station_name: str
    disease_code: str
    disease_name: str
    received: int = 0  # every file naming the disease, withdrawn ones too
    approved: int = 0
    partly: int = 0  # approved here, another disease of the same file rejected
    rejected: int = 0
    exam_required: int = 0
    supplement_requested: int = 0
    waiting: int = 0  # not concluded yet (or set aside and back on the agenda)
    withdrawn: int = 0

    def figures(self) -> tuple[int, ...]:
        """The counts in the order every table and sheet shows them (FIGURE_ORDER)."""
        return tuple(getattr(self, name) for name in FIGURE_ORDER)


@dataclass(frozen=True)
class QuarterOutcomes:
    quarter: date | None  # None: every quarter
    rows: tuple[OutcomeRow, ...]  # by station, then disease code
    total: OutcomeRow


@dataclass(frozen=True)
class HospitalRow:
    code: str  # NO_HOSPITAL for files naming none
    name: str
    level: str
    public: bool | None
    approved: int
    rejected: int

    @property
    def reviewed(self) -> int:
        return self.approved + self.rejected

    @property
    def rate(self) -> float | None:
        """Approved ÷ reviewed; None while nothing is concluded."""
        return self.approved / self.reviewed if self.reviewed else None


@dataclass(frozen=True)
class ComplianceCase:
    application_number: str
    name: str
    station_code: str
    disease_code: str
    disease_name: str
    outcome: str  # approved | rejected
    decided_on: date | None
    reasons: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class Compliance:
    quarter: date | None
    hospitals: tuple[HospitalRow, ...]  # lowest rate first: the ones to look into
    total: HospitalRow


def _partly() -> object:
    """True where the disease's file has an approved and a rejected disease."""
    other = aliased(ApplicationDisease)
    approved = aliased(ApplicationDisease)
    return and_(
        exists().where(
            approved.application_id == ApplicationDisease.application_id,
            approved.outcome == Outcome.APPROVED.value,
        ),
        exists().where(
            other.application_id == ApplicationDisease.application_id,
            other.outcome == Outcome.REJECTED.value,
        ),
    )


def _in_quarter(quarter: date | None) -> list[object]:
    conditions: list[object] = [Application.state != State.DRAFT.value]
    if quarter is not None:
        conditions.append(Application.quarter == quarter)
    return conditions


class ReportService:
    def __init__(self, db: Database) -> None:
        self.db = db

    def quarters(self) -> list[date]:
        """The quarters files here belong to, newest first (a report's choices)."""
        return ApplicationList(self.db).quarters()

    def quarter_outcomes(self, quarter: date | None) -> QuarterOutcomes:
        withdrawn = Application.state == State.WITHDRAWN.value
        # Literal columns, not bound values: PostgreSQL matches the GROUP BY to the
        # selected expression only when both are written the same.
        figure = case(
            (withdrawn, literal_column("'withdrawn'")),
            (ApplicationDisease.outcome != Outcome.PENDING.value, ApplicationDisease.outcome),
            (Application.state == State.EXAM_REQUIRED.value, literal_column("'exam_required'")),
            (
                Application.state == State.AWAITING_MATERIALS.value,
                literal_column("'supplement_requested'"),
            ),
            else_=literal_column("'waiting'"),
        )
        partly = case((and_(~withdrawn, _partly()), 1), else_=0)  # type: ignore[arg-type]
        with self.db.reader() as session:
            counted = session.execute(
                select(
                    Application.station_code,
                    ApplicationDisease.disease_code,
                    figure,
                    func.count(),
                    func.sum(partly),
                )
                .join(Application, Application.id == ApplicationDisease.application_id)
                .where(*_in_quarter(quarter))  # type: ignore[arg-type]
                .group_by(Application.station_code, ApplicationDisease.disease_code, figure)
            ).all()
            diseases = dict(session.execute(select(Disease.code, Disease.name_zh)).all())
        stations = dict(ApplicationList(self.db).stations())
        cells: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for station, disease, name, count, partly_count in counted:
            cell = cells[(station, disease)]
            cell["received"] += count
            key = name if name in (*OUTCOME_FIGURES, "withdrawn") else "waiting"
            cell[key] += count
            if name == Outcome.APPROVED.value:
                cell["partly"] += int(partly_count or 0)
        rows = tuple(
            OutcomeRow(
                station,
                stations.get(station, station),
                disease,
                diseases.get(disease, disease),
                **cells[(station, disease)],
            )
            for station, disease in sorted(cells)
        )
        return QuarterOutcomes(quarter, rows, _sum_rows(rows))

    def appeals(self, quarter: date | None) -> AppealReport:
        """Every appealed disease of the period's files and where it stands."""
        return appeal_report(self.db, quarter)

    def compliance(self, quarter: date | None) -> Compliance:
        concluded = (Outcome.APPROVED.value, Outcome.REJECTED.value)
        with self.db.reader() as session:
            counted = session.execute(
                select(Application.hospital_code, ApplicationDisease.outcome, func.count())
                .join(Application, Application.id == ApplicationDisease.application_id)
                .where(
                    *_in_quarter(quarter),  # type: ignore[arg-type]
                    Application.state != State.WITHDRAWN.value,
                    ApplicationDisease.outcome.in_(concluded),
                )
                .group_by(Application.hospital_code, ApplicationDisease.outcome)
            ).all()
            hospitals = {h.code: h for h in session.scalars(select(Hospital))}
        figures: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for code, outcome, count in counted:
            figures[code or NO_HOSPITAL][outcome] += count
        rows = []
        for code, by_outcome in figures.items():
            known = hospitals.get(code)
            rows.append(
                HospitalRow(
                    code,
                    known.name if known else code,
                    known.level if known else "",
                    known.public if known else None,
                    by_outcome[Outcome.APPROVED.value],
                    by_outcome[Outcome.REJECTED.value],
                )
            )
        rows.sort(key=lambda r: (r.rate if r.rate is not None else 2.0, -r.reviewed, r.code))
        total = HospitalRow(
            "",
            "",
            "",
            None,
            sum(r.approved for r in rows),
            sum(r.rejected for r in rows),
        )
        return Compliance(quarter, tuple(rows), total)

    def compliance_cases(self, hospital: str, quarter: date | None) -> list[ComplianceCase]:
        """The concluded diseases behind one hospital's rate, rejected first, with the
        committee's reasons for a rejection."""
        concluded = (Outcome.APPROVED.value, Outcome.REJECTED.value)
        named = (
            Application.hospital_code.is_(None)
            if hospital == NO_HOSPITAL
            else Application.hospital_code == hospital
        )
        with self.db.reader() as session:
            lines = session.execute(
                select(
                    Application.id,
                    Application.number,
                    Person.name,
                    Application.station_code,
                    ApplicationDisease.disease_code,
                    Disease.name_zh,
                    ApplicationDisease.outcome,
                )
                .join(Application, Application.id == ApplicationDisease.application_id)
                .join(Person, Person.id == Application.person_id)
                .join(Disease, Disease.code == ApplicationDisease.disease_code)
                .where(
                    *_in_quarter(quarter),  # type: ignore[arg-type]
                    named,
                    Application.state != State.WITHDRAWN.value,
                    ApplicationDisease.outcome.in_(concluded),
                )
            ).all()
            ids = {line[0] for line in lines}
            latest: dict[tuple[object, str, str], tuple[date, list[str]]] = {}
            if ids:
                for app_id, disease, outcome, decided_on, reasons in session.execute(
                    select(
                        Decision.application_id,
                        Decision.disease_code,
                        Decision.outcome,
                        Decision.decided_on,
                        Decision.reasons,
                    ).where(Decision.application_id.in_(ids), Decision.outcome.in_(concluded))
                ):
                    key = (app_id, disease, outcome)
                    if key not in latest or latest[key][0] <= decided_on:
                        latest[key] = (decided_on, list(reasons or []))
        cases = []
        for app_id, number, name, station, disease, disease_name, outcome in lines:
            decided = latest.get((app_id, disease, outcome))
            cases.append(
                ComplianceCase(
                    number,
                    name,
                    station,
                    disease,
                    disease_name,
                    outcome,
                    decided[0] if decided else None,
                    tuple(decided[1]) if decided and outcome == Outcome.REJECTED.value else (),
                )
            )
        cases.sort(key=lambda c: (c.outcome != Outcome.REJECTED.value, c.application_number))
        return cases


def _sum_rows(rows: tuple[OutcomeRow, ...]) -> OutcomeRow:
    return OutcomeRow("", "", "", "", **{f: sum(getattr(r, f) for r in rows) for f in FIGURE_ORDER})
