"""The training county center behind `ncms gui --demo county`: a practice county
whose committee has work waiting, so county staff can practise the quarter's review.

Every file it holds came the way a real one comes. Three practice stations are
ordinary installations made by `init`, trusted by the county; each gets a quarter of
demo applicants (DemoGenerator), its head examines what is complete and makes the
quarter's batch, its package is exported and the county imports it (ImportService).
One applicant pending at one station also applies at the next one for the same
disease, so the import flags a cross-station duplicate for the Cases page.

The folder sits beside the real data directory (`<data>-county-training`), apart
from the station training's, is made whole or not at all, and is kept until someone
starts over, as app/training/installation.py does for the station.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy import select

from app.admin.installation import InitRequest, stored_secrets
from app.admin.users import UserService
from app.db.database import Database, open_database
from app.db.models import Application
from app.domain.quarters import review_quarter
from app.domain.vocabulary import ChecklistStatus, Outcome
from app.domain.workflow import Role, State
from app.examination.batches import BatchService
from app.examination.examination import ExaminationService
from app.intake.applications import ApplicationInput, ApplicationService, PersonInput
from app.intake.catalogue import CatalogueService
from app.intake.listing import ApplicationFilter, ApplicationList
from app.national.codes import NationalCodes
from app.national.filing import NationalFilingService
from app.paths import DataPaths
from app.review.meeting import AgendaItem, Conclusion, MeetingService
from app.review.notice import NoticePeriod
from app.security.actor import Actor
from app.security.secrets import SecretStore
from app.sync.context import SyncKeys
from app.sync.export import ExportService
from app.sync.importing import ImportService
from app.training.installation import (
    COUNTY,
    DEMO_SEED,
    STATION,
    TRAINING_PASSWORD,
    TRAINING_USERS,
    TrainingFolder,
    staging,
    start_over,
    training_installation,
    trust_each_other,
)

# login, role, display name: the county's trainee, prefilled at login as the station's are.
REVIEWER = ("training-reviewer", Role.COUNTY_REVIEWER.value, "培训审核员")


# The practice stations and their townships (the first is the station training's own).
def _station(code: str, township: str) -> tuple[InitRequest, str]:
    name = f"{township}合管站（培训）"
    return InitRequest("station", code, name, COUNTY.code, TRAINING_PASSWORD), township


STATIONS = ((STATION, "宜沟镇"), _station("S002", "菜园镇"), _station("S003", "任固镇"))
# Per station: about one in eight demo files is the quarter's (accepted or batched),
# so the committee's agenda holds some forty cases, quick to make and to review.
APPLICATIONS = 100


@dataclass(frozen=True)
class CountyTrainingPaths(TrainingFolder):
    @classmethod
    def beside(cls, data_root: Path) -> CountyTrainingPaths:
        """`<data>-county-training`, next to the data directory and to the station
        training's `<data>-training`."""
        return cls(data_root.with_name(data_root.name + "-county-training"))

    @property
    def county(self) -> DataPaths:
        return DataPaths(self.root / "county")

    def station(self, code: str) -> DataPaths:
        return DataPaths(self.root / "stations" / code)

    @property
    def packages(self) -> Path:
        """The stations' packages, as they came to the county."""
        return self.root / "packages"

    def exists(self) -> bool:
        """Made whole, and not to be started over."""
        return self.county.database.exists() and not self.start_over_marker.exists()


@dataclass
class CountyTraining:
    """The practice county, open."""

    paths: CountyTrainingPaths
    db: Database
    secrets: SecretStore
    username: str
    password: str


def open_county_training(
    paths: CountyTrainingPaths,
    applications: int = APPLICATIONS,
    progress: Callable[[int, int], None] | None = None,
) -> CountyTraining:
    """The training county of `paths`, made first if there is none yet;
    `applications` per station, `progress` told (done, total) over all of them."""
    if not paths.exists():
        _create(paths, applications, progress)
    db = open_database(paths.county)
    return CountyTraining(paths, db, stored_secrets(db), REVIEWER[0], TRAINING_PASSWORD)


