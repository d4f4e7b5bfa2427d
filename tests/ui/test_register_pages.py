from __future__ import annotations

from pytestqt.qtbot import QtBot

from app.certificates.printing import CertificateService
from app.db.database import Database
from app.domain.workflow import Role
from app.intake.listing import ApplicationFilter, ApplicationList
from app.security.actor import Actor
from app.training.demo import DemoGenerator
from tests.app.helpers import applicant
from tests.conftest import TODAY
from tests.ui.helpers import certificates_page, main_window


def test_certificates_are_listed(qtbot: QtBot, sqlite_db: Database) -> None:
    DemoGenerator(sqlite_db, today=TODAY, seed=5).run(200, chunk=200)
    certificates = certificates_page(sqlite_db, Actor("head1", Role.STATION_HEAD))
    qtbot.addWidget(certificates)
    listed = CertificateService(sqlite_db).newest()
    assert certificates.model.rowCount() == len(listed) > 0
    assert certificates.model.index(0, 0).data() == listed[0].number
    assert certificates.model.index(0, 0).data().startswith("C4105")


def test_closing_the_window_keeps_the_draft(qtbot: QtBot, sqlite_db: Database) -> None:
    window = main_window(sqlite_db, Actor("clerk1", Role.CLERK))
    qtbot.addWidget(window)
    window.show()
    window.show_page("intake")
    window.intake_page.id_number.setText(applicant().id_number)
    window.intake_page.name.setText("王秀英")  # typed, not yet saved
    window.close()
    drafts = ApplicationList(sqlite_db).page(ApplicationFilter(states=("draft",)))
    assert [d.name for d in drafts] == ["王秀英"]
