"""The checks made when an application is received at the counter, all reported at once."""

from __future__ import annotations

import functools
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import String, Text, select
from sqlalchemy.orm import DeclarativeBase, Session

from app.db.models import (
    Application,
    ApplicationDisease,
    Certificate,
    Disease,
    Hospital,
    Person,
)
from app.db.planner import likely
from app.domain.catalogue import Rules, disease_count_problems, hospital_problems
from app.domain.identity import parse_id_number
from app.domain.names import clean_name
from app.domain.national import RESIDENTS, doctor_code_problems, national_person_problems
from app.domain.text import MULTILINE_MAX, text_problems
from app.domain.vocabulary import ApplicationKind, Outcome
from app.domain.workflow import CLOSED_STATES, State, state_term
from app.errors import Problem, ValidationError
from app.i18n import Bilingual
from app.intake.catalogue import hospital_info

_PHONE = re.compile(r"^\+?[0-9][0-9 -]{5,18}[0-9]$")


def phone_problems(field: str, phone: str) -> list[Problem]:
    if phone and not _PHONE.match(phone):
        return [Problem(field, "phone.invalid", {"phone": phone})]
    return []


def record_text_problems(model: type[DeclarativeBase], values: Mapping[str, Any]) -> list[Problem]:
    """The text rules for every text column of `model` given in `values`, each limit
    the column's own: one function for the counter's form and an incoming record."""
    problems: list[Problem] = []
    for key, limit, multiline in _text_columns(model):
        value = values.get(key)
        if isinstance(value, str):
            problems += text_problems(key, value, limit, multiline)
    return problems


@functools.cache
def _text_columns(model: type[DeclarativeBase]) -> tuple[tuple[str, int, bool], ...]:
    """(key, length limit, multi-line) of the model's text columns, in table order."""
    return tuple(
        (column.key, column.type.length or MULTILINE_MAX, isinstance(column.type, Text))
        for column in model.__table__.columns
        if isinstance(column.type, String)
    )


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


@dataclass(frozen=True)
class ReceiptFacts:
    """What the receipt's rules look at: a stored application's, or the counter's form
    before it is stored, so the form shows at once every problem receipt would find.
    `application_id` and `person_id` are None for what is not stored yet; `birth_date`
    is None when the ID number does not parse (a problem of its own)."""

    application_id: uuid.UUID | None
    person_id: uuid.UUID | None
    id_number: str
    birth_date: date | None
    phone: str
    kind: str
    codes: tuple[str, ...]
    hospital_code: str | None
    diagnosis_date: date | None
    doctor_code: str
    agent_name: str
    agent_id_number: str
    agent_relation: str
    agent_phone: str

    @classmethod
    def of(cls, app: Application) -> ReceiptFacts:
        person = app.person
        return cls(
            application_id=app.id,
            person_id=person.id,
            id_number=person.id_number,
            birth_date=person.birth_date,
            phone=person.phone,
            kind=app.kind,
            codes=tuple(d.disease_code for d in app.diseases),
            hospital_code=app.hospital_code,
            diagnosis_date=app.diagnosis_date,
            doctor_code=app.doctor_code,
            agent_name=app.agent_name,
            agent_id_number=app.agent_id_number,
            agent_relation=app.agent_relation,
            agent_phone=app.agent_phone,
        )


