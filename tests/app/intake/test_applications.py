from __future__ import annotations

import io
from datetime import date

import pytest
from PIL import Image
from sqlalchemy import select

from app import i18n
from app.db.database import Database
from app.db.models import AuditEntry, Person
from app.errors import DocumentRefused, PermissionDenied, ValidationError
from app.examination.examination import ExaminationService
from app.intake import applications
from app.intake.applications import ApplicationService
from app.security.actor import Actor
from tests.app.helpers import (
    CLERK,
    HEAD,
    PRIVATE_HOSPITAL,
    TOWNSHIP_CLINIC,
    applicant,
    complete,
    row_counts,
)


def test_draft_records_person_with_derived_fields_and_pinyin(
    service: ApplicationService, db: Database
) -> None:
    ref = service.save_draft(CLERK, complete())
    assert ref.number == "S001-2026-000001" and ref.state == "draft"
    app = service.get(ref.id)
    person = app.applicant
    assert (person.birth_date, person.gender, person.birth_place) == (
        date(1952, 4, 9),
        "M",
        "河南省汤阴县",
    )
    assert (person.name_pinyin, person.name_initials) == ("wangxiuying", "wxy")
    assert [h.to_state for h in service.history(ref.id)] == ["draft"]
    with db.reader() as session:
        actions = set(session.scalars(select(AuditEntry.action)))
    assert {"person.create", "application.create"} <= actions


def test_bad_draft_lists_every_problem_and_stores_nothing(
    service: ApplicationService, db: Database
) -> None:
    before = row_counts(db)
    data = complete(
        ["HTN", "DM", "CHD"],
        person=applicant(id_number="410523195204090210", name="王", phone="call me"),
    )
    data.hospital_code = "NOPE"
    with pytest.raises(ValidationError) as caught:
        service.save_draft(CLERK, data)
    assert caught.value.fields() == {"id_number", "name", "phone", "diseases", "hospital"}
    assert row_counts(db) == before


def test_receive_reports_all_missing_fields_at_once(service: ApplicationService) -> None:
    ref = service.save_draft(
        CLERK, complete([], person=applicant(phone=""), hospital_code=None, diagnosis_date=None)
    )
    with pytest.raises(ValidationError) as caught:
        service.receive(CLERK, ref.id)
    assert caught.value.fields() == {"diseases", "hospital", "diagnosis_date", "phone"}
    assert service.get(ref.id).state == "draft"


def test_an_empty_form_gets_every_problem_at_once_and_stores_nothing(
    service: ApplicationService, db: Database
) -> None:
    before = row_counts(db)
    empty = complete([], person=applicant(id_number="", name="", phone=""), hospital_code=None)
    empty.diagnosis_date = None
    problems = service.receipt_check(CLERK, empty)
    assert {p.field for p in problems} == {
        "id_number",
        "name",
        "diseases",
        "hospital",
        "diagnosis_date",
        "phone",
    }
    assert row_counts(db) == before


def test_the_form_check_uses_receipts_rules_on_what_is_typed(
    service: ApplicationService,
) -> None:
    first = service.receive(CLERK, service.save_draft(CLERK, complete(["DM"])).id)
    typed = complete(["DM"], diagnosis_date=date(2027, 1, 1), agent_name="王小明")
    problems = {p.field: p.message for p in service.receipt_check(CLERK, typed)}
    assert first.number in problems["diseases"]  # the person is known: duplicates too
    assert problems["diagnosis_date"] == "The diagnosis date is in the future"
    assert set(problems) == {"diseases", "diagnosis_date", "agent_relation", "agent_id_number"}
    assert service.receipt_check(CLERK, complete(["HTN"])) == []


@pytest.mark.parametrize(
    ("hospital", "reason"),
    [(TOWNSHIP_CLINIC, "county level or above"), (PRIVATE_HOSPITAL, "not a public")],
)
def test_receive_explains_a_refused_hospital(
    service: ApplicationService, hospital: str, reason: str
) -> None:
    ref = service.save_draft(CLERK, complete(hospital_code=hospital))
    with pytest.raises(ValidationError, match=reason) as caught:
        service.receive(CLERK, ref.id)
    assert caught.value.fields() == {"hospital"}


