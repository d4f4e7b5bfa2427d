"""The preliminary examination: each material's finding, the one notice of everything
missing, acceptance by the station head only, and return with its reasons."""

from __future__ import annotations

import uuid

import pytest

from app.domain.workflow import State
from app.errors import IllegalTransition, ValidationError
from app.examination.examination import ExaminationService
from app.intake.applications import ApplicationService
from tests.app.helpers import CLERK, HEAD, complete


def _provide_all(
    service: ApplicationService, examination: ExaminationService, app_id: uuid.UUID
) -> None:
    for item in service.get(app_id).checklist:
        examination.set_checklist(CLERK, app_id, item.material_code, "provided")


def test_checklist_union_notice_and_examination(
    service: ApplicationService, examination: ExaminationService
) -> None:
    ref = service.receive(CLERK, service.save_draft(CLERK, complete(["HTN", "MT"])).id)
    codes = [i.material_code for i in service.get(ref.id).checklist]
    assert codes[:2] == ["application_form", "photo"]
    assert {"exam_report", "pathology_report", "treatment_plan"} <= set(codes)
    assert len(codes) == len(set(codes))
    examination.set_checklist(CLERK, ref.id, "exam_report", "insufficient", "超过一个月")
    missing = examination.request_materials(CLERK, ref.id)
    assert {"material": "exam_report", "status": "insufficient", "reason": "超过一个月"} in (
        missing
    )
    assert len(missing) == len(codes)  # every item listed on the one notice
    (notice,) = [h for h in service.history(ref.id) if h.to_state == "awaiting_materials"]
    assert notice.missing_items == missing
    service.receive(CLERK, ref.id)  # materials brought back
    with pytest.raises(IllegalTransition, match="clerk role may not"):
        examination.accept(CLERK, ref.id)
    with pytest.raises(ValidationError, match="not yet provided: Recent 1-inch bareheaded photo"):
        examination.accept(HEAD, ref.id)
    _provide_all(service, examination, ref.id)
    assert examination.accept(HEAD, ref.id).state == State.STATION_ACCEPTED
    with pytest.raises(ValidationError, match="can no longer be changed"):
        service.save_draft(CLERK, complete(["HTN", "MT"]), ref.id)


def test_missing_reason_is_required(
    service: ApplicationService, examination: ExaminationService
) -> None:
    ref = service.save_draft(CLERK, complete())
    with pytest.raises(ValidationError, match="Say what is missing"):
        examination.set_checklist(CLERK, ref.id, "photo", "missing")


def test_return_records_reasons_and_missing(
    service: ApplicationService, examination: ExaminationService
) -> None:
    ref = service.receive(CLERK, service.save_draft(CLERK, complete()).id)
    missing = examination.return_application(HEAD, ref.id, ["诊断证明非县级医院出具"])
    last = service.history(ref.id)[-1]
    assert last.to_state == "returned" and last.reasons == ["诊断证明非县级医院出具"]
    assert last.missing_items == missing and last.actor == "head1"
