"""The quarter's figures as the county reads them: by disease and by village, how
many applications came in (new and renewal), passed the station's examination, were
returned, approved and rejected; with the quarter's roster and public list."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.certificates.issued import IssuedCertificate, read_certificates
from app.db.database import Database
from app.db.models import Application, Disease, StateChange
from app.domain.quarters import quarter_label
from app.domain.vocabulary import ApplicationKind, Outcome
from app.domain.workflow import State
from app.printing.printouts import (
    Office,
    PrintoutService,
    RosterLine,
    office,
)

APPROVED_STATES = frozenset(
    {State.APPROVED, State.PARTLY_APPROVED, State.CERTIFICATE_ISSUED, State.EXPIRED}
)
FIGURES = ("new", "renewal", "received", "accepted", "returned", "approved", "rejected")


@dataclass(frozen=True)
class Counts:
    new: int = 0
    renewal: int = 0
    received: int = 0
    accepted: int = 0  # passed the station's preliminary examination
    returned: int = 0
    approved: int = 0
    rejected: int = 0

    @property
    def approval_rate(self) -> float | None:
        decided = self.approved + self.rejected
        return self.approved / decided if decided else None

    @classmethod
    def total(cls, counts: Iterable[Counts]) -> Counts:
        summed: Counter[str] = Counter()
        for c in counts:
            summed.update({f: getattr(c, f) for f in FIGURES})
        return cls(**{f: summed[f] for f in FIGURES})


@dataclass(frozen=True)
class DiseaseRow:
    code: str
    name: str
    category: str
    counts: Counts


@dataclass(frozen=True)
class VillageRow:
    village: str
    counts: Counts


@dataclass(frozen=True)
class QuarterSummary:
    quarter: str
    office: Office
    by_disease: list[DiseaseRow]
    by_village: list[VillageRow]
    roster: list[RosterLine]  # every batch of the quarter, by disease
    public: list[IssuedCertificate]


class SummaryService:
    def __init__(self, db: Database, today: Callable[[], date] = date.today) -> None:
        self.db = db
        self.today = today

    def quarter(self, start: date) -> QuarterSummary:
        printouts = PrintoutService(self.db, self.today)
        with self.db.reader() as session:
            apps = session.scalars(
                select(Application)
                .where(Application.quarter == start, Application.state != State.DRAFT.value)
                .options(selectinload(Application.person), selectinload(Application.diseases))
            ).all()
            reached: dict[str, set[object]] = defaultdict(set)
            for app_id, state in session.execute(
                select(StateChange.application_id, StateChange.to_state)
                .join(Application, Application.id == StateChange.application_id)
                .where(
                    Application.quarter == start,
                    StateChange.to_state.in_([State.STATION_ACCEPTED.value, State.RETURNED.value]),
                )
            ):
                reached[state].add(app_id)
            diseases = {d.code: d for d in session.scalars(select(Disease))}
        per_disease: dict[str, Counter[str]] = defaultdict(Counter)
        per_village: dict[str, Counter[str]] = defaultdict(Counter)
        for app in apps:
            figures = Counter(
                {
                    app.kind if app.kind in tuple(ApplicationKind) else ApplicationKind.NEW: 1,
                    "received": 1,
                    "accepted": app.id in reached[State.STATION_ACCEPTED.value],
                    "returned": app.id in reached[State.RETURNED.value],
                }
            )
            village = per_village[app.person.village or "（未填村）"]
            village.update(figures)
            village["approved"] += State(app.state) in APPROVED_STATES
            village["rejected"] += app.state == State.REJECTED.value
            for item in app.diseases:
                row = per_disease[item.disease_code]
                row.update(figures)
                row["approved"] += item.outcome == Outcome.APPROVED
                row["rejected"] += item.outcome == Outcome.REJECTED
        return QuarterSummary(
            quarter=quarter_label(start),
            office=office(self.db),
            by_disease=[
                DiseaseRow(
                    code,
                    diseases[code].name_zh if code in diseases else code,
                    diseases[code].category if code in diseases else "",
                    _counts(figures),
                )
                for code, figures in sorted(per_disease.items())
            ],
            by_village=[
                VillageRow(village, _counts(figures))
                for village, figures in sorted(per_village.items())
            ],
            roster=list(printouts.quarter_roster(start)),
            # Set aside on an objection: never on a public list.
            public=[c for c in read_certificates(self.db, quarter=start) if c.revoked_on is None],
        )


def _counts(figures: Counter[str]) -> Counts:
    return Counts(**{f: int(figures[f]) for f in FIGURES})
