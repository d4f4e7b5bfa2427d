"""The applications list: filter, search, sort and page through applications.

Pages are fetched on demand so a county-sized list (100,000 rows) opens as fast as
a small one; every filter is an indexed condition but the short number (see search).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, and_, func, or_, select

from app.db.database import Database
from app.db.models import Application, ApplicationDisease, Certificate, Hospital, Peer, Person
from app.intake.search import application_filter

# Any select over applications; filtering keeps its column types.
_Query = TypeVar("_Query", bound=Select[*tuple[Any, ...]])


@dataclass(frozen=True)
class ApplicationFilter:
    states: tuple[str, ...] = ()
    disease: str | None = None
    village: str | None = None
    quarter: date | None = None
    text: str = ""
    # Certificates valid until a day in [first, last]; certificates still to be
    # collected on a day (see `to_hand_out`).
    certificate_expiring: tuple[date, date] | None = None
    certificate_to_hand_out: date | None = None
    # The county's list: one station's files, one diagnosing hospital's, the files
    # flagged as another open application of the same person and disease.
    station: str | None = None
    hospital: str | None = None
    duplicates: bool = False


@dataclass(frozen=True)
class ApplicationRow:
    id: uuid.UUID
    number: str
    name: str
    id_number: str
    gender: str
    village: str
    diseases: tuple[str, ...]
    state: str
    quarter: date | None
    received_at: datetime | None
    updated_at: datetime
    station_code: str = ""
    hospital_code: str = ""
    duplicate: bool = False
    duplicate_number: str = ""  # the other station's application, when flagged


SORT_KEYS: dict[str, Any] = {
    "number": Application.number,
    "name": Person.name_pinyin,
    "village": Person.village,
    "state": Application.state,
    "quarter": Application.quarter,
    "received": Application.received_at,
    "updated": Application.updated_at,
    "station": Application.station_code,
}


def _filtered(query: _Query, flt: ApplicationFilter, *, person: bool = True) -> _Query:
    """`query` narrowed to `flt`; joined with the applicant when `person` (the page
    shows them) or when the filter reads them (a count needs no join otherwise: on
    the county's 300,000 files the join alone doubles its time)."""
    if person or flt.village or flt.text.strip():
        query = query.join(Person, Person.id == Application.person_id)
    if flt.states:
        query = query.where(Application.state.in_(flt.states))
    if flt.village:
        query = query.where(Person.village == flt.village)
    if flt.quarter:
        query = query.where(Application.quarter == flt.quarter)
    if flt.station:
        query = query.where(Application.station_code == flt.station)
    if flt.hospital:
        query = query.where(Application.hospital_code == flt.hospital)
    if flt.duplicates:
        query = query.where(Application.duplicate_of.is_not(None))
    if flt.disease:
        query = query.where(
            Application.id.in_(
                select(ApplicationDisease.application_id).where(
                    ApplicationDisease.disease_code == flt.disease
                )
            )
        )
    if flt.certificate_expiring:
        first, last = flt.certificate_expiring
        query = query.where(
            Application.id.in_(
                select(Certificate.application_id).where(
                    Certificate.valid_until >= first, Certificate.valid_until <= last
                )
            )
        )
    if flt.certificate_to_hand_out:
        query = query.where(
            Application.id.in_(
                select(Certificate.application_id).where(to_hand_out(flt.certificate_to_hand_out))
            )
        )
    condition = application_filter(flt.text)
    if condition is not None:
        query = query.where(condition)
    return query


class ApplicationList:
    def __init__(self, db: Database) -> None:
        self.db = db

    def count(self, flt: ApplicationFilter, limit: int | None = None) -> int:
        """How many applications `flt` selects; with a `limit`, counting stops past
        it (at `limit` + 1): a list says "more than N" rather than have the
        database count 100,000 rows on every keystroke."""
        with self.db.reader() as session:
            if limit is None:
                query = _filtered(select(func.count(Application.id)), flt, person=False)
                return session.scalar(query) or 0
            chosen = _filtered(select(Application.id), flt, person=False).limit(limit + 1)
            return session.scalar(select(func.count()).select_from(chosen.subquery())) or 0

    def page(
        self,
        flt: ApplicationFilter,
        sort: str = "updated",
        descending: bool = True,
        offset: int = 0,
        limit: int = 200,
    ) -> list[ApplicationRow]:
        key = SORT_KEYS[sort]
        order = (
            (key.desc(), Application.number.desc())
            if descending
            else (key.asc(), Application.number.asc())
        )
        query = _filtered(
            select(
                Application.id,
                Application.number,
                Person.name,
                Person.id_number,
                Person.gender,
                Person.village,
                Application.state,
                Application.quarter,
                Application.received_at,
                Application.updated_at,
                Application.station_code,
                Application.hospital_code,
                Application.duplicate_of,
            ),
            flt,
        )
        with self.db.reader() as session:
            rows = session.execute(query.order_by(*order).offset(offset).limit(limit)).all()
            diseases: dict[uuid.UUID, list[str]] = {}
            if rows:
                for app_id, code in session.execute(
                    select(ApplicationDisease.application_id, ApplicationDisease.disease_code)
                    .where(ApplicationDisease.application_id.in_([r.id for r in rows]))
                    .order_by(ApplicationDisease.position)
                ):
                    diseases.setdefault(app_id, []).append(code)
            others = {r.duplicate_of for r in rows if r.duplicate_of is not None}
            numbers = (
                dict(
                    session.execute(
                        select(Application.id, Application.number).where(Application.id.in_(others))
                    ).all()
                )
                if others
                else {}
            )
        return [
            ApplicationRow(
                r.id,
                r.number,
                r.name,
                r.id_number,
                r.gender,
                r.village,
                tuple(diseases.get(r.id, ())),
                r.state,
                r.quarter,
                r.received_at,
                r.updated_at,
                r.station_code,
                r.hospital_code or "",
                r.duplicate_of is not None,
                numbers.get(r.duplicate_of, "") if r.duplicate_of is not None else "",
            )
            for r in rows
        ]

    def counts_by_station_and_disease(self, flt: ApplicationFilter) -> dict[tuple[str, str], int]:
        """How many of the applications `flt` lists name each disease, per station:
        {(station code, disease code): count}. A cell's count is what
        `count(replace(flt, station=…, disease=…))` says, in one query for the table."""
        query = _filtered(
            select(
                Application.station_code,
                ApplicationDisease.disease_code,
                func.count(func.distinct(Application.id)),
            ).join(ApplicationDisease, ApplicationDisease.application_id == Application.id),
            flt,
        ).group_by(Application.station_code, ApplicationDisease.disease_code)
        with self.db.reader() as session:
            return {(station, disease): n for station, disease, n in session.execute(query)}

    def states(self) -> dict[str, int]:
        """How many applications are in each state, every quarter together."""
        with self.db.reader() as session:
            rows = session.execute(
                select(Application.state, func.count()).group_by(Application.state)
            )
            return dict(rows.all())

    def villages(self) -> list[str]:
        with self.db.reader() as session:
            return [
                v
                for v in session.scalars(select(Person.village).distinct().order_by(Person.village))
                if v
            ]

    def stations(self) -> list[tuple[str, str]]:
        """(code, name) of the stations whose files are here, by code: at the county
        named as their identities name them; at a station, itself."""
        with self.db.reader() as session:
            codes = session.scalars(
                select(Application.station_code).distinct().order_by(Application.station_code)
            ).all()
            names = dict(session.execute(select(Peer.code, Peer.name)).all())
        me = self.db.installation()
        names[me.code] = me.name
        return [(code, names.get(code, code)) for code in codes]

    def hospitals(self) -> list[tuple[str, str]]:
        """(code, name) of every hospital some file here names, by name."""
        with self.db.reader() as session:
            used = select(Application.hospital_code)
            return [
                (code, name)
                for code, name in session.execute(
                    select(Hospital.code, Hospital.name)
                    .where(Hospital.code.in_(used))
                    .order_by(Hospital.name)
                )
            ]

    def quarters(self) -> list[date]:
        with self.db.reader() as session:
            return [
                q
                for q in session.scalars(
                    select(Application.quarter).distinct().order_by(Application.quarter.desc())
                )
                if q
            ]


def to_hand_out(today: date) -> ColumnElement[bool]:
    """A certificate still to be collected: not handed out, standing, not expired —
    whatever its file's state (a partly approved file may be under appeal)."""
    return and_(
        Certificate.handed_out_at.is_(None),
        Certificate.revoked_on.is_(None),
        or_(Certificate.valid_until.is_(None), Certificate.valid_until >= today),
    )
