"""A whole quarter through the county window, as its people work it: three stations'
packages come in from a drive, the cross-station duplicate is withdrawn, the
committee meets and concludes every kind of outcome on screen, an objection is
recorded and decided during the public notice, the notice is closed, the decisions
go out on a drive and the station imports them and prints its certificates.

One long test on purpose (SQLite, the stations' default): each step is what the
next one starts from, and each page has its own tests on both databases."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.db.models import Application, Certificate
from app.examination.batches import BatchService
from app.intake.listing import ApplicationFilter
from tests.app.helpers import HEAD
from tests.app.review.helpers import Clock
from tests.app.sync.helpers import REVIEWER, Side, accepted, make_side, trust
from tests.ui.county.test_case_dialog import _alt, _compare, _open_row
from tests.ui.county.test_meeting_page import _choose
from tests.ui.helpers import certificates_page, services, shown_county_window, sync_page
from tests.ui.questions import click_yes, when_asked
from tests.ui.test_certificates_page import _print
from ui.county.county_window import CountyWindow
from ui.dialogs.print_preview import PDF_FILE

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
MEMBERS = "张医生、李医生、王主任"
# Each station's files: (sequence, diseases). Sequence 2 at S002 is the same person
# as at S001, with the same disease: the cross-station duplicate.
FILES = {
    "S001": [(1, ["HTN"]), (2, ["HTN", "DM"])],
    "S002": [(2, ["HTN"]), (3, ["DM"])],
    "S003": [(4, ["HTN"]), (5, ["CHD"])],
}
# What the committee concludes, by station and disease of each agenda row.
CONCLUSIONS = {
    ("S001-2026-000001", "HTN"): "Approved",
    ("S001-2026-000002", "HTN"): "Approved",
    ("S001-2026-000002", "DM"): "Rejected",  # one of two: partly approved
    ("S002-2026-000002", "DM"): "Physical examination required",
    ("S003-2026-000001", "HTN"): "Rejected",
    ("S003-2026-000002", "CHD"): "Supplement requested",
}


def _stations(root: Path, county: Side, drive: Path) -> dict[str, Side]:
    """Three stations trusted by the county, each with its quarter's batch on the drive."""
    stations = {}
    for code, files in FILES.items():
        station = make_side(root / code, "station", code)
        trust(station, county)
        for sequence, diseases in files:
            accepted(station.db, sequence, diseases)
        BatchService(station.db).make(HEAD, date(2027, 1, 1))
        station.export(drive / f"{code}.ncmspkg")
        stations[code] = station
    return stations