def receipt_problems(
    session: Session, facts: ReceiptFacts, rules: Rules, today: date
) -> list[Problem]:
    """Everything that stops an application from being received, each next to its
    field. Codes and hospitals the catalogue does not know are declared_problems'."""
    codes = list(facts.codes)
    problems = disease_count_problems(codes, rules)
    diseases = {d.code: d for d in session.scalars(select(Disease).where(Disease.code.in_(codes)))}
    for code in codes:
        disease = diseases.get(code)
        if disease is None or facts.birth_date is None:
            continue
        age = age_on(facts.birth_date, today)
        if (disease.min_age is not None and age < disease.min_age) or (
            disease.max_age is not None and age > disease.max_age
        ):
            problems.append(
                Problem("diseases", "disease.age_limit", {"disease": disease.name_zh, "age": age})
            )
    hospital = session.get(Hospital, facts.hospital_code) if facts.hospital_code else None
    if not facts.hospital_code:
        problems.append(Problem("hospital", "hospital.required"))
    elif hospital is not None:
        problems.extend(hospital_problems(hospital_info(hospital), rules))
    problems.extend(filed_problems(facts, today))
    if not facts.phone and not facts.agent_phone:
        problems.append(Problem("phone", "phone.required"))
    if facts.person_id is not None:
        problems.extend(
            duplicate_problems(session, facts.person_id, codes, facts.application_id, facts.kind)
        )
    return problems


def filed_problems(app: Application | ReceiptFacts, today: date) -> list[Problem]:
    """What holds of a received application whenever it is looked at again: its diagnosis
    date, its doctor's national code and its agent. The counter checks them at receipt;
    the county checks every application it is sent with this same function."""
    facts = app if isinstance(app, ReceiptFacts) else ReceiptFacts.of(app)
    problems = []
    if facts.diagnosis_date is None:
        problems.append(Problem("diagnosis_date", "diagnosis_date.required"))
    elif facts.diagnosis_date > today:
        problems.append(Problem("diagnosis_date", "diagnosis_date.future"))
    elif facts.birth_date is not None and facts.diagnosis_date < facts.birth_date:
        problems.append(Problem("diagnosis_date", "diagnosis_date.before_birth"))
    problems.extend(doctor_code_problems(facts.doctor_code))
    problems.extend(_agent_problems(facts, today))
    problems.extend(phone_problems("agent_phone", facts.agent_phone))
    return problems


def _agent_problems(facts: ReceiptFacts, today: date) -> list[Problem]:
    if not any((facts.agent_name, facts.agent_id_number, facts.agent_relation, facts.agent_phone)):
        return []
    problems = []
    if not facts.agent_name:
        problems.append(Problem("agent_name", "agent.name_required"))
    if not facts.agent_relation:
        problems.append(Problem("agent_relation", "agent.relation_required"))
    try:
        parse_id_number(facts.agent_id_number, today=today, field="agent_id_number")
    except ValidationError as err:
        problems.extend(err.problems)
    if facts.agent_id_number and facts.agent_id_number == facts.id_number:
        problems.append(Problem("agent_id_number", "agent.is_applicant"))
    return problems


def open_duplicates(
    session: Session, who: Any, codes: list[str], own_id: uuid.UUID | None, kind: str
) -> list[tuple[uuid.UUID, str, str, str]]:
    """Seed rule: one pending or active application per person and disease. The
    other open applications, (id, number, state, disease), holding one of `codes`
    for the person `who` selects: the counter asks about its applicant, the county
    about the same ID number at other stations.

    A disease rejected within a partly approved application is not held. A renewal may
    be opened while the certificate it renews is still valid, that being the point —
    also while the file holding it is appealed for another disease.
    """
    query = (
        select(
            Application.id, Application.number, Application.state, ApplicationDisease.disease_code
        )
        .join(ApplicationDisease)
        .join(Person, Person.id == Application.person_id)
        .where(
            who,
            likely(ApplicationDisease.disease_code.in_(codes)),  # look up by person
            ApplicationDisease.outcome != Outcome.REJECTED,
            Application.state.not_in([s.value for s in CLOSED_STATES]),
        )
        .order_by(Application.number)
    )
    if own_id is not None:
        query = query.where(Application.id != own_id)
    if kind == ApplicationKind.RENEWAL:
        query = query.where(
            Application.state != State.CERTIFICATE_ISSUED.value,
            ApplicationDisease.outcome != Outcome.APPROVED,
        )
    return [(i, number, state, code) for i, number, state, code in session.execute(query)]


