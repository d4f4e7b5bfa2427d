"""The quarter's batch: every accepted application of the quarter, in one move."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func, select

from app.db.database import Database
from app.db.models import Batch
from app.domain.workflow import Role
from app.errors import NcmsError, PermissionDenied
from app.examination.batch_list import list_batches
from app.examination.batches import BatchService
from app.examination.examination import ExaminationService
from app.intake.applications import ApplicationService
from app.security.actor import Actor
from tests.app.helpers import CLERK, HEAD, applicant, complete
from tests.conftest import TODAY


@pytest.fixture
def applications(db: Database) -> ApplicationService:
    return ApplicationService(db, today=lambda: TODAY)


def _accepted(service: ApplicationService, sequence: int, diseases: list[str]) -> uuid.UUID:
    examination = ExaminationService(service.db)
    ref = service.save_draft(CLERK, complete(diseases, person=applicant(sequence)))
    for item in service.get(ref.id).checklist:
        examination.set_checklist(CLERK, ref.id, item.material_code, "provided")
    service.receive(CLERK, ref.id)
    examination.accept(HEAD, ref.id)
    return ref.id


def _batches(db: Database) -> int:
    with db.reader() as session:
        return session.scalar(select(func.count()).select_from(Batch)) or 0


def test_a_batch_takes_every_accepted_application_and_counts_by_disease(
    db: Database, applications: ApplicationService
) -> None:
    first = _accepted(applications, 21, ["HTN", "DM"])
    second = _accepted(applications, 22, ["HTN"])
    waiting = applications.save_draft(CLERK, complete(person=applicant(23)))
    quarter = applications.get(first).quarter
    assert quarter is not None
    batches = BatchService(db)
    assert batches.preview(quarter).applications == 2
    made = batches.make(HEAD, quarter)
    assert (made.applications, made.by_disease) == (2, [("HTN", 2), ("DM", 1)])
    assert made.number is not None and made.number.endswith("-01")
    for app_id in (first, second):
        view = applications.get(app_id)
        assert view.state == "batched"
        assert [h.to_state for h in applications.history(app_id)][-1] == "batched"
    assert applications.get(waiting.id).state == "draft"  # not accepted: not batched
    assert [(b.number, b.applications, b.state) for b in list_batches(db)] == [
        (made.number, 2, "closed")
    ]


def test_nothing_accepted_makes_no_batch_and_says_which_quarter(
    db: Database, applications: ApplicationService
) -> None:
    quarter = applications.get(_accepted(applications, 21, ["HTN"])).quarter
    assert quarter is not None
    BatchService(db).make(HEAD, quarter)
    with pytest.raises(NcmsError, match=quarter.strftime("%Y")):
        BatchService(db).make(HEAD, quarter)
    assert _batches(db) == 1
    _accepted(applications, 22, ["DM"])
    assert (BatchService(db).make(HEAD, quarter).number or "").endswith("-02")  # no reuse


def test_only_station_staff_make_batches(db: Database, applications: ApplicationService) -> None:
    quarter = applications.get(_accepted(applications, 21, ["HTN"])).quarter
    assert quarter is not None
    with pytest.raises(PermissionDenied):
        BatchService(db).make(Actor("reviewer", Role.COUNTY_REVIEWER), quarter)
    assert _batches(db) == 0


def test_a_clerk_may_not_make_the_batch(db: Database, applications: ApplicationService) -> None:
    """What goes to the county is the station head's: the service refuses a clerk."""
    quarter = applications.get(_accepted(applications, 21, ["HTN"])).quarter
    assert quarter is not None
    with pytest.raises(PermissionDenied, match="clerk1"):
        BatchService(db).make(CLERK, quarter)
    assert _batches(db) == 0
    assert BatchService(db).make(HEAD, quarter).applications == 1