def test_receive_assigns_the_quarter_by_the_cutoff(db: Database) -> None:
    early = ApplicationService(db, today=lambda: date(2026, 12, 15))
    late = ApplicationService(db, today=lambda: date(2026, 12, 16))
    first = early.receive(CLERK, early.save_draft(CLERK, complete(["HTN"])).id)
    second = late.receive(CLERK, late.save_draft(CLERK, complete(["DM"])).id)
    assert early.get(first.id).quarter == date(2026, 10, 1)
    assert late.get(second.id).quarter == date(2027, 1, 1)
    assert late.get(second.id).received_by == "clerk1"


def test_agent_fields_are_checked_together(service: ApplicationService) -> None:
    ref = service.save_draft(CLERK, complete(agent_name="王小明", agent_id_number="123"))
    with pytest.raises(ValidationError) as caught:
        service.receive(CLERK, ref.id)
    assert caught.value.fields() == {"agent_relation", "agent_id_number"}


def test_no_second_pending_application_for_the_same_disease(service: ApplicationService) -> None:
    first = service.receive(CLERK, service.save_draft(CLERK, complete(["HTN", "DM"])).id)
    second = service.save_draft(CLERK, complete(["DM"]))
    with pytest.raises(ValidationError, match=f"already has application {first.number}") as err:
        service.receive(CLERK, second.id)
    assert "for Diabetes mellitus (received)" in str(err.value)
    i18n.set_language("zh_CN")
    assert "“糖尿病”的申请" in str(err.value)  # the same error, rendered in Chinese
    i18n.set_language("en")
    other = service.save_draft(CLERK, complete(["CHD"]))
    service.receive(CLERK, other.id)  # a different disease is fine
    service.withdraw(CLERK, first.id, "申请人撤回")
    service.receive(CLERK, second.id)  # the first no longer holds DM


def test_editing_a_draft_keeps_checklist_state_and_bumps_version(
    service: ApplicationService, examination: ExaminationService
) -> None:
    ref = service.save_draft(CLERK, complete(["HTN"]))
    examination.set_checklist(CLERK, ref.id, "photo", "provided")
    updated = service.save_draft(CLERK, complete(["HTN", "DM"]), ref.id)
    assert updated.version > ref.version
    app = service.get(ref.id)
    assert [d.disease_code for d in app.diseases] == ["HTN", "DM"]
    assert {i.material_code: i.status for i in app.checklist}["photo"] == "provided"


def test_returning_applicant_is_the_same_person(service: ApplicationService, db: Database) -> None:
    service.save_draft(CLERK, complete(["HTN"]))
    service.save_draft(CLERK, complete(["DM"], person=applicant(phone="13800000000")))
    with db.reader() as session:
        (person,) = session.scalars(select(Person)).all()
    assert person.phone == "13800000000" and person.version == 2


def test_county_roles_cannot_take_in_applications(service: ApplicationService) -> None:
    from app.domain.workflow import Role

    with pytest.raises(PermissionDenied):
        service.save_draft(Actor("rev", Role.COUNTY_REVIEWER), complete())


def _png(shade: int = 0) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (800, 600), (10, 200, 10 + shade)).save(out, "PNG")
    return out.getvalue()


def test_document_is_stored_and_linked(
    service: ApplicationService, examination: ExaminationService, db: Database
) -> None:
    ref = service.save_draft(CLERK, complete())
    photo = service.attach_document(CLERK, ref.id, "photo", "face.png", _png(), source="camera")
    assert (photo.width, photo.height, photo.media_type) == (295, 413, "image/jpeg")
    assert db.blobs.check(photo.sha256) is None
    examination.set_checklist(CLERK, ref.id, "photo", "provided", document_id=photo.id)
    item = next(i for i in service.get(ref.id).checklist if i.material_code == "photo")
    assert item.document_id == photo.id
    again = service.attach_document(CLERK, ref.id, "medical_record", "scan.png", _png())
    assert again.sha256 != photo.sha256
    assert len(list(db.blobs.all_digests())) == 2


