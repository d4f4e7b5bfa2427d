"""The county checks what it receives as strictly as the counter does: a record the
counter would have refused refuses its whole package, naming the rule, the field
and the line, and nothing is stored."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from app.errors import PackageRefused, ValidationError
from app.examination.batches import BatchService
from app.intake.applications import ApplicationService
from tests.app.helpers import CLERK, HEAD, applicant, complete, row_counts
from tests.app.sync.crafting import Records, reseal_records
from tests.app.sync.helpers import Side, accepted
from tests.conftest import TODAY

Change = Callable[[dict[str, Any]], None]


def _flip_check_digit(record: dict[str, Any]) -> None:
    number = record["id_number"]
    record["id_number"] = number[:17] + ("0" if number[17] != "0" else "1")


def _letters(record: dict[str, Any]) -> None:
    record["id_number"] = "41052A" + record["id_number"][6:]


# (table, field named, change): each a rule the counter applies.
RULES: dict[str, tuple[str, str, Change]] = {
    "ID number check digit wrong": ("person", "id_number", _flip_check_digit),
    "ID number with letters": ("person", "id_number", _letters),
    "birth date not the ID number's": (
        "person",
        "birth_date",
        lambda r: r.update(birth_date="2099-01-01"),
    ),
    "gender not M or F": ("person", "gender", lambda r: r.update(gender="X")),
    "control character in the name": ("person", "name", lambda r: r.update(name="王\x0b英")),
    "control character in a text field": (
        "person",
        "address",
        lambda r: r.update(address="东街\x0b村"),
    ),
    "text field longer than its column": (
        "person",
        "address",
        lambda r: r.update(address="村" * 201),
    ),
    "name too long": ("person", "name", lambda r: r.update(name="王" * 51)),
    "person number not as a card prints it": (
        "person",
        "psn_no",
        lambda r: r.update(psn_no="4100-123"),
    ),
    "unknown insurance type": ("person", "insutype", lambda r: r.update(insutype="999")),
    "doctor's code not as the platform prints it": (
        "application",
        "doctor_code",
        lambda r: r.update(doctor_code="d-4105"),
    ),
    "no disease": ("application", "diseases", lambda r: r.update(diseases=[])),
    "three diseases": (
        "application",
        "diseases",
        lambda r: r.update(
            diseases=[["HTN", 1, "pending"], ["DM", 2, "pending"], ["CHD", 3, "pending"]]
        ),
    ),
    "unknown disease": (
        "application",
        "diseases",
        lambda r: r.update(diseases=[["ZZZ", 1, "pending"]]),
    ),
    "unknown kind": ("application", "kind", lambda r: r.update(kind="other")),
    "diagnosed in the future": (
        "application",
        "diagnosis_date",
        lambda r: r.update(diagnosis_date="2099-01-01"),
    ),
    "diagnosed before birth": (
        "application",
        "diagnosis_date",
        lambda r: r.update(diagnosis_date="1900-01-01"),
    ),
    "agent ID number check digit wrong": (
        "application",
        "agent_id_number",
        lambda r: r.update(
            agent_name="王强", agent_relation="子", agent_id_number="410523198001011235"
        ),
    ),
    "agent without a name": (
        "application",
        "agent_name",
        lambda r: r.update(
            agent_name="", agent_relation="子", agent_id_number="11010519491231002X"
        ),
    ),
    "agent phone malformed": (
        "application",
        "agent_phone",
        lambda r: r.update(
            agent_name="王强",
            agent_relation="子",
            agent_id_number="11010519491231002X",
            agent_phone="12ab",
        ),
    ),
    "control character in notes": ("application", "notes", lambda r: r.update(notes="见\x0b附页")),
    "control character in a checklist reason": (
        "application",
        "reason",
        lambda r: r.update(checklist=[[*item[:4], "缺\x1b页"] for item in r["checklist"]]),
    ),
}


@pytest.fixture
def upload(station: Side, county: Side, tmp_path: Path) -> Path:
    accepted(station.db, 1)
    BatchService(station.db).make(HEAD, date(2027, 1, 1))
    return station.export(tmp_path / "s1.ncmspkg").path


def _forged(
    upload: Path, station: Side, county: Side, out: Path, table: str, change: Change
) -> Path:
    def edit(records: Records) -> Records:
        change(records[0])
        return records

    return reseal_records(
        upload,
        station.keys.age_identity,
        station.keys.signing,
        county.db.installation().age_recipient,
        out,
        {table: edit},
    )


def _refused(county: Side, path: Path, key: str) -> str:
    before = row_counts(county.db), county.db.installation().audit_head
    with pytest.raises(PackageRefused) as caught:
        county.import_(path)
    assert caught.value.key == key, str(caught.value)
    assert (row_counts(county.db), county.db.installation().audit_head) == before
    return str(caught.value)


@pytest.mark.parametrize("rule", list(RULES))
def test_county_refuses_a_record_the_counter_would_refuse(
    rule: str, upload: Path, station: Side, county: Side, tmp_path: Path
) -> None:
    table, field, change = RULES[rule]
    path = _forged(upload, station, county, tmp_path / "x.ncmspkg", table, change)
    message = _refused(county, path, "package.rule_broken")
    assert f"Record 1 of {table} " in message and f"field {field}:" in message
    assert county.import_(upload).status == "applied"


def test_a_huge_field_is_named_too_long_not_a_zip_bomb(
    upload: Path, station: Side, county: Side, tmp_path: Path
) -> None:
    path = _forged(
        upload,
        station,
        county,
        tmp_path / "x.ncmspkg",
        "person",
        lambda r: r.update(name="A" * (10 << 20)),
    )
    message = _refused(county, path, "package.record_too_large")
    assert "Record 1 of data/person.jsonl" in message and "field name is too long" in message
    assert "bomb" not in message


@pytest.mark.parametrize(
    "field,value",
    [
        ("address", "东街\x0b村"),
        ("address", "村" * 201),
        ("village", "东\x00街"),
        ("phone", "139\x0b12345678"),
    ],
)
def test_counter_applies_the_same_text_rules(station: Side, field: str, value: str) -> None:
    service = ApplicationService(station.db, today=lambda: TODAY)
    before = row_counts(station.db)
    with pytest.raises(ValidationError) as caught:
        service.save_draft(CLERK, complete(person=applicant(**{field: value})))
    assert field in caught.value.fields()
    assert row_counts(station.db) == before


def test_counter_refuses_control_characters_in_application_text(station: Side) -> None:
    service = ApplicationService(station.db, today=lambda: TODAY)
    with pytest.raises(ValidationError) as caught:
        service.save_draft(CLERK, complete(doctor_name="李\x0b主任", notes="x" * 2001))
    assert caught.value.fields() == {"doctor_name", "notes"}


@pytest.mark.parametrize(
    ("table", "field", "value"),
    [
        ("person", "version", 2**63),
        ("application", "version", 2**64 + 1),
        ("application", "version", -(2**63) - 1),
    ],
)
def test_a_number_no_database_column_holds_is_refused_not_a_crash(
    upload: Path, station: Side, county: Side, tmp_path: Path, table: str, field: str, value: int
) -> None:
    path = _forged(
        upload, station, county, tmp_path / "x.ncmspkg", table, lambda r: r.update({field: value})
    )
    message = _refused(county, path, "package.bad_record")
    assert table in message and field in message