def _active(qtbot: QtBot, window: CountyWindow) -> None:
    """The window active again (a dialog just closed may leave none): keys reach it."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def _conclude_the_agenda(qtbot: QtBot, window: CountyWindow) -> None:
    page = window.meeting_page
    _active(qtbot, window)
    page.members.setFocus()
    page.members.insert(MEMBERS)
    qtbot.keyClick(page.members, Qt.Key.Key_Return)
    assert page.splitter.isVisible()
    concluded = 0
    for row in range(page.agenda.count()):
        page.agenda.setCurrentRow(row)
        item = page.current()
        assert item is not None
        outcome = CONCLUSIONS[(item.case.application_number, item.case.disease_code)]
        _choose(page.outcome, outcome)
        if outcome != "Approved":
            page.reasons.setCurrentText("病历不能证明符合准入标准")
        if outcome == "Physical examination required":
            _choose(page.exam_hospital, "汤阴县人民医院")
        _choose(page.experts[0], "张医生")
        _choose(page.experts[1], "李医生")
        page.agenda.setFocus()  # the page's keys work from within it
        qtbot.keyClick(page.agenda, Qt.Key.Key_Return, CTRL)
        assert not any(e.text() for e in page.errors.values()), outcome
        concluded += 1
    assert concluded == len(CONCLUSIONS)
    asked = click_yes(qtbot)  # the close numbers the certificates: asked first
    page.close_button.click()
    assert asked and "cannot be undone" in asked[0]
    assert page.preview is not None and page.preview.pdf.exists(), page.status.text()
    page.preview.close()


def test_a_quarter_from_three_stations_to_printed_certificates(
    qtbot: QtBot, tmp_path: Path
) -> None:
    drive = tmp_path / "usb"
    drive.mkdir()
    county = make_side(tmp_path / "county", "county", "C4105")
    stations = _stations(tmp_path, county, drive)
    clock = Clock()
    desk = services(county.db, today=clock, secrets=lambda: county.secrets)
    window = shown_county_window(qtbot, desk, REVIEWER)

    # The packages from the drive, one after the other.
    window.show_page("packages")
    packages = window.packages_page
    for code in FILES:
        packages.on_import_clicked(str(drive / f"{code}.ncmspkg"))
        qtbot.waitUntil(lambda c=code: f"from {c} applied" in packages.message.text())
    window.show_page("dashboard")
    assert window.dashboard_page.data is not None
    assert window.dashboard_page.data.waiting_committee.value == 6

    # The duplicate: S002's later file withdrawn, S001's kept.
    window.show_page("cases")
    cases = window.cases_page
    cases.show_filter(ApplicationFilter(duplicates=True))
    assert cases.model.rowCount() == 1
    dialog = _open_row(qtbot, cases, "S002-2026-000001")
    comparison = _compare(qtbot, dialog)
    comparison.reason.setFocus()
    comparison.reason.insert("同一人已在宜沟镇申请")
    asked = when_asked(qtbot, lambda box: qtbot.keyClick(box, Qt.Key.Key_Y))
    _alt(qtbot, comparison, Qt.Key.Key_D, lambda: "is withdrawn" in comparison.note.text())
    assert asked
    comparison.close()
    dialog.close()

    window.show_page("meeting")
    _conclude_the_agenda(qtbot, window)
    with county.db.reader() as s:
        states = dict(s.execute(select(Application.number, Application.state)).all())
        numbers = sorted(s.scalars(select(Certificate.number)))
    assert len(numbers) == 2  # S001's two files: approved, and partly approved
    assert states["S002-2026-000001"] == "withdrawn"
    assert states["S002-2026-000002"] == "exam_required"
    assert states["S003-2026-000001"] == "rejected"
    assert states["S003-2026-000002"] == "awaiting_materials"

    # An objection during the notice, dismissed after checking; then the notice ends.
    _active(qtbot, window)
    window.show_page("notice")
    notice = window.notice_page
    assert notice.listed.rowCount() == 2
    clock.today = notice.notice.period.starts_on  # type: ignore[union-attr]
    notice.refresh()
    notice.raised_by.setFocus()
    notice.raised_by.insert("宜沟村村民 李某")
    notice.text.insert("申请人长期在外务工")
    qtbot.keyClick(notice.text, Qt.Key.Key_Return)
    assert notice.objections.rowCount() == 1
    notice.objections_table.selectRow(0)
    notice.dismissed.setChecked(True)
    notice.finding.insert("经核查，申请人在本县就医属实")
    qtbot.keyClick(notice.finding, Qt.Key.Key_D, ALT)
    assert notice.objections.rows[0].outcome == "dismissed"
    clock.today = notice.notice.period.ends_on + timedelta(days=1)  # type: ignore[union-attr]
    notice.refresh()
    asked = click_yes(qtbot)
    qtbot.keyClick(notice.finding, Qt.Key.Key_C, ALT)
    assert asked and "closed" in notice.notice_list.item(0).text()

    # Out on the drive for S001; in at the station; printed there.
    window.show_page("packages")
    packages.refresh()
    (s001,) = [r for r in packages.model.rows if r.station == "S001"]
    assert (s001.decisions, s001.certificates, s001.held) == (3, 2, 0)
    packages.table.setCurrentIndex(packages.model.index(packages.model.rows.index(s001), 0))
    down = tmp_path / "down"
    down.mkdir()
    packages.on_export_clicked(str(down))
    qtbot.waitUntil(lambda: "verified" in packages.message.text(), timeout=20_000)
    (answer,) = down.glob("*.ncmspkg")

    station = stations["S001"]
    sync = sync_page(station.db, HEAD, lambda: station.keys, today=clock)
    qtbot.addWidget(sync)
    sync.on_import_clicked(str(answer))
    qtbot.waitUntil(lambda: "applied" in sync.message.text(), timeout=20_000)
    assert "3 decision(s), 2 certificate(s)" in sync.message.text()
    printing = certificates_page(station.db, HEAD, today=clock)
    qtbot.addWidget(printing)
    printing.printer.setCurrentIndex(printing.printer.findData(PDF_FILE))
    printing.print_new.click()
    text = _print(qtbot, printing, tmp_path / "printed.pdf")
    assert all(row.number in text and row.name in text for row in printing.rows)
    assert sorted(row.number for row in printing.rows) == numbers
