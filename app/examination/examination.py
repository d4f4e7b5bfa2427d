"""The station's preliminary examination (初审) of a received application: each
required material found provided, missing or insufficient; then one notice listing
everything missing, acceptance by the station head, or return with its reasons."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from app import workflow
from app.db.database import Database
from app.db.models import Document
from app.domain.vocabulary import ChecklistStatus
from app.domain.workflow import STATION_ROLES, State, check_transition
from app.errors import NotFound, Problem, ValidationError
from app.intake.catalogue import CatalogueService
from app.intake.records import (
    ApplicationRef,
    application_ref,
    checklist_item,
    load_application,
    missing_materials,
    set_checklist_item,
)
from app.security.actor import Actor, require_role

CHECKLIST_STATUSES = tuple(ChecklistStatus)


class ExaminationService:
    def __init__(self, db: Database) -> None:
        self.db = db

    def set_checklist(
        self,
        actor: Actor,
        application_id: uuid.UUID,
        material_code: str,
        status: str,
        reason: str = "",
        document_id: uuid.UUID | None = None,
    ) -> None:
        require_role(actor, STATION_ROLES, "application.checklist")
        problems = []
        if status not in CHECKLIST_STATUSES:
            problems.append(Problem("status", "checklist.bad_status", {"status": status}))
        if status in (ChecklistStatus.MISSING, ChecklistStatus.INSUFFICIENT) and not reason.strip():
            problems.append(Problem("reason", "checklist.reason_required"))
        if problems:
            raise ValidationError(problems)
        with self.db.session() as session:
            app = load_application(session, application_id)
            item = checklist_item(app, material_code)
            if document_id is not None:
                document = session.get(Document, document_id)
                if document is None or document.application_id != app.id:
                    raise NotFound("document.not_found", id=str(document_id))
            set_checklist_item(session, actor, app, item, status, reason.strip(), document_id)
            app.version += 1

    def request_materials(self, actor: Actor, application_id: uuid.UUID) -> list[dict[str, str]]:
        """Record the one-time notice (一次性告知书): everything missing, at once."""
        with self.db.session() as session:
            app = load_application(session, application_id)
            missing = [m.as_dict() for m in missing_materials(app)]
            if not missing:
                raise ValidationError([Problem("checklist", "checklist.nothing_missing")])
            workflow.move(session, app, actor, State.AWAITING_MATERIALS, missing=missing)
            return missing

    def accept(self, actor: Actor, application_id: uuid.UUID) -> ApplicationRef:
        """Preliminary examination passed (station head only)."""
        with self.db.session() as session:
            app = load_application(session, application_id)
            check_transition(State(app.state), State.STATION_ACCEPTED, actor.role)
            missing = [m.material_code for m in missing_materials(app)]
            if not missing:
                workflow.move(session, app, actor, State.STATION_ACCEPTED)
                return application_ref(app)
        # Named as the clerk reads them on the checklist, not by their codes.
        materials = CatalogueService(self.db).materials()
        raise ValidationError(
            [
                Problem("checklist", "checklist.still_missing", {"material": name})
                for name in (materials[c].name if c in materials else c for c in missing)
            ]
        )

    def return_application(
        self, actor: Actor, application_id: uuid.UUID, reasons: Sequence[str]
    ) -> list[dict[str, str]]:
        """Return the application with its reasons and the list of everything missing."""
        reasons = [r.strip() for r in reasons if r.strip()]
        with self.db.session() as session:
            app = load_application(session, application_id)
            missing = [m.as_dict() for m in missing_materials(app)]
            if not reasons and not missing:
                raise ValidationError([Problem("reasons", "return.reason_required")])
            workflow.move(session, app, actor, State.RETURNED, reasons, missing)
            return missing
