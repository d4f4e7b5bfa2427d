"""Holding the committee's meeting in the county window, with the keyboard: open it
with the members, conclude case by case (each refusal beside its field), defer one,
and close it after a Yes into certificates and the minutes. SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.db.models import AuditEntry, Certificate, Hospital
from app.review.duplicates import DuplicateService
from app.review.meeting import Conclusion, MeetingService
from app.review.notice import NoticePeriod
from tests.app.sync.helpers import REVIEWER, County
from tests.conftest import TODAY
from tests.ui.helpers import case_desk, services
from tests.ui.questions import click_yes
from ui.changes import Change
from ui.county.meeting_page import MeetingPage, split_members

CTRL = Qt.KeyboardModifier.ControlModifier


def _page(qtbot: QtBot, county_center: County) -> MeetingPage:
    db = county_center.county.db
    s = services(db)
    page = MeetingPage(
        MeetingService(db, today=lambda: TODAY),
        case_desk(db, REVIEWER),
        lambda: county_center.county.keys.signing,
        s.printouts.office,
        db.paths.work,
    )
    qtbot.addWidget(page)
    page.resize(1000, 700)
    page.show()
    page.activateWindow()  # shortcuts reach the active window only
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page)
    return page


def _open_meeting(qtbot: QtBot, page: MeetingPage) -> None:
    page.members.insert("张医生、李医生")  # as the input method types it
    qtbot.keyClick(page.members, Qt.Key.Key_Return)


def _choose(combo: object, text: str) -> None:
    index = combo.findText(text)  # type: ignore[attr-defined]
    assert index >= 0, text
    combo.setCurrentIndex(index)  # type: ignore[attr-defined]


def test_members_are_split_on_whatever_separator_was_typed() -> None:
    assert split_members("张医生、李医生，王主任 赵医生;钱医生") == [
        "张医生", "李医生", "王主任", "赵医生", "钱医生"
    ]  # fmt: skip
    assert split_members("张医生 李医生  王主任") == ["张医生", "李医生", "王主任"]
    # A name with a space in it stays whole where marks separate the names.
    assert split_members("Dr Zhang, Dr  Li，王主任") == ["Dr Zhang", "Dr Li", "王主任"]


def test_a_meeting_held_from_the_keyboard_ends_in_certificates_and_minutes(
    qtbot: QtBot, county_center: County
) -> None:
    page = _page(qtbot, county_center)
    assert not page.splitter.isVisible() and page.opening.isVisible()
    # One member is not a committee: told beside the field, nothing opened.
    page.members.insert("张医生")  # as the input method types it (QtTest types ASCII only)
    qtbot.keyClick(page.members, Qt.Key.Key_Return)
    assert "two members" in page.members_error.text()
    page.members.insert("、李医生")
    qtbot.keyClick(page.members, Qt.Key.Key_Return)
    assert page.splitter.isVisible() and page.agenda.count() == 4
    # The file flagged as a suspected duplicate says so on the agenda.
    texts = [page.agenda.item(r).text() for r in range(4)]
    flagged = [text for text in texts if "suspected duplicate" in text]
    assert len(flagged) == 1 and "S002-2026-000001" in flagged[0], flagged
    heights = [page.agenda.item(r).sizeHint().height() for r in range(4)]
    assert heights[texts.index(flagged[0])] > min(heights)  # its third line not cut off
    assert "Case 1 of 4" in page.status.text()
    assert "Hypertension" in page.standard.text() or "高血压" in page.standard.text()

    # Nothing is concluded until someone chooses: Ctrl+Enter alone saves nothing.
    assert page.outcome.currentData() == ""
    qtbot.keyClick(page, Qt.Key.Key_Return, CTRL)
    assert page.errors["outcome"].text() == "Choose a conclusion"
    assert page.agenda.currentRow() == 0  # not moved on

    # A rejection without a reason and one expert: each problem beside its field,
    # and the keyboard taken to the first of them, away from the verdict.
    _choose(page.outcome, "Rejected")
    assert not page.errors["outcome"].text()  # gone once the field changed
    _choose(page.experts[0], "张医生")
    _choose(page.experts[1], "张医生")
    qtbot.keyClick(page, Qt.Key.Key_Return, CTRL)
    assert page.errors["reasons"].text()
    assert "two different people" in page.errors["experts"].text()
    assert page.reasons.hasFocus()
    assert page.agenda.currentRow() == 0  # not moved on
    page.reasons.setCurrentText("材料不全")
    assert not page.errors["reasons"].text() and page.errors["experts"].text()

    # Approved by both experts: saved, and on to the next case.
    _choose(page.outcome, "Approved")
    _choose(page.experts[1], "李医生")
    assert not page.errors["experts"].text()
    qtbot.keyClick(page, Qt.Key.Key_Return, CTRL)
    assert page.agenda.currentRow() == 1 and "Case 2 of 4" in page.status.text()
    # The next case starts at its conclusion, unchosen, with the same two experts.
    assert page.outcome.hasFocus() and page.outcome.currentData() == ""
    assert [c.currentText() for c in page.experts] == ["张医生", "李医生"]
    # A physical examination needs where: the hospital is chosen from the catalogue.
    _choose(page.outcome, "Physical examination required")
    page.reasons.setCurrentText("复查血压")
    _choose(page.exam_hospital, "汤阴县人民医院")
    _choose(page.experts[0], "张医生")
    _choose(page.experts[1], "李医生")
    qtbot.keyClick(page, Qt.Key.Key_Return, CTRL)
    assert page.agenda.currentRow() == 2
    _choose(page.outcome, "Approved")
    _choose(page.experts[0], "张医生")
    _choose(page.experts[1], "李医生")
    qtbot.keyClick(page, Qt.Key.Key_Return, CTRL)
    qtbot.keyClick(page, Qt.Key.Key_D, CTRL)  # the last case left for a later meeting
    assert "deferred" in page.agenda.item(3).text()
    qtbot.keyClick(page, Qt.Key.Key_PageUp)
    assert page.agenda.currentRow() == 2

    # The public notice the close opens: on, five working days after the meeting.
    assert page.meeting is not None and page.notice.isChecked()
    expected = NoticePeriod.after(page.meeting.held_on)
    assert page.notice_period() == expected
    starts = QDate(expected.starts_on)
    page.notice_to.setDate(starts.addDays(-1))  # before it starts: nothing asked
    page.close_button.click()
    assert "cannot end before it starts" in page.status.text()
    page.notice_to.setDate(starts.addDays(7))  # past a holiday, say
    period = f"{expected.starts_on} to {expected.starts_on + timedelta(days=7)}"
    asked = click_yes(qtbot)
    page.close_button.click()
    assert "cannot be undone" in asked[0] and period in asked[0]
    assert page.preview is not None and page.preview.pdf.exists()
    assert page.opening.isVisible()  # no meeting open any more
    with county_center.county.db.reader() as session:
        numbers = sorted(session.scalars(select(Certificate.number)))
    assert numbers == ["C41052027000001", "C41052027000002"]
    # Said once closed, and the minutes printed again from the meetings held.
    assert page.status.text().startswith("The meeting of ")
    assert "3 decisions recorded, 2 certificates numbered" in page.status.text()
    assert "C41052027000001–C41052027000002" in page.status.text()
    first = page.preview
    page.preview = None
    assert page.past.count() == 1 and "3 concluded, 1 deferred" in page.past.item(0).text()
    first.close()
    page.minutes_button.click()
    assert page.preview is not None and page.preview is not first


def test_another_desks_conclusions_show_on_the_agenda_without_touching_the_typing(
    qtbot: QtBot, county_center: County
) -> None:
    page = _page(qtbot, county_center)
    _open_meeting(qtbot, page)
    _choose(page.outcome, "Rejected")  # typing on the first case
    page.reasons.setCurrentText("病历不全")
    other = MeetingService(county_center.county.db, today=lambda: TODAY)
    first, second, third, _ = other.items(other.current().id)  # type: ignore[union-attr]
    approve = Conclusion("approved", experts=("张医生", "李医生"))
    other.conclude(REVIEWER, second.id, approve, second.version)
    other.conclude(REVIEWER, first.id, approve, first.version)
    page.changes.announce(Change.ELSEWHERE)  # what the window's watch says
    assert "Approved" in page.agenda.item(1).text()
    assert page.outcome.currentText() == "Rejected"  # what was typed stays
    assert page.reasons.currentText() == "病历不全"
    qtbot.keyClick(page, Qt.Key.Key_Return, CTRL)  # saving it: told who saved first
    assert page.changed.isVisible() and "病历不全" in page.changed.text()

    page.agenda.setCurrentRow(2)  # an untouched case, concluded elsewhere: shown
    other.conclude(REVIEWER, third.id, approve, third.version)
    page.changes.announce(Change.ELSEWHERE)
    assert page.outcome.currentText() == "Approved" and "Approved" in page.agenda.item(2).text()


def test_closing_with_cases_left_says_so_first_and_defers_them_with_the_close(
    qtbot: QtBot, county_center: County
) -> None:
    page = _page(qtbot, county_center)
    _open_meeting(qtbot, page)
    _choose(page.outcome, "Approved")
    _choose(page.experts[0], "张医生")
    _choose(page.experts[1], "李医生")
    qtbot.keyClick(page, Qt.Key.Key_Return, CTRL)  # one concluded, three left
    asked = click_yes(qtbot)
    page.close_button.click()
    assert "3 case(s) have no conclusion yet" in asked[0] and "No. 2" in asked[0]
    assert page.opening.isVisible()  # closed after that one Yes, nothing refused
    meetings = MeetingService(county_center.county.db, today=lambda: TODAY)
    closed = meetings.meetings()[0]
    assert closed.deferred == 3
    with county_center.county.db.reader() as session:
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "meeting.close")
        ).one()
    assert entry.after["deferred_at_close"] == [2, 3, 4]
    with county_center.county.db.reader() as session:
        assert len(session.scalars(select(Certificate)).all()) == 1
    # The three are on the next meeting's agenda.
    _open_meeting(qtbot, page)
    assert page.agenda.count() == 3


def test_each_conclusion_offers_its_own_common_reasons_and_keeps_what_was_typed(
    qtbot: QtBot, county_center: County
) -> None:
    page = _page(qtbot, county_center)
    _open_meeting(qtbot, page)

    def offered() -> list[str]:
        return [page.reasons.itemText(i) for i in range(page.reasons.count())]

    _choose(page.outcome, "Supplement requested")
    assert "补充出院记录" in offered() and "诊断医院不是县级及以上公立医疗机构" not in offered()
    _choose(page.outcome, "Rejected")
    assert "诊断医院不是县级及以上公立医疗机构" in offered() and "补充出院记录" not in offered()
    page.reasons.setCurrentText("病历与申报病种不符")
    _choose(page.outcome, "Physical examination required")
    assert page.reasons.currentText() == "病历与申报病种不符"


def test_a_case_back_from_a_physical_examination_says_so_on_the_agenda(
    qtbot: QtBot, county_center: County
) -> None:
    db = county_center.county.db
    earlier = MeetingService(db, today=lambda: TODAY)
    meeting = earlier.open(REVIEWER, TODAY, ("张医生", "李医生"))
    first = earlier.items(meeting.id)[0]
    exam = Conclusion(
        "exam_required",
        "复查血压",
        ("张医生", "李医生"),
        exam_hospital=earlier.review.examination_hospital(),
        exam_by=TODAY + timedelta(days=30),
    )
    earlier.conclude(REVIEWER, first.id, exam, first.version)
    earlier.close(REVIEWER, meeting.id, county_center.county.keys.signing, defer_rest=True)
    page = _page(qtbot, county_center)
    _open_meeting(qtbot, page)
    texts = [page.agenda.item(i).text() for i in range(page.agenda.count())]
    assert sum("after a physical examination" in t for t in texts) == 1, texts


def test_the_examination_is_offered_at_designated_hospitals_only(
    qtbot: QtBot, county_center: County
) -> None:
    db = county_center.county.db
    with db.session() as session:
        hospital = session.scalars(select(Hospital).order_by(Hospital.code)).first()
        assert hospital is not None
        hospital.designated = False
        undesignated = hospital.code
    page = _page(qtbot, county_center)
    offered = [page.exam_hospital.itemData(i) for i in range(page.exam_hospital.count())]
    assert undesignated not in offered and len(offered) > 2
    assert page.exam_hospital.maxVisibleItems() == 12  # a popup, not the screen's height


def test_a_file_withdrawn_on_the_cases_page_shows_so_on_the_open_agenda(
    qtbot: QtBot, county_center: County
) -> None:
    page = _page(qtbot, county_center)
    _open_meeting(qtbot, page)
    row = next(r for r, item in enumerate(page.items) if item.case.duplicate)
    page.agenda.setCurrentRow(row)
    duplicates = DuplicateService(county_center.county.db)
    pair = duplicates.pair(page.items[row].case.application_id)
    assert pair is not None
    duplicates.mark_duplicate(REVIEWER, pair.flagged, pair.other, pair.flagged, "重复申请")
    page.changes.announce(Change.APPLICATION)  # as the Cases page does
    text = page.agenda.item(row).text()
    assert "⚠" in text and "suspected duplicate" not in text
    _choose(page.outcome, "Approved")
    _choose(page.experts[0], "张医生")
    _choose(page.experts[1], "李医生")
    qtbot.keyClick(page, Qt.Key.Key_Return, CTRL)
    assert "no longer waiting" in page.errors["outcome"].text()
    assert page.agenda.currentRow() == row
