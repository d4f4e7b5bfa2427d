"""What the window is given: every service of one open installation, built here once.

The window's composition root (ui/app.py) opens an installation with `open_services`
and hands each page the few services it needs, never the database or the blob store:
ui/ imports no storage at all (tests/app/test_layering.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from app.admin.auto_backup import BackupService
from app.admin.installation import stored_secrets
from app.admin.users import UserService
from app.appeals.lodging import AppealService
from app.certificates.printing import CertificateService
from app.county.overview import CountyOverview
from app.db.change_feed import ChangeFeed
from app.db.change_feed import connection_lost as database_unreachable
from app.db.database import Database, open_database
from app.examination.batch_list import BatchList
from app.examination.batches import BatchService
from app.examination.examination import ExaminationService
from app.intake.applications import ApplicationService
from app.intake.catalogue import CatalogueService
from app.intake.dashboard import DashboardService
from app.intake.documents import DocumentService
from app.intake.listing import ApplicationList
from app.intake.persons import PersonService
from app.intake.status import StatusService
from app.national.codes import NationalCodes
from app.national.filing import NationalFilingService
from app.paths import DataPaths
from app.printing.printouts import PrintoutService
from app.review.duplicates import DuplicateService
from app.review.meeting import MeetingService
from app.review.notice import NoticeService
from app.review.register import CertificateRegister
from app.review.reports import ReportService
from app.security.secrets import SecretStore
from app.sync.context import SyncKeys
from app.sync.exchange import PackageExchange
from app.sync.stations import StationService
from app.training.county import TrainingCounty
from app.training.county_center import CountyTraining
from app.training.installation import TrainingFolder, TrainingInstallation


@dataclass(frozen=True)
class Services:
    paths: DataPaths
    applications: ApplicationService
    examination: ExaminationService
    listing: ApplicationList
    catalogue: CatalogueService
    persons: PersonService
    documents: DocumentService
    dashboard: DashboardService
    status: StatusService
    batches: BatchService
    batch_list: BatchList
    printouts: PrintoutService
    certificates: CertificateService
    appeals: AppealService  # the station's
    exchange: PackageExchange
    users: UserService
    duplicates: DuplicateService
    meetings: MeetingService  # the county's
    notices: NoticeService  # the county's
    register: CertificateRegister  # the county's
    reports: ReportService  # the county's
    national: NationalFilingService  # the county's
    national_codes: NationalCodes  # the county's
    # What other desks commit, and whether the database answers (ui/db_watch.py).
    change_feed: Callable[[], ChangeFeed]
    stations: StationService  # the county's
    county_overview: CountyOverview  # the county's dashboard
    backups: BackupService  # daily and on closing (app/admin/auto_backup.py)
    # Training mode only: the practice county that answers the station's packages
    # (station training), and the folder the banner's "Start over" deletes.
    training_county: TrainingCounty | None = None
    training_folder: TrainingFolder | None = None

    def title(self) -> str:
        """`S001 宜沟镇合管站`: the installation, as the login dialog names it."""
        me = self.status.current()
        return f"{me.code} {me.name}"


def connection_lost(error: BaseException) -> bool:
    """The database could not be reached (the window shows its banner rather than
    an error): the storage layer's judgement, given to the window here."""
    return database_unreachable(error)


def build_services(
    db: Database,
    secrets: Callable[[], SecretStore] | None = None,
    keys: Callable[[], SyncKeys] | None = None,
    today: Callable[[], date] = date.today,
) -> Services:
    """Every service the window uses, over one database .

    The secret store and the keys are read when first needed, not here: a station
    that never syncs from this PC opens without its secret store unlocked."""
    secrets = secrets or (lambda: stored_secrets(db))
    stations = StationService(db, secrets)
    return Services(
        paths=db.paths,
        applications=ApplicationService(db, today=today),
        examination=ExaminationService(db),
        listing=ApplicationList(db),
        catalogue=CatalogueService(db),
        persons=PersonService(db),
        documents=DocumentService(db),
        dashboard=DashboardService(db),
        status=StatusService(db),
        batches=BatchService(db),
        batch_list=BatchList(db),
        printouts=PrintoutService(db, today),
        certificates=CertificateService(db, today),
        appeals=AppealService(db, today),
        exchange=PackageExchange(db, secrets, keys),
        users=UserService(db),
        duplicates=DuplicateService(db),
        meetings=MeetingService(db, today),
        notices=NoticeService(db, today),
        register=CertificateRegister(db, today),
        reports=ReportService(db),
        national=NationalFilingService(db, today),
        national_codes=NationalCodes(db),
        change_feed=lambda: ChangeFeed(db.engine),
        stations=stations,
        county_overview=CountyOverview(db, today, stations),
        backups=BackupService(db, secrets),
    )


def open_services(data_dir: str | Path | None, db_url: str | None) -> Services:
    """Open the installation in `data_dir` (or at `db_url`) and build its services."""
    return build_services(open_database(DataPaths.resolve(data_dir), db_url))


def training_services(training: TrainingInstallation) -> Services:
    """The training installation's services; its keys live in memory, never on disk."""
    held = training.secrets
    services = build_services(training.db, secrets=lambda: held)
    return replace(
        services, training_county=TrainingCounty(training.paths), training_folder=training.paths
    )


def county_training_services(training: CountyTraining) -> Services:
    """The training county's services, its keys held as the station training's are."""
    held = training.secrets
    return replace(
        build_services(training.db, secrets=lambda: held), training_folder=training.paths
    )
