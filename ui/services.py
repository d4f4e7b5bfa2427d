"""What the window's pages call, built once by the composition root (ui/app.py
`build_services`): each page is handed the few services it needs, never the
database or the blob store."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from app.certificates.printing import CertificateService
from app.examination.batches import BatchService
from app.intake.applications import ApplicationService
from app.intake.catalogue import CatalogueService
from app.intake.dashboard import DashboardService
from app.intake.documents import DocumentService
from app.intake.listing import ApplicationList
from app.intake.persons import PersonService
from app.intake.status import StatusService
from app.paths import DataPaths
from app.printing.printouts import PrintoutService
from app.printing.registers import Registers
from app.security.secrets import SecretStore
from app.sync.exchange import PackageExchange
from app.sync.peers import PeerService


@dataclass(frozen=True)
class Services:
    paths: DataPaths
    applications: ApplicationService
    listing: ApplicationList
    catalogue: CatalogueService
    persons: PersonService
    documents: DocumentService
    dashboard: DashboardService
    status: StatusService
    batches: BatchService
    registers: Registers
    printouts: PrintoutService
    certificates: CertificateService
    exchange: PackageExchange
    peers: PeerService
    # Read when a package is made or a token stored, not at start (see PackageExchange).
    secrets: Callable[[], SecretStore]
