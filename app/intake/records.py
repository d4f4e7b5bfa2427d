"""An application as the services that change it hold it: loaded, referred to, and
its checklist set. The counter (ApplicationService) and the preliminary examination
(ExaminationService) both tick materials and answer with a reference, so one module
holds what they share rather than each a copy."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from app.blobs.intake import PreparedDocument
from app.blobs.store import BlobStore
from app.db.models import Application, ChecklistItem, Document
from app.db.types import utcnow
from app.domain.catalogue import MissingItem, missing_items
from app.errors import NotFound, Problem, ValidationError
from app.security import audit
from app.security.actor import Actor


@dataclass(frozen=True)
class ApplicationRef:
    id: uuid.UUID
    number: str
    state: str
    version: int


def application_ref(app: Application) -> ApplicationRef:
    return ApplicationRef(app.id, app.number, app.state, app.version)


def snapshot(obj: Any, *names: str) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in names}


def load_application(session: Session, application_id: uuid.UUID) -> Application:
    app = session.get(Application, application_id)
    if app is None:
        raise NotFound("application.not_found", id=str(application_id))
    return app


def missing_materials(app: Application) -> list[MissingItem]:
    checklist = {i.material_code: (i.status, i.reason) for i in app.checklist}
    return missing_items([i.material_code for i in app.checklist], checklist)


def checklist_item(app: Application, material_code: str) -> ChecklistItem:
    item = next((i for i in app.checklist if i.material_code == material_code), None)
    if item is None:
        raise ValidationError(
            [Problem("material", "checklist.not_required", {"material": material_code})]
        )
    return item


def set_checklist_item(
    session: Session,
    actor: Actor,
    app: Application,
    item: ChecklistItem,
    status: str,
    reason: str = "",
    document_id: uuid.UUID | None = None,
) -> None:
    """Set one checklist item and audit it; the caller bumps the version once."""
    before = snapshot(item, "status", "reason", "document_id")
    item.status, item.reason, item.document_id = status, reason, document_id
    audit.record(
        session,
        actor,
        "checklist.set",
        "application",
        app.id,
        before={item.material_code: before},
        after={item.material_code: snapshot(item, "status", "reason", "document_id")},
    )


def store_document(
    session: Session,
    blobs: BlobStore,
    actor: Actor,
    app: Application,
    kind: str,
    name: str,
    prepared: PreparedDocument,
    source: str,
) -> Document:
    """A prepared file's row and audit entry in the caller's transaction, its blob
    written first so a stored row always has its bytes. Whether the application
    may take it is the caller's to check (the counter's edit, or an appeal)."""
    blobs.put(prepared.data)
    document = Document(
        application_id=app.id,
        kind=kind,
        blob_sha256=prepared.sha256,
        media_type=prepared.media_type,
        size=len(prepared.data),
        pages=prepared.pages,
        width=prepared.width,
        height=prepared.height,
        source=source,
        original_name=name,
        captured_by=actor.username,
        captured_at=utcnow(),
        updated_by=actor.username,
    )
    session.add(document)
    session.flush()
    audit.record(
        session,
        actor,
        "document.add",
        "document",
        document.id,
        after={
            "application": str(app.id),
            "kind": kind,
            "sha256": prepared.sha256,
            "size": len(prepared.data),
        },
    )
    return document
