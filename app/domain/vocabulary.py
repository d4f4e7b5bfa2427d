"""The fixed words stored as text in the database, in packages and in the sync
service's answers.

Each is a `StrEnum`, so a stored value compares equal to its member and code says
`InstallationRole.COUNTY` where it used to say `"county"`: a typo is a NameError at
import instead of a comparison that is silently never true. Users' roles and
applications' states live with the workflow (app/domain/workflow.py). The meaning of
each word is in docs/glossary.md.
"""

from __future__ import annotations

from enum import StrEnum


class InstallationRole(StrEnum):
    """Which side of the process an installation serves (fixed at `ncms init`)."""

    STATION = "station"
    COUNTY = "county"


class ApplicationKind(StrEnum):
    """A first application for a disease, or the renewal of a certificate before it
    lapses (the Chinese paper says 复审: see app/domain/print_labels.py)."""

    NEW = "new"
    RENEWAL = "renewal"


class Direction(StrEnum):
    """A package in this installation's history: written here, or applied here."""

    OUT = "out"
    IN = "in"


class ImportStatus(StrEnum):
    """What importing a package did: the word `ncms import`, the window and the
    county's sync service report."""

    APPLIED = "applied"
    ALREADY = "already"  # applied here before; nothing changed
    STALE = "stale"  # older than what is here and nothing in it newer; nothing changed
    # Only in the sync service's answer about an upload, never an ImportResult's:
    REFUSED = "refused"  # checked and not applied (forged, damaged, not for us)
    PENDING = "pending"  # whole, not yet imported


class AckKind(StrEnum):
    """Which thing an acknowledgement confirms: a record of one of the tables that
    carry a version (its id, at that version), a history step (state_change), the
    sender's audit head (its hash, at its entry count) or a whole package.

    The one name in code is `AckKind`. Two older names stay for what is already out
    there: a package's `acks` entry carries it in its `type` field, and the
    `sync_ack` table stores it in its `kind` column; changing either would break
    packages in transit and databases in use.
    """

    APPLICATION = "application"
    PERSON = "person"
    DOCUMENT = "document"
    DECISION = "decision"
    CERTIFICATE = "certificate"
    CERTIFICATE_EVENT = "certificate_event"
    APPEAL = "appeal"
    STATE_CHANGE = "state_change"
    AUDIT_HEAD = "audit_head"
    PACKAGE = "package"


class BatchState(StrEnum):
    OPEN = "open"
    CLOSED = "closed"  # made and ready to go with the next export
    SENT = "sent"


class Outcome(StrEnum):
    """The committee's outcome for one declared disease."""

    APPROVED = "approved"
    REJECTED = "rejected"
    EXAM_REQUIRED = "exam_required"  # a physical examination at a designated hospital
    SUPPLEMENT_REQUESTED = "supplement_requested"
    # Only on a declared disease, before its decision arrives; never a decision's outcome.
    PENDING = "pending"


DECISION_OUTCOMES = (
    Outcome.APPROVED,
    Outcome.REJECTED,
    Outcome.EXAM_REQUIRED,
    Outcome.SUPPLEMENT_REQUESTED,
)


class ChecklistStatus(StrEnum):
    """Where one required material of an application stands."""

    PENDING = "pending"  # not looked at yet
    PROVIDED = "provided"
    MISSING = "missing"  # asked for in the one notice listing everything missing
    INSUFFICIENT = "insufficient"  # brought, but not what the catalogue asks


class DocumentKind(StrEnum):
    """What a captured document shows; the catalogue's materials name one each."""

    PHOTO = "photo"
    ID_FRONT = "id_front"
    ID_BACK = "id_back"
    INSURANCE_CARD = "insurance_card"
    MEDICAL_RECORD = "medical_record"
    DISCHARGE_RECORD = "discharge_record"
    DIAGNOSIS_PROOF = "diagnosis_proof"
    EXAM_REPORT = "exam_report"
    OTHER = "other"
