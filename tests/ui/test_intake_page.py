"""The counter flow on the intake page, and its refusals."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot

from app.db.database import Database
from app.domain.workflow import Role
from app.examination.examination import ExaminationService
from app.intake.applications import ApplicationService
from app.intake.listing import ApplicationFilter, ApplicationList
from app.security.actor import Actor
from tests.app.helpers import CLERK, TOWNSHIP_CLINIC, applicant, complete
from tests.conftest import TODAY
from tests.ui.helpers import intake_page
from tests.ui.questions import answer_each
from ui.changes import Change
from ui.main_window import MainWindow
from ui.models.intake_checklist_model import MaterialRole
from ui.pages.intake_page import IntakePage
from ui.widgets.disease_picker import CodeRole

COUNTY_HOSPITAL = "H410523001"


@pytest.fixture
def page(qtbot: QtBot, sqlite_db: Database) -> IntakePage:
    widget = intake_page(sqlite_db, Actor("clerk1", Role.CLERK), today=TODAY)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def _type_applicant(qtbot: QtBot, page: IntakePage, sequence: int = 21) -> str:
    number = applicant(sequence).id_number
    qtbot.keyClicks(page.id_number, number)
    page.name.setText("王秀英")
    qtbot.keyClicks(page.phone, "13912345678")
    return number


def _pick(qtbot: QtBot, page: IntakePage, typed: str) -> None:
    qtbot.keyClicks(page.diseases.search, typed)
    qtbot.keyClick(page.diseases.search, Qt.Key.Key_Return)


def test_id_number_fills_birth_sex_and_place(qtbot: QtBot, page: IntakePage) -> None:
    _type_applicant(qtbot, page)
    assert page.id_info.text() == "Male  1952-04-09  河南省汤阴县"
    assert page.visible_errors() == {}


def test_bad_id_number_is_explained_beside_the_field(qtbot: QtBot, page: IntakePage) -> None:
    qtbot.keyClicks(page.id_number, applicant().id_number[:-1] + "0")
    assert "check digit is wrong" in page.visible_errors()["id_number"]
    assert page.id_info.text() == ""


def test_returning_applicant_is_prefilled_with_history(
    qtbot: QtBot, page: IntakePage, sqlite_db: Database
) -> None:
    earlier = ApplicationService(sqlite_db, today=lambda: TODAY).save_draft(
        CLERK, complete(person=applicant(21, name="李秀兰", phone="13800000001", village="东街村"))
    )
    qtbot.keyClicks(page.id_number, applicant(21).id_number)
    assert page.name.text() == "李秀兰" and page.phone.text() == "13800000001"
    assert page.village.currentText() == "东街村"
    assert earlier.number in page.history.text()


def test_disease_picker_by_initials_and_code_at_most_two(qtbot: QtBot, page: IntakePage) -> None:
    _pick(qtbot, page, "tnb")  # 糖尿病 by pinyin initials
    _pick(qtbot, page, "htn")  # by code
    assert page.diseases.codes() == ["DM", "HTN"]
    _pick(qtbot, page, "CHD")
    assert page.diseases.codes() == ["DM", "HTN"]
    assert "at most 2 may be declared" in page.diseases.notice.text()
    ticks = page.checklist_model
    materials = [ticks.index(i, 0).data(MaterialRole) for i in range(ticks.rowCount())]
    assert materials[:2] == ["application_form", "photo"] and "exam_report" in materials
    page.diseases.chosen.setCurrentRow(0)
    qtbot.keyClick(page.diseases.chosen, Qt.Key.Key_Delete)
    assert page.diseases.codes() == ["HTN"]


def test_space_ticks_the_current_material_and_the_draft_saves(
    qtbot: QtBot, page: IntakePage
) -> None:
    _pick(qtbot, page, "gxy")
    page.autosave.stop()
    page.checklist.setFocus()
    page.checklist.setCurrentIndex(page.checklist_model.index(1, 0))
    qtbot.keyClick(page.checklist, Qt.Key.Key_Space)
    assert page.checklist_model.ticked_codes() == ["photo"] and page.autosave.isActive()


def test_refused_hospital_says_why(qtbot: QtBot, page: IntakePage) -> None:
    page.hospital.setCurrentIndex(page.hospital.findData(TOWNSHIP_CLINIC))
    assert "county level or above" in page.hospital_note.text()
    page.hospital.setCurrentIndex(page.hospital.findData(COUNTY_HOSPITAL))
    assert page.hospital_note.text() == ""


def test_receive_shows_every_problem_then_succeeds(
    qtbot: QtBot, page: IntakePage, sqlite_db: Database
) -> None:
    _type_applicant(qtbot, page)
    page.diagnosis_date.setText("2026-13-40")
    qtbot.mouseClick(page.receive_button, Qt.MouseButton.LeftButton)
    assert "is not a date" in page.visible_errors()["diagnosis_date"]
    page.diagnosis_date.setText("")
    qtbot.mouseClick(page.receive_button, Qt.MouseButton.LeftButton)
    errors = page.visible_errors()
    assert set(errors) == {"diseases", "hospital", "diagnosis_date"}
    assert page.message.text() == "Not received: correct the marked fields"
    _pick(qtbot, page, "gxy")
    page.hospital.setCurrentIndex(page.hospital.findData(COUNTY_HOSPITAL))
    page.diagnosis_date.setText("2026-09-01")
    page.checklist_model.setData(
        page.checklist_model.index(1, 0), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole
    )  # the photo
    asked = answer_each(qtbot, "&Yes", "Not now")  # the rest is brought later; no receipt
    with qtbot.waitSignal(page.received) as signal:
        qtbot.keyClick(page, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(asked) == 2)
    number = signal.args[0]
    assert page.message.text() == f"Received {number} for 王秀英"
    assert page.id_number.text() == "" and page.application_id is None
    (row,) = ApplicationList(sqlite_db).page(ApplicationFilter(text=number))
    assert row.state == "received" and row.diseases == ("HTN",)
    app = ApplicationService(sqlite_db).get(row.id)
    assert {i.material_code: i.status for i in app.checklist}["photo"] == "provided"


def test_draft_saves_itself_once_the_person_is_known(
    qtbot: QtBot, page: IntakePage, sqlite_db: Database
) -> None:
    listing = ApplicationList(sqlite_db)
    qtbot.keyClicks(page.id_number, applicant().id_number)
    page.on_autosave()
    assert listing.count(ApplicationFilter()) == 0  # no name yet: nothing to keep
    page.name.setText("王秀英")
    qtbot.keyClick(page.name, Qt.Key.Key_Return)  # leaving the field saves
    assert listing.count(ApplicationFilter(states=("draft",))) == 1
    _pick(qtbot, page, "DM")
    qtbot.waitUntil(lambda: listing.page(ApplicationFilter())[0].diseases == ("DM",), timeout=4000)


def test_an_open_draft_loads_back_into_the_form(
    qtbot: QtBot, page: IntakePage, sqlite_db: Database
) -> None:
    service = ApplicationService(sqlite_db, today=lambda: TODAY)
    ref = service.save_draft(CLERK, complete(["HTN", "DM"], agent_name="王小明"))
    ExaminationService(sqlite_db).set_checklist(CLERK, ref.id, "photo", "provided")
    page.load(ref.id)
    assert page.diseases.codes() == ["HTN", "DM"] and page.agent_name.text() == "王小明"
    ticks = page.checklist_model
    ticked = [
        ticks.index(i, 0).data(MaterialRole)
        for i in range(ticks.rowCount())
        if ticks.index(i, 0).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    ]
    assert ticked == ["photo"]


def test_a_crash_loses_at_most_the_field_being_typed(qtbot: QtBot, sqlite_db: Database) -> None:
    clerk = Actor("clerk1", Role.CLERK)
    first = intake_page(sqlite_db, clerk, today=TODAY)
    qtbot.addWidget(first)
    qtbot.keyClicks(first.id_number, applicant().id_number)
    first.name.setText("王秀英")
    first.phone.setText("138")  # half typed: the draft itself cannot be saved yet
    _pick(qtbot, first, "DM")
    first.hospital.setCurrentIndex(first.hospital.findData(COUNTY_HOSPITAL))
    first.agent_name.setText("王小明")
    first.on_autosave()
    assert first.recovery_file.exists()
    # The program dies here. At the next start the form comes back as it was.
    second = intake_page(sqlite_db, clerk, today=TODAY)
    qtbot.addWidget(second)
    assert second.id_number.text() == applicant().id_number
    assert (second.name.text(), second.phone.text(), second.agent_name.text()) == (
        "王秀英",
        "138",
        "王小明",
    )
    assert second.diseases.codes() == ["DM"]
    assert second.hospital.currentData() == COUNTY_HOSPITAL
    assert "restored" in second.message.text()
    second.clear_form()  # next applicant: nothing left to recover
    assert not second.recovery_file.exists()
    third = intake_page(sqlite_db, clerk, today=TODAY)
    qtbot.addWidget(third)
    assert third.id_number.text() == "" and third.message.text() == ""


def _type_chinese(widget: QWidget, text: str) -> None:
    """Type Han characters as an input method delivers them (QTest knows only ASCII)."""
    for char in text:
        QTest.sendKeyEvent(
            QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, char, Qt.KeyboardModifier.NoModifier
        )


@pytest.fixture
def active(qtbot: QtBot, page: IntakePage) -> IntakePage:
    """The page as the clerk has it: its window active, so Tab and focus work."""
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    return page


def test_receive_on_an_empty_form_marks_every_field_and_goes_to_the_first(
    qtbot: QtBot, active: IntakePage
) -> None:
    page = active
    page.doctor.setFocus()
    qtbot.mouseClick(page.receive_button, Qt.MouseButton.LeftButton)
    errors = page.visible_errors()
    assert {"id_number", "name", "phone", "diseases", "hospital", "diagnosis_date"} <= set(errors)
    assert errors["diseases"] == "Choose at least one disease"
    assert page.focusWidget() is page.id_number
    assert page.message.text() == "Not received: correct the marked fields"
    qtbot.keyClicks(page.id_number, applicant().id_number)
    _type_chinese(page.name, "王秀英")
    qtbot.mouseClick(page.receive_button, Qt.MouseButton.LeftButton)
    assert "id_number" not in page.visible_errors() and page.focusWidget() is page.phone


def test_each_error_goes_the_moment_its_field_is_right(qtbot: QtBot, page: IntakePage) -> None:
    _type_applicant(qtbot, page)
    qtbot.keyClicks(page.diagnosis_date, "2027-01-05")
    qtbot.mouseClick(page.receive_button, Qt.MouseButton.LeftButton)
    assert page.visible_errors()["diagnosis_date"] == "The diagnosis date is in the future"
    page.diagnosis_date.clear()
    qtbot.keyClicks(page.diagnosis_date, "2026-13")
    assert "is not a date" in page.visible_errors()["diagnosis_date"]  # still wrong: says how
    page.diagnosis_date.clear()
    qtbot.keyClicks(page.diagnosis_date, "2026-09-01")
    assert "diagnosis_date" not in page.visible_errors()
    _pick(qtbot, page, "gxy")
    assert "diseases" not in page.visible_errors()
    page.hospital.setCurrentIndex(page.hospital.findData(COUNTY_HOSPITAL))
    assert page.visible_errors() == {}


def test_a_refused_third_disease_is_not_told_as_chosen(qtbot: QtBot, page: IntakePage) -> None:
    for typed in ("tnb", "gxy", "CHD"):
        _pick(qtbot, page, typed)
    notice = page.diseases.notice
    assert page.diseases.codes() == ["DM", "HTN"] and not notice.isHidden()
    assert notice.text().startswith("2 diseases are chosen")
    qtbot.keyClicks(page.diseases.search, "x")  # a new search: the refusal is past
    assert notice.isHidden()


def test_an_empty_diagnosis_date_looks_empty(page: IntakePage) -> None:
    assert page.diagnosis_date.text() == ""
    assert not any(c.isdigit() for c in page.diagnosis_date.placeholderText())


def test_typing_never_adds_a_disease_and_a_click_does(qtbot: QtBot, active: IntakePage) -> None:
    page, picker = active, active.diseases
    picker.search.setFocus()
    qtbot.keyClick(picker.search, Qt.Key.Key_Tab)
    assert page.focusWidget() is page.hospital  # the catalogue list is no stop
    qtbot.keyClicks(page.focusWidget(), "tnb")
    assert picker.codes() == []
    qtbot.keyClicks(picker.search, "b")  # COPD, DM, TB: Down picks the second
    qtbot.keyClick(picker.search, Qt.Key.Key_Down)
    qtbot.keyClick(picker.search, Qt.Key.Key_Return)
    assert picker.codes() == ["DM"]
    picker.chosen.setFocus()
    qtbot.keyClicks(picker.chosen, "gxy")  # typed in the choices: it goes to the box
    assert picker.search.text() == "gxy" and len(picker.codes()) == 1
    item = picker.matches.item(0)
    rect = picker.matches.visualItemRect(item)
    qtbot.mouseClick(picker.matches.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert picker.codes()[1] == "HTN"


def test_enter_moves_on_from_every_field(qtbot: QtBot, active: IntakePage) -> None:
    page = active
    page.village.setFocus()
    _type_chinese(page.focusWidget(), "宜沟村")  # the keys go where the cursor is
    qtbot.keyClick(page.focusWidget(), Qt.Key.Key_Return)
    _type_chinese(page.focusWidget(), "五组")
    assert (page.village.currentText(), page.village_group.text()) == ("宜沟村", "五组")
    assert page.village.findText("宜沟村") == -1  # Enter files no new village away
    page.kind.setFocus()
    qtbot.keyClick(page.kind, Qt.Key.Key_Return)
    assert page.focusWidget() is page.diseases.search
    qtbot.keyClick(page.diseases.search, Qt.Key.Key_Return)  # nothing typed: next field
    assert page.focusWidget() is page.hospital
    qtbot.keyClick(page.hospital, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    assert page.focusWidget() is page.diagnosis_date


def test_ctrl_enter_receives_after_a_dialog_closes(qtbot: QtBot, active: IntakePage) -> None:
    page = active
    page.name.setFocus()
    dialog = QDialog(page.documents)  # as the photo and camera dialogs are
    dialog.show()
    dialog.close()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page)
    qtbot.keyClick(page.focusWidget(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert page.message.text() == "Not received: correct the marked fields"


# -- a new clerk's walk through the page ------------------------------------------


def _complete_form(qtbot: QtBot, page: IntakePage) -> None:
    _type_applicant(qtbot, page)
    _pick(qtbot, page, "gxy")
    page.hospital.setCurrentIndex(page.hospital.findData(COUNTY_HOSPITAL))
    qtbot.keyClicks(page.diagnosis_date, "2026-09-01")


def _tick(qtbot: QtBot, page: IntakePage, rows: range) -> None:
    """Space on each row, as the clerk ticks what the applicant brought."""
    page.checklist.setFocus()
    for row in rows:
        page.checklist.setCurrentIndex(page.checklist_model.index(row, 0))
        qtbot.keyClick(page.checklist, Qt.Key.Key_Space)


def _shown_rows(page: IntakePage) -> list[str]:
    model = page.checklist_model
    return [model.index(i, 0).data() for i in range(model.rowCount())]


def test_receiving_with_materials_not_yet_provided_names_them_and_asks_first(
    qtbot: QtBot, page: IntakePage, sqlite_db: Database
) -> None:
    _complete_form(qtbot, page)
    _tick(qtbot, page, range(2))  # the approval form and the photo, nothing else
    not_ticked = _shown_rows(page)[2:]
    asked = answer_each(qtbot, "")  # Enter: the default, No
    qtbot.mouseClick(page.receive_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(asked) == 1)
    question = asked[0]
    assert question.startswith("Not yet provided: Copy of ID card (front), Copy of ID card (back)")
    assert all(name in question for name in not_ticked)
    assert "exam_report" not in question  # names as on the checklist, never codes
    assert "bring them later" in question and "one notice" in question
    # No: nothing is received, the form is as it was.
    assert page.message.text() == "Not received yet: tick the materials the applicant brought"
    assert page.name.text() == "王秀英" and page.focusWidget() is page.checklist
    (row,) = ApplicationList(sqlite_db).page(ApplicationFilter())
    assert row.state == "draft"
    # Yes: received as it is, and the receipt offered; Enter prints it.
    asked = answer_each(qtbot, "&Yes", "")
    with qtbot.waitSignal(page.received):
        qtbot.mouseClick(page.receive_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.receipt_preview is not None and page.receipt_preview.isVisible())
    assert asked[1] == f"Received {row.number} for 王秀英. Print the receipt now?"
    preview = page.receipt_preview
    assert preview is not None and preview.windowTitle() == f"Receipt {row.number}"
    assert preview.pdf.name == f"receipt-{row.number}.pdf" and preview.pdf.stat().st_size > 0
    preview.close()
    (row,) = ApplicationList(sqlite_db).page(ApplicationFilter())
    assert row.state == "received"
    app = ApplicationService(sqlite_db).get(row.id)
    provided = [i.material_code for i in app.checklist if i.status == "provided"]
    assert provided == ["application_form", "photo"]


def test_with_everything_ticked_receipt_asks_only_whether_to_print(
    qtbot: QtBot, page: IntakePage
) -> None:
    _complete_form(qtbot, page)
    _tick(qtbot, page, range(page.checklist_model.rowCount()))
    asked = answer_each(qtbot, "Not now")
    with qtbot.waitSignal(page.received) as signal:
        qtbot.mouseClick(page.receive_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(asked) == 1)
    assert asked == [f"Received {signal.args[0]} for 王秀英. Print the receipt now?"]
    assert page.receipt_preview is None
    assert page.message.text() == f"Received {signal.args[0]} for 王秀英"


def _drafts(db: Database, state: str = "draft") -> list[str]:
    return [r.number for r in ApplicationList(db).page(ApplicationFilter(states=(state,)))]


def _next(qtbot: QtBot, page: IntakePage) -> None:
    """Ctrl+N, once the keys are the form's again (after a question, they come back)."""
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page)
    qtbot.keyClick(page, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)


