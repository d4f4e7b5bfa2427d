"""What the window reads of one application: frozen copies that outlive the session."""

from __future__ import annotations

from dataclasses import FrozenInstanceError

import pytest

from app.db.database import Database
from app.intake.application_view import (
    Applicant,
    ApplicationView,
    ChecklistEntry,
    DeclaredDisease,
    HistoryEntry,
)
from app.intake.applications import ApplicationService
from tests.app.helpers import CLERK, applicant, complete
from tests.app.sync.helpers import png
from tests.conftest import TODAY


def test_an_application_is_read_whole_as_plain_values(sqlite_db: Database) -> None:
    service = ApplicationService(sqlite_db, today=lambda: TODAY)
    ref = service.save_draft(CLERK, complete(["HTN", "DM"]), ticks={"photo": True})
    service.attach_document(CLERK, ref.id, "medical_record", "scan.png", png(1))
    view = service.get(ref.id)
    assert type(view) is ApplicationView and type(view.applicant) is Applicant
    assert (view.id, view.number, view.state) == (ref.id, ref.number, "draft")
    assert view.version == ref.version + 1 and view.document_count == 1
    assert view.applicant.id_number == applicant().id_number
    assert view.diseases == (DeclaredDisease("HTN", "pending"), DeclaredDisease("DM", "pending"))
    assert all(type(i) is ChecklistEntry for i in view.checklist)
    assert ChecklistEntry("photo", "provided", "", None) in view.checklist
    with pytest.raises(FrozenInstanceError):
        view.state = "received"  # type: ignore[misc]


def test_history_entries_are_plain_values(sqlite_db: Database) -> None:
    service = ApplicationService(sqlite_db, today=lambda: TODAY)
    ref = service.save_draft(CLERK, complete())
    (step,) = service.history(ref.id)
    assert type(step) is HistoryEntry
    assert (step.from_state, step.to_state, step.actor) == (None, "draft", "clerk1")
    assert step.actor_role == CLERK.role and step.reasons == [] and step.missing_items == []