def _create(
    paths: CountyTrainingPaths, applications: int, progress: Callable[[int, int], None] | None
) -> None:
    made = CountyTrainingPaths(staging(paths))
    start_over(paths)
    county = training_installation(made.county, COUNTY)
    try:
        username, role, display_name = REVIEWER
        UserService(county).add(
            Actor.command_line(), username, role, TRAINING_PASSWORD, display_name=display_name
        )
        keys = SyncKeys.load(stored_secrets(county))
        office = Actor(username, Role.COUNTY_REVIEWER, display_name=display_name)
        made.packages.mkdir(parents=True)
        total = applications * len(STATIONS)
        twin: ApplicationInput | None = None
        for index, (request, township) in enumerate(STATIONS):
            station = training_installation(made.station(request.code), request)
            try:
                trust_each_other(station, county)
                quarter = _PracticeStation(station, keys, index, township)

                def told(done: int, _count: int, base: int = index * applications) -> None:
                    if progress:
                        progress(base + done, total)

                quarter.generate(applications, told)
                if twin is not None:
                    quarter.receive(twin)
                package, twin = quarter.report(made.packages)
            finally:
                station.close()
            ImportService(county, keys).import_package(office, package)
        rejected = _earlier_meetings(county, keys, office)
        if rejected is not None:
            _an_appeal(made, county, keys, office, rejected)
        _national_codes(county, office)
    finally:
        county.close()
    made.root.replace(paths.root)


# Two meetings of the past weeks, so that a trainee finds public notices to practise
# on today: one whose period is over (ready to close) and one running (objections
# can be recorded). Each approved a few cases and deferred the rest to the
# trainee's own meeting. (Days before today it was held, cases it approved.)
EARLIER_MEETINGS = ((21, 2), (3, 2))
MEMBERS = ("张医生", "李医生", "王主任")


# The first earlier meeting also rejects one file of the first station, whose
# applicant appealed since: an appeal case waits on the trainee's agenda.
REJECTION = "病历不能证明为Ⅱ期及以上高血压"
APPEAL_REASONS = ("已在县人民医院住院复查，诊断明确", "补充出院记录")


def _earlier_meetings(county: Database, keys: SyncKeys, office: Actor) -> uuid.UUID | None:
    """The meetings held; the file the first rejected, if it found one to reject."""
    rejected: uuid.UUID | None = None
    for days_ago, approved in EARLIER_MEETINGS:
        held = date.today() - timedelta(days=days_ago)
        meetings = MeetingService(county, today=lambda held=held: held)  # type: ignore[misc]
        meeting = meetings.open(office, held, MEMBERS)
        # Not the duplicate: that is the trainee's to find on the Cases page. Files
        # whose doctor's code is known first: once the notice closes, the national
        # export has complete records to practise with.
        items = [i for i in meetings.items(meeting.id) if not i.case.duplicate]
        with county.reader() as session:
            coded = set(
                session.scalars(select(Application.id).where(Application.doctor_code != ""))
            )
        files: dict[uuid.UUID, list[AgendaItem]] = {}
        for item in items:  # a certificate is issued once each of its diseases is decided
            files.setdefault(item.case.application_id, []).append(item)
        chosen = sorted(files, key=lambda application: application not in coded)
        for application in chosen[:approved]:
            for item in files[application]:
                approve = Conclusion(Outcome.APPROVED, experts=MEMBERS[:2])
                meetings.conclude(office, item.id, approve, item.version)
        first_station = STATIONS[0][0].code
        if rejected is None:
            rejected = next(
                (a for a in chosen[approved:] if files[a][0].case.station_code == first_station),
                None,
            )
            for item in files.get(rejected, []) if rejected else []:
                reject = Conclusion(Outcome.REJECTED, REJECTION, MEMBERS[1:])
                meetings.conclude(office, item.id, reject, item.version)
        meetings.close(office, meeting.id, keys.signing, NoticePeriod.after(held), defer_rest=True)
    return rejected


def _an_appeal(
    made: CountyTrainingPaths,
    county: Database,
    keys: SyncKeys,
    office: Actor,
    rejected: uuid.UUID,
) -> None:
    """The rejection goes down to the first station, whose counter records the
    applicant's appeal a few days later; its package comes back up."""
    from app.appeals.lodging import AppealService  # only the training county needs it

    code = STATIONS[0][0].code
    station = open_database(made.station(code))
    try:
        station_keys = SyncKeys.load(stored_secrets(station))
        head = _PracticeStation(station, keys, 0, STATIONS[0][1]).head
        down = made.packages / f"{code}-decisions.ncmspkg"
        ExportService(county, keys).export(office, down, code)
        ImportService(station, station_keys).import_package(head, down)
        lodged = date.today() - timedelta(days=EARLIER_MEETINGS[0][0] - 4)
        AppealService(station, today=lambda: lodged).lodge(head, rejected, APPEAL_REASONS)
        up = made.packages / f"{code}-appeal.ncmspkg"
        ExportService(station, station_keys).export(head, up)
    finally:
        station.close()
    ImportService(county, keys).import_package(office, up)


