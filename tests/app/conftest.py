"""Fixtures the service tests share: the counter's and the examination's services
over the test's database, on the tests' fixed day."""

from __future__ import annotations

import pytest

from app.db.database import Database
from app.examination.examination import ExaminationService
from app.intake.applications import ApplicationService
from tests.conftest import TODAY


@pytest.fixture
def service(db: Database) -> ApplicationService:
    return ApplicationService(db, today=lambda: TODAY)


@pytest.fixture
def examination(db: Database) -> ExaminationService:
    return ExaminationService(db)
