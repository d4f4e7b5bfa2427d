"""Sent against received: for each batch of a station, what the station says the
batch holds (its roster, app/sync/roster.py) against the applications the county
holds for that batch, disease by disease, every difference named by application
number ("S001-2026-000007 missing")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import Application, ApplicationDisease, Batch, BatchReport, Disease
from app.i18n import Bilingual, join_clauses, join_list, t

NAMED = 5  # numbers named in a sentence; the rest are counted


@dataclass(frozen=True)
class DiseaseDifference:
    disease_code: str
    stated: int
    held: int
    missing: tuple[str, ...]  # the station lists them, the county does not hold them
    unstated: tuple[str, ...]  # the county holds them, the station does not list them


@dataclass(frozen=True)
class BatchReconciliation:
    batch_number: str
    quarter: date
    stated: dict[str, int] | None  # None: no package of the station stated it
    held: dict[str, int]
    differences: tuple[DiseaseDifference, ...]
    reported_in: int | None  # the sequence of the package that stated it
    reported_at: datetime | None
    sentence: str

    @property
    def agrees(self) -> bool:
        return self.stated is not None and not self.differences


def _numbers(numbers: tuple[str, ...]) -> str:
    named = join_list(numbers[:NAMED])
    if len(numbers) > NAMED:
        return t("reconciliation.and_more", numbers=named, more=len(numbers) - NAMED)
    return named


def _counts(counts: dict[str, int], names: dict[str, Bilingual]) -> str:
    return join_list(
        t("reconciliation.count", disease=names.get(code, code), count=n)
        for code, n in sorted(counts.items())
    )


def _difference_text(difference: DiseaseDifference, names: dict[str, Bilingual]) -> str:
    detail = []
    if difference.missing:
        detail.append(t("reconciliation.missing", numbers=_numbers(difference.missing)))
    if difference.unstated:
        detail.append(t("reconciliation.unstated", numbers=_numbers(difference.unstated)))
    return t(
        "reconciliation.difference",
        disease=names.get(difference.disease_code, difference.disease_code),
        stated=difference.stated,
        held=difference.held,
        detail=join_list(detail),
    )


def compare(
    stated: dict[str, list[str]], held: dict[str, set[str]]
) -> tuple[DiseaseDifference, ...]:
    """The diseases whose numbers differ, in code order."""
    differences = []
    for code in sorted(set(stated) | set(held)):
        says, holds = set(stated.get(code, ())), held.get(code, set())
        if says != holds:
            differences.append(
                DiseaseDifference(
                    code,
                    len(says),
                    len(holds),
                    tuple(sorted(says - holds)),
                    tuple(sorted(holds - says)),
                )
            )
    return tuple(differences)


def _sentence(
    batch: str,
    stated: dict[str, list[str]] | None,
    held: dict[str, set[str]],
    differences: tuple[DiseaseDifference, ...],
    names: dict[str, Bilingual],
) -> str:
    held_counts = {code: len(numbers) for code, numbers in held.items()}
    if stated is None:
        return t(
            "reconciliation.not_stated",
            batch=batch,
            held=_counts(held_counts, names) or t("reconciliation.nothing"),
        )
    if not differences:
        return t(
            "reconciliation.agrees",
            batch=batch,
            counts=_counts(held_counts, names) or t("reconciliation.nothing"),
        )
    return t(
        "reconciliation.differs",
        batch=batch,
        differences=join_clauses(_difference_text(d, names) for d in differences),
    )


def reconcile(session: Session, station: str) -> list[BatchReconciliation]:
    """Every batch of `station` the county holds, newest quarter first."""
    names = {
        code: Bilingual(zh, en)
        for code, zh, en in session.execute(select(Disease.code, Disease.name_zh, Disease.name_en))
    }
    batches = session.scalars(
        select(Batch)
        .where(Batch.station_code == station)
        .order_by(Batch.quarter.desc(), Batch.number.desc())
    ).all()
    reports = {
        r.batch_id: r
        for r in session.scalars(select(BatchReport).where(BatchReport.station_code == station))
    }
    held_by_batch: dict[object, dict[str, set[str]]] = {}
    for batch_id, code, number in session.execute(
        select(Application.batch_id, ApplicationDisease.disease_code, Application.number)
        .join(ApplicationDisease, ApplicationDisease.application_id == Application.id)
        .where(Application.station_code == station, Application.batch_id.is_not(None))
    ):
        held_by_batch.setdefault(batch_id, {}).setdefault(code, set()).add(number)
    result = []
    for batch in batches:
        report = reports.get(batch.id)
        stated = None if report is None else dict(report.by_disease)
        held = held_by_batch.get(batch.id, {})
        differences = () if stated is None else compare(stated, held)
        result.append(
            BatchReconciliation(
                batch.number,
                batch.quarter,
                None if stated is None else {code: len(n) for code, n in stated.items()},
                {code: len(n) for code, n in held.items()},
                differences,
                None if report is None else report.sequence,
                None if report is None else report.reported_at,
                _sentence(batch.number, stated, held, differences, names),
            )
        )
    return result