def test_next_applicant_keeps_the_form_as_its_draft_and_never_a_second_one(
    qtbot: QtBot, page: IntakePage, sqlite_db: Database
) -> None:
    _type_applicant(qtbot, page)
    _pick(qtbot, page, "tnb")
    asked = answer_each(qtbot, "")  # Enter: keep the draft
    _next(qtbot, page)
    qtbot.waitUntil(lambda: len(asked) == 1)
    (number,) = _drafts(sqlite_db)
    assert asked == [f"Keep this form as draft {number} to finish later?"]
    assert page.message.text() == f"Draft {number} kept: find it under Applications"
    assert page.id_number.text() == "" and page.diseases.codes() == []
    # The same applicant again: the draft goes on, it is not started twice.
    qtbot.keyClicks(page.id_number, applicant(21).id_number)
    assert page.message.text() == f"Continuing draft {number}, saved earlier for this applicant"
    assert page.diseases.codes() == ["DM"] and page.application_id is not None
    _pick(qtbot, page, "gxy")
    page.on_autosave()
    assert _drafts(sqlite_db) == [number]
    assert ApplicationService(sqlite_db).get(page.application_id).diseases[1].disease_code == "HTN"


def test_next_applicant_discards_the_form_and_its_draft_or_cancels(
    qtbot: QtBot, page: IntakePage, sqlite_db: Database
) -> None:
    _type_applicant(qtbot, page)
    page.on_autosave()
    (number,) = _drafts(sqlite_db)
    asked = answer_each(qtbot, "Cancel")
    _next(qtbot, page)
    qtbot.waitUntil(lambda: len(asked) == 1)
    assert page.name.text() == "王秀英" and _drafts(sqlite_db) == [number]  # nothing left
    asked = answer_each(qtbot, "Discard")
    _next(qtbot, page)
    qtbot.waitUntil(lambda: len(asked) == 1)
    assert page.message.text() == f"Draft {number} discarded"
    assert page.id_number.text() == "" and _drafts(sqlite_db) == []
    assert _drafts(sqlite_db, "withdrawn") == [number]
    (step,) = [
        h
        for h in ApplicationService(sqlite_db).history(
            ApplicationList(sqlite_db).page(ApplicationFilter())[0].id
        )
        if h.to_state == "withdrawn"
    ]
    assert "Discarded at the counter" in " ".join(step.reasons)


