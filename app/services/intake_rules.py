"""The checks made when a file is received at the counter, all reported at once."""

from __future__ import annotations

import re
import uuid
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import Application, ApplicationDisease, Disease, Hospital, Person
from app.domain.catalogue import Rules, disease_count_problems, hospital_problems
from app.domain.identity import parse_id_number
from app.domain.workflow import CLOSED_STATES, State, state_term
from app.errors import Problem, ValidationError
from app.i18n import Bilingual
from app.services.catalogue import hospital_info

_PHONE = re.compile(r"^\+?[0-9][0-9 -]{5,18}[0-9]$")


def phone_problems(field: str, phone: str) -> list[Problem]:
    if phone and not _PHONE.match(phone):
        return [Problem(field, "phone.invalid", {"phone": phone})]
    return []


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
    if app.diagnosis_date is None:
        problems.append(Problem("diagnosis_date", "diagnosis_date.required"))
    elif app.diagnosis_date > today:
        problems.append(Problem("diagnosis_date", "diagnosis_date.future"))
    elif app.diagnosis_date < person.birth_date:
        problems.append(Problem("diagnosis_date", "diagnosis_date.before_birth"))
    problems.extend(_agent_problems(app, today))
    if not person.phone and not app.agent_phone:
        problems.append(Problem("phone", "phone.required"))
    problems.extend(duplicate_problems(session, person.id, codes, app.id, app.kind))
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


def duplicate_problems(
    session: Session, person_id: uuid.UUID, codes: list[str], own_id: uuid.UUID | None, kind: str
) -> list[Problem]:
    """Seed rule: one pending or active application per person and disease.

    A disease rejected within a partly approved file is not held. A renewal may
    be opened while the certificate it renews is still valid, that being the point.
    """
    rows = session.execute(
        select(Application.number, Application.state, ApplicationDisease.disease_code)
        .join(ApplicationDisease)
        .where(
            Application.person_id == person_id,
            ApplicationDisease.disease_code.in_(codes),
            ApplicationDisease.outcome != "rejected",
            Application.state.not_in([s.value for s in CLOSED_STATES]),
        )
    ).all()
    names = {
        code: Bilingual(zh, en)
        for code, zh, en in session.execute(
            select(Disease.code, Disease.name_zh, Disease.name_en).where(Disease.code.in_(codes))
        )
    }
    problems = []
    for number, state, code in rows:
        if own_id is not None and number == _number_of(session, own_id):
            continue
        if kind == "renewal" and state == State.CERTIFICATE_ISSUED.value:
            continue
        problems.append(
            Problem(
                "diseases",
                "disease.duplicate",
                {"disease": names.get(code, code), "number": number, "state": state_term(state)},
            )
        )
    return problems


def _number_of(session: Session, app_id: uuid.UUID) -> str | None:
    return session.scalar(select(Application.number).where(Application.id == app_id))


def person_by_id_number(session: Session, number: str) -> Person | None:
    return session.scalar(select(Person).where(Person.id_number == number))