def test_refused_document_stores_nothing(service: ApplicationService, db: Database) -> None:
    ref = service.save_draft(CLERK, complete())
    before = row_counts(db)
    with pytest.raises(DocumentRefused, match=r"broken\.jpg: the picture is damaged"):
        service.attach_document(CLERK, ref.id, "medical_record", "broken.jpg", _png()[:300])
    assert row_counts(db) == before
    assert list(db.blobs.all_digests()) == []


def test_verify_names_an_application_without_its_history(
    service: ApplicationService, db: Database
) -> None:
    from sqlalchemy import delete

    from app.admin.verify import verify_installation
    from app.db.models import StateChange

    ref = service.save_draft(CLERK, complete())
    assert verify_installation(db).ok
    with db.session() as session:
        session.execute(delete(StateChange))
    assert f"application {ref.number}: has no history" in verify_installation(db).problems


def _audited(db: Database, action: str) -> int:
    with db.reader() as session:
        return len(list(session.scalars(select(AuditEntry).where(AuditEntry.action == action))))


def _statuses(service: ApplicationService, app_id: object) -> dict[str, str]:
    return {i.material_code: i.status for i in service.get(app_id).checklist}  # type: ignore[arg-type]


def test_saving_with_ticks_is_one_change(
    service: ApplicationService, examination: ExaminationService, db: Database
) -> None:
    new = service.save_draft(CLERK, complete(), ticks={"photo": True})
    assert new.version == 1 and _statuses(service, new.id)["photo"] == "provided"
    examination.set_checklist(HEAD, new.id, "exam_report", "insufficient", "超过一个月")
    before = service.get(new.id).version
    ticks = {"photo": False, "application_form": True, "exam_report": False}
    saved = service.save_draft(CLERK, complete(), new.id, ticks)
    assert saved.version == before + 1  # the form and its ticks: one new version
    statuses = _statuses(service, new.id)
    assert (statuses["photo"], statuses["application_form"]) == ("pending", "provided")
    assert statuses["exam_report"] == "insufficient"  # unticking takes back only "provided"
    assert _audited(db, "checklist.set") == 4  # each changed item, as when set one by one


def test_a_save_refused_midway_leaves_nothing(service: ApplicationService, db: Database) -> None:
    ref = service.save_draft(CLERK, complete(["HTN"]))
    before = row_counts(db), service.get(ref.id).version
    with pytest.raises(ValidationError, match="not on this application's checklist"):
        service.save_draft(CLERK, complete(["HTN", "DM"]), ref.id, {"photo": True, "x": True})
    assert (row_counts(db), service.get(ref.id).version) == before
    assert [d.disease_code for d in service.get(ref.id).diseases] == ["HTN"]
    assert _statuses(service, ref.id)["photo"] == "pending"
    counted = row_counts(db)
    with pytest.raises(ValidationError):
        service.save_draft(CLERK, complete(person=applicant(22)), ticks={"x": True})
    assert row_counts(db) == counted  # nor a new draft, its applicant or its number


def test_attaching_a_document_is_one_change(service: ApplicationService, db: Database) -> None:
    ref = service.save_draft(CLERK, complete())
    photo = service.attach_document(CLERK, ref.id, "photo", "face.png", _png(), "camera")
    app = service.get(ref.id)
    assert app.version == ref.version + 1
    item = next(i for i in app.checklist if i.material_code == "photo")
    assert (item.status, item.document_id) == ("provided", photo.id)
    assert (_audited(db, "document.add"), _audited(db, "checklist.set")) == (1, 1)