def test_next_applicant_on_a_form_that_cannot_be_a_draft_asks_before_discarding(
    qtbot: QtBot, page: IntakePage, sqlite_db: Database
) -> None:
    qtbot.keyClicks(page.id_number, applicant().id_number[:10])  # half typed
    asked = answer_each(qtbot, "")  # Enter: Cancel, the safe answer here
    _next(qtbot, page)
    qtbot.waitUntil(lambda: len(asked) == 1)
    assert "cannot be kept as a draft until the ID number and name are right" in asked[0]
    assert page.id_number.text() == applicant().id_number[:10]
    asked = answer_each(qtbot, "Discard")
    _next(qtbot, page)
    qtbot.waitUntil(lambda: len(asked) == 1)
    assert page.id_number.text() == "" and page.message.text() == "The form is discarded"
    assert ApplicationList(sqlite_db).count(ApplicationFilter()) == 0
    asked = answer_each(qtbot, "Cancel")  # an empty form: nothing to ask
    _next(qtbot, page)
    qtbot.wait(100)
    assert asked == []


def test_a_new_draft_shows_in_the_applications_list_at_once(
    qtbot: QtBot, window: MainWindow
) -> None:
    listed = window.applications_page.model.rowCount
    before = listed()
    window.show_page("intake")
    page = window.intake_page
    _type_applicant(qtbot, page)
    qtbot.keyClick(page.phone, Qt.Key.Key_Return)  # leaving a field saves the draft
    assert page.application_id is not None
    assert listed() == before + 1
    seen: list[frozenset[Change]] = []
    page.changes.changed.connect(seen.append)
    qtbot.keyClicks(page.village_group, "5")
    page.on_autosave()  # a change to the draft: the list is not reloaded on every key
    assert seen == []


