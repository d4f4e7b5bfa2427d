"""Opening a case at the county and deciding a flagged duplicate, with the keyboard:
Enter on the Cases table opens the file with its documents; Alt+C compares it side by
side with the other station's file; Alt+D withdraws the chosen one after a Yes, Alt+N
keeps both. On SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from app.domain.workflow import Role
from app.intake.applications import ApplicationService
from app.intake.catalogue import CatalogueService
from app.intake.listing import ApplicationFilter, ApplicationList
from app.security.actor import Actor
from tests.app.sync.helpers import REVIEWER, County
from tests.ui.helpers import case_desk
from tests.ui.questions import press_enter, when_asked
from ui.county.case_dialog import CaseDialog
from ui.county.cases_page import CasesPage
from ui.county.duplicate_dialog import DuplicateDialog

ALT = Qt.KeyboardModifier.AltModifier
REASON = "same person already applied at Yigou station"


def _page(qtbot: QtBot, county_center: County, actor: Actor = REVIEWER) -> CasesPage:
    db = county_center.county.db
    page = CasesPage(ApplicationList(db), CatalogueService(db), case_desk(db, actor))
    qtbot.addWidget(page)
    page.show()
    return page


def _active(qtbot: QtBot, widget: QWidget) -> None:
    """Mnemonics (Alt+letter) reach only the active window."""
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget)


def _alt(qtbot: QtBot, widget: QWidget, key: Qt.Key, until: Callable[[], object]) -> None:
    """Alt+letter on a button's mnemonic, in `widget`'s window made active again (a
    question just closed may leave none active): Qt clicks it a moment later."""
    _active(qtbot, widget)
    qtbot.keyClick(widget, key, ALT)
    qtbot.waitUntil(lambda: bool(until()))


def _open_row(qtbot: QtBot, page: CasesPage, number: str) -> CaseDialog:
    """Down to the row with `number`, then Enter, as a reviewer opens a case."""
    table = page.table
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Home)
    column = [page.model.index(r, 0).data() for r in range(page.model.rowCount())]
    for _ in range(column.index(number)):
        qtbot.keyClick(table, Qt.Key.Key_Down)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert page.dialog is not None and page.dialog.isVisible()
    _active(qtbot, page.dialog)
    return page.dialog


def _numbers(county_center: County) -> tuple[str, str]:
    """(the flagged S002 file, the S001 file it duplicates)."""
    db = county_center.county.db
    (flagged,) = ApplicationList(db).page(ApplicationFilter(duplicates=True))
    (pair,) = [
        r
        for r in ApplicationList(db).page(ApplicationFilter(text=flagged.id_number))
        if r.id != flagged.id
    ]
    return flagged.number, pair.number


def _compare(qtbot: QtBot, dialog: CaseDialog) -> DuplicateDialog:
    assert dialog.compare_button.isVisible()
    _alt(qtbot, dialog, Qt.Key.Key_C, lambda: dialog.comparison)
    comparison = dialog.comparison
    assert comparison is not None and comparison.isVisible()
    _active(qtbot, comparison)
    return comparison


def test_enter_opens_the_case_with_its_examination_and_documents(
    qtbot: QtBot, county_center: County
) -> None:
    page = _page(qtbot, county_center)
    flagged, other = _numbers(county_center)
    dialog = _open_row(qtbot, page, other)
    file = dialog.file
    assert other in file.heading.text() and "宜沟镇合管站" in file.heading.text()
    assert file.fields["diseases"].text() == "Hypertension (stage II/III)"
    assert file.fields["hospital"].text() == "汤阴县人民医院"
    assert file.fields["id_number"].text().startswith("410523")
    # The station's examination: every material it checked, marked provided.
    marks = [
        file.checklist_model.index(r, 0).data() for r in range(file.checklist_model.rowCount())
    ]
    assert marks and all(m.startswith("✔") for m in marks)
    steps = [file.history_model.index(r, 0).data() for r in range(file.history_model.rowCount())]
    assert any("accepted" in step for step in steps), steps
    # The file of S001 is the one S002's is flagged against: the flag says so.
    assert dialog.duplicate_note.isVisible() and flagged in dialog.duplicate_note.text()
    # Its photo, as the station sent it, in the station's own viewer.
    documents = file.documents
    assert documents.count() == 1
    documents.setFocus()
    documents.setCurrentRow(0)
    qtbot.keyClick(documents, Qt.Key.Key_Return)
    viewer = documents.viewer
    assert viewer is not None and viewer.isVisible()
    assert not viewer.picture.pixmap().isNull()
    qtbot.keyClick(viewer, Qt.Key.Key_Escape)
    assert not viewer.isVisible()
    # A file sent without scans says so in the empty list, rather than a blank.
    with_photo = documents.grab().toImage()
    documents.show_documents(None)
    said = documents.grab().toImage()
    documents.empty_text = ""
    blank = documents.grab().toImage()
    assert said != blank and said != with_photo
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_a_case_in_no_pair_has_nothing_to_compare(qtbot: QtBot, county_center: County) -> None:
    page = _page(qtbot, county_center)
    rows = ApplicationList(county_center.county.db).page(ApplicationFilter(disease="DM"))
    dialog = _open_row(qtbot, page, rows[0].number)
    assert not dialog.duplicate_note.isVisible() and not dialog.compare_button.isVisible()
    assert dialog.file.fields["hospital"].text() == "汤阴县中医院"


def test_duplicate_withdraws_the_chosen_file_only_after_a_yes(
    qtbot: QtBot, county_center: County
) -> None:
    db = county_center.county.db
    page = _page(qtbot, county_center)
    flagged, other = _numbers(county_center)
    dialog = _open_row(qtbot, page, flagged)
    comparison = _compare(qtbot, dialog)
    left, right = comparison.files.values()
    assert flagged in left.heading.text() and other in right.heading.text()
    assert left.documents.count() == right.documents.count() == 1
    assert comparison.mark_differences() == []  # the same person's same file, twice
    # The later, flagged file is offered first; the arrow key chooses the other.
    assert comparison.withdraw_options[comparison.pair.flagged].isChecked()
    qtbot.keyClick(comparison.withdraw_options[comparison.pair.flagged], Qt.Key.Key_Right)
    assert comparison.chosen() == comparison.pair.other
    qtbot.keyClick(comparison.withdraw_options[comparison.pair.other], Qt.Key.Key_Left)
    assert comparison.chosen() == comparison.pair.flagged
    # No reason: asked for, nothing asked, nothing changed.
    _alt(qtbot, comparison, Qt.Key.Key_D, lambda: "reason" in comparison.note.text())
    qtbot.waitUntil(comparison.reason.hasFocus)
    qtbot.keyClicks(comparison.reason, REASON)
    qtbot.keyClick(comparison.reason, Qt.Key.Key_Return)  # Enter records nothing
    asked = press_enter(qtbot)  # the question's default is No
    _alt(qtbot, comparison, Qt.Key.Key_D, lambda: asked)
    assert flagged in asked[0] and "cannot be undone" in asked[0]
    service = ApplicationService(db)
    assert service.get(comparison.pair.flagged).state == "county_received"
    asked = when_asked(qtbot, lambda box: qtbot.keyClick(box, Qt.Key.Key_Y))  # Yes
    _alt(qtbot, comparison, Qt.Key.Key_D, lambda: "is withdrawn" in comparison.note.text())
    assert asked and service.get(comparison.pair.flagged).state == "withdrawn"
    assert service.get(comparison.pair.other).state == "county_received"
    assert service.history(comparison.pair.flagged)[-1].reasons == [REASON]
    assert "withdrawn" in comparison.note.text() and "任固镇合管站" in comparison.note.text()
    assert "withdrawn" in left.fields["state"].text()
    assert comparison.mark_differences() == ["state"]
    assert "b00020" in left.fields["state"].styleSheet()
    assert not comparison.duplicate_button.isEnabled()
    assert not comparison.not_duplicate_button.isEnabled()
    # The case and the list show the verdict: no flag left.
    assert not dialog.duplicate_note.isVisible()
    assert "withdrawn" in dialog.file.fields["state"].text()
    qtbot.keyClick(comparison, Qt.Key.Key_Escape)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.mouseClick(page.duplicates, Qt.MouseButton.LeftButton)
    assert page.count.text() == "Cases: 0"


def test_not_a_duplicate_from_the_other_stations_file_clears_the_flag(
    qtbot: QtBot, county_center: County
) -> None:
    page = _page(qtbot, county_center)
    _flagged, other = _numbers(county_center)
    dialog = _open_row(qtbot, page, other)
    comparison = _compare(qtbot, dialog)
    # Keeping both files asks nothing: nothing is withdrawn.
    _alt(qtbot, comparison, Qt.Key.Key_N, lambda: "Not a duplicate" in comparison.note.text())
    assert not dialog.duplicate_note.isVisible()
    service = ApplicationService(county_center.county.db)
    assert {service.get(a).state for a in comparison.files} == {"county_received"}
    qtbot.mouseClick(page.duplicates, Qt.MouseButton.LeftButton)
    assert page.count.text() == "Cases: 0"


def test_only_a_county_reviewer_gives_a_verdict(qtbot: QtBot, county_center: County) -> None:
    page = _page(qtbot, county_center, Actor("admin", Role.ADMIN))
    flagged, _other = _numbers(county_center)
    comparison = _compare(qtbot, _open_row(qtbot, page, flagged))
    assert not any(o.isEnabled() for o in comparison.withdraw_options.values())
    assert not comparison.duplicate_button.isEnabled()
    assert not comparison.not_duplicate_button.isEnabled()
    assert comparison.note.text() == "Only the county's reviewers decide duplicates"
