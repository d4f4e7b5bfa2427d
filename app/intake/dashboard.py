"""The review dashboard's figures for the current quarter, each with the filter
that lists the applications behind it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select

from app.db.database import Database
from app.db.models import Application, ApplicationDisease, Certificate, StateChange
from app.domain.quarters import cutoff_date, review_quarter
from app.domain.workflow import State
from app.intake.catalogue import CatalogueService
from app.intake.listing import ApplicationFilter, to_hand_out

EXPIRY_WINDOW_DAYS = 60
DECIDED = (State.APPROVED.value, State.PARTLY_APPROVED.value, State.REJECTED.value)


@dataclass(frozen=True)
class Figure:
    value: int
    filter: ApplicationFilter


@dataclass(frozen=True)
class DashboardData:
    quarter: date
    cutoff: date
    days_to_cutoff: int
    by_state: dict[str, Figure]
    by_disease: dict[str, Figure]
    awaiting_materials: Figure
    longest_wait_days: int
    accepted_not_batched: Figure
    decisions_received: Figure
    certificates_to_hand_out: Figure
    expiring_soon: Figure


def load_dashboard(db: Database, today: date) -> DashboardData:
    rules = CatalogueService(db).rules()
    quarter = review_quarter(today, rules.quarter_cutoff_day)
    cutoff = cutoff_date(quarter, rules.quarter_cutoff_day)
    in_quarter = Application.quarter == quarter
    soon = today + timedelta(days=EXPIRY_WINDOW_DAYS)
    with db.reader() as session:
        states = dict(
            session.execute(
                select(Application.state, func.count())
                .where(in_quarter)
                .group_by(Application.state)
            ).all()
        )
        diseases = dict(
            session.execute(
                select(ApplicationDisease.disease_code, func.count())
                .join(Application, Application.id == ApplicationDisease.application_id)
                .where(in_quarter)
                .group_by(ApplicationDisease.disease_code)
            ).all()
        )
        waiting_since = session.scalar(
            select(func.min(StateChange.at))
            .join(Application, Application.id == StateChange.application_id)
            .where(
                Application.state == State.AWAITING_MATERIALS.value,
                StateChange.to_state == State.AWAITING_MATERIALS.value,
            )
        )
        count_state = {
            s: session.scalar(
                select(func.count()).select_from(Application).where(Application.state == s)
            )
            or 0
            for s in (State.AWAITING_MATERIALS.value, State.STATION_ACCEPTED.value)
        }
        decided = (
            session.scalar(
                select(func.count())
                .select_from(Application)
                .where(in_quarter, Application.state.in_(DECIDED))
            )
            or 0
        )
        to_collect = (
            session.scalar(select(func.count()).select_from(Certificate).where(to_hand_out(today)))
            or 0
        )
        expiring = (
            session.scalar(
                select(func.count())
                .select_from(Certificate)
                .where(Certificate.valid_until >= today, Certificate.valid_until <= soon)
            )
            or 0
        )
    waited = (today - waiting_since.date()).days if waiting_since else 0
    return DashboardData(
        quarter=quarter,
        cutoff=cutoff,
        days_to_cutoff=(cutoff - today).days,
        by_state={
            s: Figure(n, ApplicationFilter(states=(s,), quarter=quarter)) for s, n in states.items()
        },
        by_disease={
            c: Figure(n, ApplicationFilter(disease=c, quarter=quarter)) for c, n in diseases.items()
        },
        awaiting_materials=Figure(
            count_state[State.AWAITING_MATERIALS.value],
            ApplicationFilter(states=(State.AWAITING_MATERIALS.value,)),
        ),
        longest_wait_days=max(waited, 0),
        accepted_not_batched=Figure(
            count_state[State.STATION_ACCEPTED.value],
            ApplicationFilter(states=(State.STATION_ACCEPTED.value,)),
        ),
        decisions_received=Figure(decided, ApplicationFilter(states=DECIDED, quarter=quarter)),
        certificates_to_hand_out=Figure(
            to_collect, ApplicationFilter(certificate_to_hand_out=today)
        ),
        expiring_soon=Figure(expiring, ApplicationFilter(certificate_expiring=(today, soon))),
    )


class DashboardService:
    def __init__(self, db: Database) -> None:
        self.db = db

    def load(self, today: date) -> DashboardData:
        return load_dashboard(self.db, today)
