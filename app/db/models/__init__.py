"""All tables. Import from here so that the metadata is complete."""

from app.db.models.admin import (
    AuditEntry,
    RefusedPackage,
    SyncAck,
    SyncPackage,
    SyncState,
    User,
)
from app.db.models.appeals import Appeal
from app.db.models.base import Base
from app.db.models.catalogue import CatalogueVersion, Disease, Hospital, Material
from app.db.models.certificate_events import CertificateEvent
from app.db.models.documents import Document
from app.db.models.installation import Counter, Installation
from app.db.models.meeting import Meeting, MeetingCase
from app.db.models.national import NationalFiling, NationalSupplement
from app.db.models.notice import NoticeCertificate, Objection, PublicNotice
from app.db.models.peers import Peer
from app.db.models.people import (
    Application,
    ApplicationDisease,
    ChecklistItem,
    Person,
    StateChange,
)
from app.db.models.review import Batch, BatchReport, Certificate, Decision, DuplicateReview
from app.db.models.revocations import RevocationList

__all__ = [
    "Appeal",
    "Application",
    "ApplicationDisease",
    "AuditEntry",
    "Base",
    "Batch",
    "BatchReport",
    "CatalogueVersion",
    "Certificate",
    "CertificateEvent",
    "ChecklistItem",
    "Counter",
    "Decision",
    "Disease",
    "Document",
    "DuplicateReview",
    "Hospital",
    "Installation",
    "Material",
    "Meeting",
    "MeetingCase",
    "NationalFiling",
    "NationalSupplement",
    "NoticeCertificate",
    "Objection",
    "Peer",
    "Person",
    "PublicNotice",
    "RefusedPackage",
    "RevocationList",
    "StateChange",
    "SyncAck",
    "SyncPackage",
    "SyncState",
    "User",
]