def duplicate_problems(
    session: Session, person_id: uuid.UUID, codes: list[str], own_id: uuid.UUID | None, kind: str
) -> list[Problem]:
    rows = open_duplicates(session, Application.person_id == person_id, codes, own_id, kind)
    names = {
        code: Bilingual(zh, en)
        for code, zh, en in session.execute(
            select(Disease.code, Disease.name_zh, Disease.name_en).where(Disease.code.in_(codes))
        )
    }
    return [
        Problem(
            "diseases",
            "disease.duplicate",
            {"disease": names.get(code, code), "number": number, "state": state_term(state)},
        )
        for _, number, state, code in rows
    ]


def person_problems(values: Mapping[str, Any], today: date) -> list[Problem]:
    """The counter's rules for an applicant: ID number, name, phone and every text
    field. For a stored record (an incoming one) what the ID number tells (birth
    date, gender) must also be what the record says."""
    problems: list[Problem] = []
    try:
        identity = parse_id_number(str(values["id_number"]), today=today)
    except ValidationError as err:
        problems += err.problems
        identity = None
    try:
        name = clean_name(str(values["name"]))
    except ValidationError as err:
        problems += err.problems
        name = None
    problems += phone_problems("phone", str(values.get("phone", "")).strip())
    problems += national_person_problems(
        str(values.get("psn_no", "")), str(values.get("insutype", RESIDENTS))
    )
    problems += record_text_problems(
        Person, {k: v for k, v in values.items() if k not in ("id_number", "name")}
    )
    if "birth_date" not in values:
        return problems  # the form: these are derived, not typed
    if name is not None and name != values["name"]:
        problems.append(Problem("name", "name.invalid", {"name": values["name"]}))
    if identity is not None:
        derived = {
            "id_number": identity.number,
            "id_number_rev": identity.number[::-1],
            "birth_date": identity.birth_date,
            "gender": identity.gender,
        }
        problems += [
            Problem(key, "id.mismatch", {"expected": str(expected)})
            for key, expected in derived.items()
            if values.get(key) != expected
        ]
    return problems


def renewal_problems(
    session: Session, person_id: uuid.UUID, kind: str, renews_id: uuid.UUID | None
) -> list[Problem]:
    """What a renewal names must be one of its applicant's certificates, with an end
    (a permanent one is never renewed): checked at the counter and where the county
    takes the application, which then starts the new one the day after it ends."""
    if renews_id is None:
        return []
    if kind != ApplicationKind.RENEWAL:
        return [Problem("kind", "renewal.not_a_renewal")]
    certificate = session.get(Certificate, renews_id)
    if certificate is None or certificate.person_id != person_id:
        return [Problem("renews", "renewal.not_theirs")]
    if certificate.valid_until is None:
        return [Problem("renews", "renewal.permanent", {"number": certificate.number})]
    return []


def declared_problems(
    session: Session,
    kind: str,
    codes: list[str],
    hospital_code: str | None,
    rules: Rules,
    complete: bool,
) -> list[Problem]:
    """Kind, diseases and hospital as declared (`complete`: past the draft, when an
    application needs its one or two diseases; a draft may have none yet)."""
    problems = []
    if kind not in tuple(ApplicationKind):
        problems.append(Problem("kind", "application.bad_kind", {"kind": kind}))
    if complete:
        problems += disease_count_problems(codes, rules)
    elif len(codes) > rules.max_diseases:
        problems.append(
            Problem(
                "diseases", "disease.too_many", {"count": len(codes), "max": rules.max_diseases}
            )
        )
    # By key, as the hospital below: no query for rows the session holds (an import
    # keeps the catalogue's).
    problems += [
        Problem("diseases", "disease.unknown", {"code": c})
        for c in codes
        if session.get(Disease, c) is None
    ]
    if hospital_code and session.get(Hospital, hospital_code) is None:
        problems.append(Problem("hospital", "hospital.unknown", {"code": hospital_code}))
    return problems


def person_by_id_number(session: Session, number: str) -> Person | None:
    return session.scalar(select(Person).where(Person.id_number == number))