# The training county's area at the national platform (汤阴县's division code).
TRAINING_AREA = "410523"


def _national_codes(county: Database, office: Actor) -> None:
    """What a county's IT person maps once, so the national export can be practised:
    the area code, and made-up institution codes (H, the hospital's area, a five-digit
    number) for every hospital. Diseases keep the catalogue's mapping: those it
    leaves unmapped show the trainee what the export holds back, and why."""
    NationalFilingService(county).set_area(office, TRAINING_AREA)
    codes = NationalCodes(county)
    for mapping in codes.mappings():
        if mapping.kind == "hospital":
            area, number = mapping.code[1:7], int(mapping.code[7:])
            codes.map_hospital(office, mapping.code, f"H{area}{number:05d}")


def _townships() -> dict[str, list[str]]:
    text = resources.files("resources").joinpath("demo", "townships.json").read_text("utf-8")
    villages: dict[str, list[str]] = json.loads(text)
    return villages


class _PracticeStation:
    """One practice station's quarter, done with the station's own services."""

    def __init__(self, db: Database, county: SyncKeys, index: int, township: str) -> None:
        self.db = db
        self.county = county
        self.index = index
        self.township = township
        clerk, head = TRAINING_USERS["clerk"], TRAINING_USERS["head"]
        self.clerk = Actor(clerk[0], Role(clerk[1]), display_name=clerk[2])
        self.head = Actor(head[0], Role(head[1]), display_name=head[2])
        self.applications = ApplicationService(db)
        self.examination = ExaminationService(db)

    def generate(self, count: int, progress: Callable[[int, int], None]) -> None:
        # Imported here: the demo pulls in image drawing.
        from app.training.demo import DemoGenerator

        villages = _townships().get(self.township)
        township: dict[str, Any] = (
            {"township": self.township, "villages": villages} if villages else {}
        )
        DemoGenerator(
            self.db,
            seed=DEMO_SEED + self.index,
            county_key=self.county.signing,
            township=township,
        ).run(count, chunk=100, progress=progress)

    def receive(self, data: ApplicationInput) -> None:
        """The counter receives a file with every material brought."""
        ref = self.applications.save_draft(self.clerk, data)
        for item in self.applications.get(ref.id).checklist:
            self.examination.set_checklist(
                self.clerk, ref.id, item.material_code, ChecklistStatus.PROVIDED
            )
        self.applications.receive(self.clerk, ref.id)

    def report(self, folder: Path) -> tuple[Path, ApplicationInput | None]:
        """The head accepts every received file that lacks nothing, makes the
        quarter's batch and exports it: the package, and one of its applicants as
        the next station's counter would receive them again."""
        received = ApplicationList(self.db).page(
            ApplicationFilter(states=(State.RECEIVED.value,)), limit=10_000
        )
        for row in received:
            if not self.applications.missing(row.id):
                self.examination.accept(self.head, row.id)
        batches = BatchService(self.db)
        quarter = review_quarter(date.today(), CatalogueService(self.db).rules().quarter_cutoff_day)
        if batches.preview(quarter).applications:
            batches.make(self.head, quarter)
        me = self.db.installation()
        out = folder / f"{me.code}.ncmspkg"
        sent = ExportService(self.db, SyncKeys.load(stored_secrets(self.db))).export(self.head, out)
        return out, self._again(sent.sent[0]) if sent.sent else None

    def _again(self, application_id: uuid.UUID) -> ApplicationInput:
        view = self.applications.get(application_id)
        person = view.applicant
        return ApplicationInput(
            person=PersonInput.of(person),
            disease_codes=[view.diseases[0].disease_code],
            hospital_code=view.hospital_code,
            diagnosis_date=view.diagnosis_date,
            doctor_name=view.doctor_name,
            doctor_code=view.doctor_code,
        )
