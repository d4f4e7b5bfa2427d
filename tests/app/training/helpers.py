"""Practice files for the training tests: received at the counter with every
material ticked, and accepted at the examination, ready for the quarter's batch."""

from __future__ import annotations

import uuid
from datetime import date

from app.domain.identity import make_id_number
from app.domain.workflow import Role
from app.examination.examination import ExaminationService
from app.intake.applications import ApplicationService
from app.security.actor import Actor
from tests.app.helpers import COUNTY_HOSPITAL, applicant, complete

CLERK = Actor("training-clerk", Role.CLERK)
HEAD = Actor("training-head", Role.STATION_HEAD)


def receive_and_accept(applications: ApplicationService, sequence: int, disease: str) -> uuid.UUID:
    examination = ExaminationService(applications.db)
    born = date(1950 + sequence % 20, 3, 1)
    person = applicant(sequence, id_number=make_id_number("410523", born, sequence))
    ref = applications.save_draft(
        CLERK, complete([disease], person=person, hospital_code=COUNTY_HOSPITAL)
    )
    for item in applications.get(ref.id).checklist:
        examination.set_checklist(CLERK, ref.id, item.material_code, "provided")
    applications.receive(CLERK, ref.id)
    examination.accept(HEAD, ref.id)
    return ref.id