def test_chosen_diseases_are_labelled_and_each_can_be_removed(
    qtbot: QtBot, page: IntakePage
) -> None:
    picker = page.diseases
    assert picker.chosen_label.text() == "Chosen diseases" and picker.chosen_label.isVisible()
    assert picker.chosen_label.buddy() is picker.chosen
    assert not picker.remove_button.isEnabled()  # nothing chosen yet
    _pick(qtbot, page, "gxy")
    _pick(qtbot, page, "CHD")
    assert "Discharge record" in _shown_rows(page)  # coronary heart disease needs it
    assert picker.remove_button.isEnabled() and "Delete" in picker.remove_button.toolTip()
    qtbot.mouseClick(picker.remove_button, Qt.MouseButton.LeftButton)  # the last added
    assert picker.codes() == ["HTN"] and "Discharge record" not in _shown_rows(page)
    picker.chosen.setFocus()
    qtbot.keyClick(picker.chosen, Qt.Key.Key_Delete)  # the keyboard's way
    assert picker.codes() == [] and page.checklist_model.rowCount() == 0
    assert not picker.remove_button.isEnabled() and page.focusWidget() is not picker.chosen


def test_the_form_does_not_jump_as_the_id_number_message_comes_and_goes(
    qtbot: QtBot, page: IntakePage
) -> None:
    page.resize(1000, 700)

    def name_top() -> int:
        QApplication.processEvents()
        return page.name.mapTo(page.form_scroll.widget(), page.name.rect().topLeft()).y()

    empty = name_top()
    qtbot.keyClicks(page.id_number, applicant().id_number[:-1] + "0")  # a wrong check digit
    assert "check digit is wrong" in page.visible_errors()["id_number"]
    assert name_top() == empty
    qtbot.keyClick(page.id_number, Qt.Key.Key_Backspace)
    assert "this one has 17" in page.visible_errors()["id_number"]  # what is wrong now
    assert name_top() == empty
    qtbot.keyClicks(page.id_number, applicant().id_number[-1])
    assert page.visible_errors() == {} and page.id_info.text() == "Male  1952-04-09  河南省汤阴县"
    assert name_top() == empty