def test_an_attachment_refused_midway_leaves_nothing(
    service: ApplicationService, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    ref = service.save_draft(CLERK, complete())
    before = row_counts(db)

    def broken(*_args: object, **_kwargs: object) -> None:
        raise ValidationError([])

    monkeypatch.setattr(applications, "set_checklist_item", broken)
    with pytest.raises(ValidationError):
        service.attach_document(CLERK, ref.id, "photo", "face.png", _png(), "camera")
    assert row_counts(db) == before and service.get(ref.id).version == ref.version


def test_a_document_ticks_the_material_the_catalogue_says_it_is(
    service: ApplicationService,
) -> None:
    # Uremia dialysis asks for the medical record and the dialysis record, both of the
    # document kind "medical_record" in the catalogue: each scan ticks the next waiting.
    ref = service.save_draft(CLERK, complete(["URD"]))
    first = service.attach_document(CLERK, ref.id, "medical_record", "a.png", _png(), "file")
    second = service.attach_document(CLERK, ref.id, "medical_record", "b.png", _png(1), "file")
    service.attach_document(CLERK, ref.id, "other", "c.png", _png(2), "file")
    items = {i.material_code: i for i in service.get(ref.id).checklist}
    assert items["medical_record"].document_id == first.id
    assert items["dialysis_record"].document_id == second.id
    assert items["application_form"].status == "pending"  # "other" stands for no material


def test_discarding_withdraws_only_a_draft_with_the_counter_s_reason(
    service: ApplicationService,
) -> None:
    draft = service.save_draft(CLERK, complete())
    assert service.discard_draft(CLERK, draft.id).state == "withdrawn"
    (step,) = [h for h in service.history(draft.id) if h.to_state == "withdrawn"]
    assert step.reasons == ["Discarded at the counter before it was received"]
    received = service.save_draft(CLERK, complete(person=applicant(22)))
    service.receive(CLERK, received.id)
    with pytest.raises(ValidationError) as refused:
        service.discard_draft(CLERK, received.id)
    assert (
        refused.value.problems[0].message
        == "Only a draft can be discarded; this application is received"
    )
    assert service.get(received.id).state == "received"


def test_the_national_person_number_is_kept_as_the_card_prints_it(
    service: ApplicationService, db: Database
) -> None:
    data = complete(person=applicant(psn_no=" 41000012345678ab ", insutype="310"))
    ref = service.save_draft(CLERK, data)
    person = service.get(ref.id).applicant
    assert (person.psn_no, person.insutype) == ("41000012345678AB", "310")
    # Optional, and the residents' scheme unless told otherwise.
    other = service.save_draft(CLERK, complete(person=applicant(sequence=33)))
    assert (service.get(other.id).applicant.psn_no, service.get(other.id).applicant.insutype) == (
        "",
        "390",
    )


@pytest.mark.parametrize(
    ("psn_no", "insutype", "fields"),
    [
        ("4100 1234", "390", {"psn_no"}),
        ("4" * 31, "390", {"psn_no"}),
        ("41000012", "999", {"insutype"}),
    ],
)
def test_a_person_number_or_scheme_the_platform_would_not_know_is_refused(
    service: ApplicationService, db: Database, psn_no: str, insutype: str, fields: set[str]
) -> None:
    before = row_counts(db)
    with pytest.raises(ValidationError) as caught:
        service.save_draft(CLERK, complete(person=applicant(psn_no=psn_no, insutype=insutype)))
    assert caught.value.fields() == fields
    assert row_counts(db) == before


def test_the_doctor_s_national_code_is_kept_in_capitals_and_checked_at_receipt(
    service: ApplicationService, db: Database
) -> None:
    ref = service.save_draft(CLERK, complete(doctor_code=" d410523000012 "))
    assert service.get(ref.id).doctor_code == "D410523000012"
    assert service.receive(CLERK, ref.id)
    # Optional: a diagnosis paper often gives no code.
    plain = service.save_draft(CLERK, complete(person=applicant(sequence=33)))
    assert service.get(plain.id).doctor_code == ""
    assert service.receive(CLERK, plain.id)


@pytest.mark.parametrize("code", ["410523000012", "D4105-23"])
def test_a_doctor_s_code_the_platform_would_not_know_stops_receipt_beside_its_field(
    service: ApplicationService, db: Database, code: str
) -> None:
    data = complete(doctor_code=code)
    assert "doctor_code" in {p.field for p in service.receipt_check(CLERK, data)}
    ref = service.save_draft(CLERK, data)  # a draft may hold it while the clerk asks
    before = row_counts(db)
    with pytest.raises(ValidationError) as caught:
        service.receive(CLERK, ref.id)
    assert caught.value.fields() == {"doctor_code"}
    assert row_counts(db) == before
    assert service.get(ref.id).state == "draft"
    # Longer than the platform's codes: not even a draft keeps it.
    with pytest.raises(ValidationError) as caught:
        service.save_draft(CLERK, complete(doctor_code="D" + "1" * 20))
    assert caught.value.fields() == {"doctor_code"}
