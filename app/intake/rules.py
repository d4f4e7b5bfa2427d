"""The checks made when an application is received at the counter, all reported at once."""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import String, Text, select
from sqlalchemy.orm import DeclarativeBase, Session

from app.db.models import Application, ApplicationDisease, Disease, Hospital, Person
from app.domain.catalogue import Rules, disease_count_problems, hospital_problems
from app.domain.identity import parse_id_number
from app.domain.names import clean_name
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
    for column in model.__table__.columns:
        value = values.get(column.key)
        if isinstance(value, str) and isinstance(column.type, String):
            multiline = isinstance(column.type, Text)
            limit = column.type.length or MULTILINE_MAX
            problems += text_problems(column.key, value, limit, multiline)
    return problems


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def receipt_problems(
    session: Session, app: Application, rules: Rules, today: date
) -> list[Problem]:
    """Everything that stops `app` from being received, each next to its field."""
    person = app.person
    codes = [d.disease_code for d in app.diseases]
    problems = disease_count_problems(codes, rules)
    diseases = {d.code: d for d in session.scalars(select(Disease).where(Disease.code.in_(codes)))}
    for code in codes:
        disease = diseases[code]
        age = age_on(person.birth_date, today)
        if (disease.min_age is not None and age < disease.min_age) or (
            disease.max_age is not None and age > disease.max_age
        ):
            problems.append(
                Problem("diseases", "disease.age_limit", {"disease": disease.name_zh, "age": age})
            )
    if not app.hospital_code:
        problems.append(Problem("hospital", "hospital.required"))
    else:
        hospital = session.get(Hospital, app.hospital_code)
        assert hospital is not None  # foreign key
        problems.extend(hospital_problems(hospital_info(hospital), rules))
    problems.extend(filed_problems(app, today))
    if not person.phone and not app.agent_phone:
        problems.append(Problem("phone", "phone.required"))
    problems.extend(duplicate_problems(session, person.id, codes, app.id, app.kind))
    return problems


def filed_problems(app: Application, today: date) -> list[Problem]:
    """What holds of a received application whenever it is looked at again: its diagnosis
    date and its agent. The counter checks them at receipt; the county checks every
    application it is sent with this same function."""
    problems = []
    if app.diagnosis_date is None:
        problems.append(Problem("diagnosis_date", "diagnosis_date.required"))
    elif app.diagnosis_date > today:
        problems.append(Problem("diagnosis_date", "diagnosis_date.future"))
    elif app.diagnosis_date < app.person.birth_date:
        problems.append(Problem("diagnosis_date", "diagnosis_date.before_birth"))
    problems.extend(_agent_problems(app, today))
    problems.extend(phone_problems("agent_phone", app.agent_phone))
    return problems


def _agent_problems(app: Application, today: date) -> list[Problem]:
    if not any((app.agent_name, app.agent_id_number, app.agent_relation, app.agent_phone)):
        return []
    problems = []
    if not app.agent_name:
        problems.append(Problem("agent_name", "agent.name_required"))
    if not app.agent_relation:
        problems.append(Problem("agent_relation", "agent.relation_required"))
    try:
        parse_id_number(app.agent_id_number, today=today, field="agent_id_number")
    except ValidationError as err:
        problems.extend(err.problems)
    if app.agent_id_number and app.agent_id_number == app.person.id_number:
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
    be opened while the certificate it renews is still valid, that being the point.
    """
    query = (
        select(
            Application.id, Application.number, Application.state, ApplicationDisease.disease_code
        )
        .join(ApplicationDisease)
        .join(Person, Person.id == Application.person_id)
        .where(
            who,
            ApplicationDisease.disease_code.in_(codes),
            ApplicationDisease.outcome != Outcome.REJECTED,
            Application.state.not_in([s.value for s in CLOSED_STATES]),
        )
        .order_by(Application.number)
    )
    if own_id is not None:
        query = query.where(Application.id != own_id)
    if kind == ApplicationKind.RENEWAL:
        query = query.where(Application.state != State.CERTIFICATE_ISSUED.value)
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
    known = set(session.scalars(select(Disease.code).where(Disease.code.in_(codes))))
    problems += [
        Problem("diseases", "disease.unknown", {"code": c}) for c in codes if c not in known
    ]
    if hospital_code and session.get(Hospital, hospital_code) is None:
        problems.append(Problem("hospital", "hospital.unknown", {"code": hospital_code}))
    return problems


def person_by_id_number(session: Session, number: str) -> Person | None:
    return session.scalar(select(Person).where(Person.id_number == number))