def test_shortcuts_are_in_the_tooltips_and_still_work(qtbot: QtBot, page: IntakePage) -> None:
    for button, keys in (
        (page.save_button, "Ctrl+S"),
        (page.receive_button, "Ctrl+Enter"),
        (page.new_button, "Ctrl+N"),
    ):
        assert "Ctrl" not in button.text() and "(" not in button.text()
        assert button.toolTip() == f"{button.text()} ({keys})"
    assert [page.save_button.text(), page.receive_button.text(), page.new_button.text()] == [
        "Save draft",
        "Receive",
        "Next applicant",
    ]
    _type_applicant(qtbot, page)
    qtbot.keyClick(page, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert page.message.text().startswith("Draft ") and page.message.text().endswith(" saved")


def test_in_chinese_a_disease_reads_by_its_name_alone(qtbot: QtBot, sqlite_db: Database) -> None:
    from app import i18n

    i18n.set_language("zh_CN")  # the fixture sets English back afterwards
    page = intake_page(sqlite_db, Actor("clerk1", Role.CLERK), today=TODAY)
    qtbot.addWidget(page)
    picker = page.diseases
    shown = [picker.matches.item(i) for i in range(picker.matches.count())]
    assert shown and all(item.data(CodeRole) not in item.text() for item in shown)
    qtbot.keyClicks(picker.search, "gxy")
    match = picker.matches.item(0)
    assert (match.text(), match.toolTip()) == ("高血压病（Ⅱ、Ⅲ期）", "HTN")
    qtbot.keyClick(picker.search, Qt.Key.Key_Return)
    assert picker.chosen.item(0).text() == "高血压病（Ⅱ、Ⅲ期）"


def test_the_national_person_number_and_scheme_are_typed_checked_and_prefilled(
    qtbot: QtBot, page: IntakePage, sqlite_db: Database
) -> None:
    _type_applicant(qtbot, page)
    assert page.insutype.currentData() == "390"  # the residents' scheme, as nearly all
    qtbot.keyClicks(page.psn_no, "4100-12")
    qtbot.mouseClick(page.receive_button, Qt.MouseButton.LeftButton)
    assert "national person number" in page.visible_errors()["psn_no"]
    page.psn_no.clear()
    qtbot.keyClicks(page.psn_no, "41000012345678")
    assert "psn_no" not in page.visible_errors()
    page.insutype.setCurrentIndex(page.insutype.findData("310"))
    assert page.save()
    # The next time this applicant comes, the card's number is already there.
    number = page.id_number.text()
    page.clear_form()
    assert page.psn_no.text() == "" and page.insutype.currentData() == "390"
    qtbot.keyClicks(page.id_number, number)
    assert page.psn_no.text() == "41000012345678" and page.insutype.currentData() == "310"


def test_the_doctor_s_national_code_is_checked_beside_its_field_and_kept(
    qtbot: QtBot, page: IntakePage, sqlite_db: Database
) -> None:
    _type_applicant(qtbot, page)
    qtbot.keyClicks(page.doctor_code, "4105-23")
    qtbot.mouseClick(page.receive_button, Qt.MouseButton.LeftButton)
    assert "doctor's national code" in page.visible_errors()["doctor_code"]
    page.doctor_code.clear()
    qtbot.keyClicks(page.doctor_code, "d410523000012")
    assert page.save()
    saved = page.application_id
    assert saved is not None
    page.clear_form()
    assert page.doctor_code.text() == ""
    page.load(saved)
    assert page.doctor_code.text() == "D410523000012"
