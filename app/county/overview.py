"""The county's dashboard: this quarter's files by station and disease, what each
station sent and when, the cases waiting (for the committee, a physical examination,
materials), the public notices running, the certificates to renew and the stations
gone silent. Every figure carries what opens its list: the cases' filter, or the
station's code.

It reads through the services the pages use (the applications list, the committee's
states, the notices, the register, the stations' overview), so a figure and the list
it opens agree. It lives above app/review and app/sync because it reads both (and
app/sync reads app/review).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime

from app.db.database import Database
from app.domain.quarters import review_quarter
from app.domain.workflow import State
from app.intake.catalogue import CatalogueService
from app.intake.listing import ApplicationFilter, ApplicationList
from app.review.committee import WAITING
from app.review.notice import RUNNING, NoticeInfo, NoticeService
from app.review.register import RENEWAL_DAYS, CertificateRegister
from app.security.secrets import SecretStore
from app.sync.stations import StationOverview, StationService

SILENT_DAYS = 14  # a station that sent nothing for longer is called silent

# The three waits are apart: the committee's agenda also holds the cases sent for a
# physical examination, which the dashboard counts on their own.
COMMITTEE = tuple(s.value for s in WAITING if s != State.EXAM_REQUIRED)
EXAMINATION = (State.EXAM_REQUIRED.value,)
MATERIALS = (State.AWAITING_MATERIALS.value,)


@dataclass(frozen=True)
class Figure:
    """A count and the filter of the Cases page that lists what it counts."""

    value: int
    filter: ApplicationFilter


@dataclass(frozen=True)
class StationQuarter:
    """One row of the quarter's table: a station's files by disease."""

    code: str
    name: str
    by_disease: dict[str, Figure]  # disease code → files naming it (diseases with none left out)
    total: Figure  # its files this quarter (one naming two diseases counts once)


@dataclass(frozen=True)
class StationActivity:
    code: str
    name: str
    packages: int  # received, ever
    last_package_at: datetime | None  # when the newest (by the station's numbering) arrived
    last_sync_at: datetime | None
    silent_days: int  # since the last package or sync (or since it was trusted)


@dataclass(frozen=True)
class CountyOverviewData:
    today: date
    quarter: date
    diseases: tuple[str, ...]  # the table's columns: codes, most files first
    by_station: tuple[StationQuarter, ...]  # the table's rows, by code
    disease_totals: dict[str, Figure]
    quarter_total: Figure
    waiting_committee: Figure
    waiting_examination: Figure
    waiting_materials: Figure
    notices_running: tuple[NoticeInfo, ...]  # in their period, soonest end first
    notices_to_close: tuple[NoticeInfo, ...]  # period over, not closed yet
    expiring: int  # certificates in effect ending within `expiring_days`
    expiring_days: int
    stations: tuple[StationActivity, ...]  # trusted, not revoked, by code
    silent_after_days: int

    @property
    def silent(self) -> tuple[StationActivity, ...]:
        """Stations silent for more than `silent_after_days`, longest first."""
        quiet = [s for s in self.stations if s.silent_days > self.silent_after_days]
        return tuple(sorted(quiet, key=lambda s: (-s.silent_days, s.code)))


def _no_secrets() -> SecretStore:
    raise RuntimeError("the county's overview reads no secrets")


def _contact(station: StationOverview) -> datetime:
    package = station.last_package
    heard = [station.last_sync_at, None if package is None else package.received_at]
    return max((m for m in heard if m is not None), default=station.added_at)


class CountyOverview:
    def __init__(
        self,
        db: Database,
        today: Callable[[], date] = date.today,
        stations: StationService | None = None,
        silent_after_days: int = SILENT_DAYS,
    ) -> None:
        self.db = db
        self.today = today
        self.listing = ApplicationList(db)
        self.notices = NoticeService(db, today)
        self.register = CertificateRegister(db, today)
        self.station_service = stations or StationService(db, _no_secrets)
        self.silent_after_days = silent_after_days

    def load(self) -> CountyOverviewData:
        today = self.today()
        rules = CatalogueService(self.db).rules()
        quarter = review_quarter(today, rules.quarter_cutoff_day)
        this_quarter = ApplicationFilter(quarter=quarter)
        counts = self.listing.counts_by_station_and_disease(this_quarter)
        overviews = [s for s in self.station_service.overview() if s.revoked_at is None]
        names = dict(self.listing.stations()) | {s.code: s.name for s in overviews}
        codes = sorted({s.code for s in overviews} | {station for station, _ in counts})
        per_disease: dict[str, int] = {}
        for (_station, disease), n in counts.items():
            per_disease[disease] = per_disease.get(disease, 0) + n
        diseases = tuple(sorted(per_disease, key=lambda d: (-per_disease[d], d)))

        def cell(station: str | None, disease: str | None, value: int) -> Figure:
            return Figure(value, replace(this_quarter, station=station, disease=disease))

        rows = tuple(
            StationQuarter(
                code,
                names.get(code, code),
                {d: cell(code, d, n) for (s, d), n in counts.items() if s == code},
                cell(code, None, self.listing.count(replace(this_quarter, station=code))),
            )
            for code in codes
        )

        def waiting(states: tuple[str, ...]) -> Figure:
            flt = ApplicationFilter(states=states)
            return Figure(self.listing.count(flt), flt)

        # A notice whose period is over is no longer running, yet is not done either:
        # its certificates take effect only once someone closes it.
        open_ones = sorted(
            (n for n in self.notices.notices() if n.status == RUNNING),
            key=lambda n: n.period.ends_on,
        )
        running = [n for n in open_ones if today <= n.period.ends_on]
        activity = tuple(
            StationActivity(
                s.code,
                s.name,
                s.received,
                None if s.last_package is None else s.last_package.received_at,
                s.last_sync_at,
                max(0, (today - _contact(s).astimezone().date()).days),
            )
            for s in overviews
        )
        return CountyOverviewData(
            today=today,
            quarter=quarter,
            diseases=diseases,
            by_station=rows,
            disease_totals={d: cell(None, d, n) for d, n in per_disease.items()},
            quarter_total=Figure(self.listing.count(this_quarter), this_quarter),
            waiting_committee=waiting(COMMITTEE),
            waiting_examination=waiting(EXAMINATION),
            waiting_materials=waiting(MATERIALS),
            notices_running=tuple(running),
            notices_to_close=tuple(n for n in open_ones if today > n.period.ends_on),
            expiring=len(self.register.entries(expiring_within=RENEWAL_DAYS)),
            expiring_days=RENEWAL_DAYS,
            stations=activity,
            silent_after_days=self.silent_after_days,
        )
