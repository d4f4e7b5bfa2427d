"""The Batches & sync page: a batch by disease, a package to the drive and back."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.db.database import Database
from app.db.models import Application
from app.domain.workflow import Role
from app.examination.batch_list import list_batches
from app.examination.batches import BatchService
from app.review.committee import CaseDecision, ReviewService
from app.security.actor import Actor
from tests.app.sync.helpers import REVIEWER, Side, accepted
from tests.conftest import TODAY
from tests.ui.helpers import detail_dialog, sync_page
from ui.pages.sync_page import BatchesSyncPage

CLERK = Actor("clerk1", Role.CLERK)
HEAD = Actor("head1", Role.STATION_HEAD)


def _page(qtbot: QtBot, station: Side, actor: Actor = HEAD) -> BatchesSyncPage:
    page = sync_page(station.db, actor, lambda: station.keys, today=lambda: TODAY)
    qtbot.addWidget(page)
    return page


def test_batch_export_and_decisions_back(
    qtbot: QtBot, sides: tuple[Side, Side], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    station, county = sides
    accepted(station.db, 1)
    accepted(station.db, 2, diseases=["HTN", "DM"])
    page = _page(qtbot, station)
    assert "2 accepted" in page.preview_label.text()
    assert page.preview_model.rowCount() == 2  # HTN, DM
    asked: list[str] = []

    def confirm(*args: object) -> QMessageBox.StandardButton:
        asked.append(str(args[2]))
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", confirm)
    page.make_button.click()
    assert asked and "2 accepted application(s)" in asked[0]
    assert len(list_batches(station.db)) == 1 and not page.make_button.isEnabled()

    drive = tmp_path / "usb"
    drive.mkdir()
    page.on_export_clicked(str(drive))
    qtbot.waitUntil(lambda: "safe to remove" in page.message.text(), timeout=20_000)
    (package,) = drive.glob("*.ncmspkg")
    assert package.name.startswith("S001-to-C4105-0001-")
    assert page.history_model.rowCount() == 1
    assert page.export_button.isEnabled() and not page.progress.isVisible()

    county.import_(package)
    review = ReviewService(county.db, today=lambda: TODAY)
    rows = [
        CaseDecision(n, c.application_number, c.disease_code, "approved", "", ("张", "李"))
        for n, c in enumerate(review.agenda(), 3)
    ]
    review.record(REVIEWER, rows, county.keys.signing)
    down = county.export(tmp_path / "down.ncmspkg", "S001").path
    page.on_import_clicked(str(down))
    qtbot.waitUntil(lambda: "applied" in page.message.text(), timeout=20_000)
    assert "3 decision(s), 2 certificate(s)" in page.message.text()
    assert page.history_model.rowCount() == 2
    with station.db.reader() as session:
        apps = session.scalars(select(Application)).all()
    assert {a.state for a in apps} == {"certificate_issued"}
    detail = detail_dialog(station.db, apps[0].id)
    qtbot.addWidget(detail)
    where = detail.county_label.text()
    assert "sent in package 1" in where and "acknowledged" in where and "approved" in where


def test_a_bad_package_is_explained_on_the_page(
    qtbot: QtBot, sides: tuple[Side, Side], tmp_path: Path
) -> None:
    station, _county = sides
    page = _page(qtbot, station)
    bad = tmp_path / "half.ncmspkg"
    bad.write_bytes(b"")
    page.on_import_clicked(str(bad))
    qtbot.waitUntil(lambda: "empty" in page.message.text(), timeout=20_000)
    assert page.import_button.isEnabled()


def test_a_conflict_is_shown_and_the_head_resolves_it(
    qtbot: QtBot, sides: tuple[Side, Side], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    station, county = sides
    app_id = accepted(station.db, 1)
    BatchService(station.db).make(HEAD, TODAY.replace(year=2027, month=1, day=1))
    county.import_(station.export(tmp_path / "up.ncmspkg"))
    review = ReviewService(county.db, today=lambda: TODAY)
    case = review.agenda()[0]
    review.record(
        REVIEWER,
        [CaseDecision(3, case.application_number, case.disease_code, "approved", "", ("张", "李"))],
        county.keys.signing,
    )
    with station.db.session() as session:  # the station amended the file meanwhile
        app = session.get(Application, app_id)
        assert app is not None
        app.version += 1
    station.import_(county.export(tmp_path / "down.ncmspkg", "S001"))
    head = sync_page(
        station.db, Actor("head1", Role.STATION_HEAD), lambda: station.keys, lambda: TODAY
    )
    qtbot.addWidget(head)
    head.show()
    assert head.conflict_box.isVisible() and head.resolve_button.isEnabled()
    assert head.conflict_model.rowCount() == 1
    assert head.conflict_model.index(0, 0).data() == case.application_number
    clerk = _page(qtbot, station, CLERK)
    assert not clerk.resolve_button.isEnabled()
    head.conflict_table.selectRow(0)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("已补充材料，待重新评审", True))
    head.resolve_button.click()
    assert not head.conflict_box.isVisible()


def test_exporting_before_the_county_is_trusted_says_so_plainly(
    qtbot: QtBot, sqlite_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not "something went wrong": the clerk reads what to do."""
    page = sync_page(sqlite_db, HEAD, lambda: pytest.fail("no keys are needed to refuse"))
    qtbot.addWidget(page)
    drive = tmp_path / "usb"
    drive.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(drive))
    page.export_button.click()
    assert page.message.text().startswith(
        "This station does not know its county center C4105 yet, so no package can be made"
    )
    assert page.export_button.isEnabled() and not page.progress.isVisible()
    assert list(drive.iterdir()) == []
