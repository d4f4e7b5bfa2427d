"""The examiner's walk through the queue: oldest first, searched as the applications
list is, each decision's notice in the print preview and the next file brought up."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import update

from app.db.database import Database
from app.db.models import Application
from app.domain.workflow import Role
from app.intake.applications import ApplicationService
from app.intake.listing import ApplicationFilter, ApplicationList
from app.security.actor import Actor
from tests.app.helpers import CLERK, applicant, complete
from tests.conftest import TODAY
from tests.ui.helpers import choose_row, examination_page, main_window, window_language
from tests.ui.questions import click_yes
from tests.ui.station_screens import station_screen
from ui.pages.examination_page import ExaminationPage

HEAD = Actor("head1", Role.STATION_HEAD)
# Drafted in this order (so numbered 1, 2, 3) but received in another: 2, then 3, then 1.
PEOPLE = (("赵桂兰", 51, 3), ("钱广福", 52, 1), ("孙玉梅", 53, 2))


@pytest.fixture
def queue(sqlite_db: Database) -> list[str]:
    """Application numbers, oldest received first."""
    service = ApplicationService(sqlite_db, today=lambda: TODAY)
    received: list[tuple[int, str]] = []
    for name, seq, day in PEOPLE:
        ref = service.save_draft(CLERK, complete(["HTN"], person=applicant(seq, name=name)))
        number = service.receive(CLERK, ref.id).number
        with sqlite_db.session() as session:
            session.execute(
                update(Application)
                .where(Application.id == ref.id)
                .values(received_at=datetime(2026, 11, day, 9, 0, tzinfo=UTC))
            )
        received.append((day, number))
    return [number for _, number in sorted(received)]


def _page(qtbot: QtBot, db: Database) -> ExaminationPage:
    page = examination_page(db, HEAD, today=lambda: TODAY)
    qtbot.addWidget(page)
    page.show()
    return page


def _type(qtbot: QtBot, field: QLineEdit, text: str) -> None:
    """Typed as at a station PC: Han characters arrive from the input method."""
    if text.isascii():
        qtbot.keyClicks(field, text)
        return
    field.setFocus()
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(field, event)


def _queue_lines(page: ExaminationPage) -> list[str]:
    return [page.queue_model.index(r, 0).data() for r in range(page.queue_model.rowCount())]


def _preview_text(page: ExaminationPage, tmp_path: Path) -> str:
    assert page.preview is not None and page.preview.isVisible()
    text = "".join(
        p.extract_text() for p in PdfReader(io.BytesIO(page.preview.pdf.read_bytes())).pages
    )
    assert page.preview.print_to_file(tmp_path / "printed.pdf")  # and it prints
    return text.replace(" ", "").replace("\n", "")


def _mark_all_provided(page: ExaminationPage) -> None:
    for row in range(page.checklist_model.rowCount()):
        combo = page.status_combo(row)
        combo.setCurrentIndex(combo.findData("provided"))


def test_the_queue_is_oldest_received_first_with_the_date_shown(
    qtbot: QtBot, sqlite_db: Database, queue: list[str]
) -> None:
    page = _page(qtbot, sqlite_db)
    lines = _queue_lines(page)
    assert [line.split("  ")[1] for line in lines] == queue
    days = [line.split("  ")[0] for line in lines]
    assert days == sorted(days) and days[0].startswith("2026-11-0")
    assert "3 waiting, oldest received first" in page.queue_note.text()


def test_the_search_box_finds_what_the_applications_list_finds(
    qtbot: QtBot, sqlite_db: Database, queue: list[str]
) -> None:
    page = _page(qtbot, sqlite_db)
    listing = ApplicationList(sqlite_db)
    for typed in ("qgf", "钱", queue[2].rsplit("-", 1)[1]):  # pinyin, name, short number
        page.search.clear()
        _type(qtbot, page.search, typed)
        shown = [line.split("  ")[1] for line in _queue_lines(page)]
        found = [r.number for r in listing.page(ApplicationFilter(text=typed), "received", False)]
        assert shown == found and len(shown) == 1, typed
        # The one match comes up at once, ready to examine.
        assert page.current is not None and shown[0] in page.summary.text()
    page.search.clear()
    qtbot.keyClicks(page.search, "zzzz")
    assert page.queue_model.rowCount() == 0 and page.current is None
    assert "No waiting application matches “zzzz”" in page.queue_note.text()
    page.search.clear()
    assert page.queue_model.rowCount() == 3


def test_a_notice_opens_for_printing_and_the_next_file_comes_up(
    qtbot: QtBot, sqlite_db: Database, queue: list[str], tmp_path: Path
) -> None:
    page = _page(qtbot, sqlite_db)
    choose_row(page.queue, 0)
    qtbot.mouseClick(page.notice_button, Qt.MouseButton.LeftButton)
    text = _preview_text(page, tmp_path)
    assert "一次性告知书" in text and queue[0] in text and "县级及以上公立医院病历" in text
    # Still waiting (for the applicant now), shown so in the queue; the next one is up.
    assert "(awaiting materials)" in _queue_lines(page)[0]
    assert queue[1] in page.summary.text() and page.queue.currentIndex().row() == 1
    assert page.message.text().startswith(f"Notice recorded for {queue[0]}")
    # Closed by mistake: the same notice prints again from the page.
    page.preview.close()
    assert page.print_button.isVisible() and queue[0] in page.print_button.text()
    qtbot.mouseClick(page.print_button, Qt.MouseButton.LeftButton)
    assert queue[0] in _preview_text(page, tmp_path)


def test_a_file_awaiting_materials_prints_its_notice_again_and_changes_nothing(
    qtbot: QtBot, sqlite_db: Database, queue: list[str], tmp_path: Path
) -> None:
    page = _page(qtbot, sqlite_db)
    choose_row(page.queue, 0)
    assert page.notice_button.text() == "Ask for missing materials (one notice)"
    qtbot.mouseClick(page.notice_button, Qt.MouseButton.LeftButton)
    page.preview.close()
    choose_row(page.queue, 0)  # the applicant comes back to ask for the notice again
    assert page.notice_button.text() == "Print the notice again"
    before = ApplicationService(sqlite_db).get(page.current).version
    qtbot.mouseClick(page.notice_button, Qt.MouseButton.LeftButton)
    assert page.error.text() == ""
    assert "一次性告知书" in _preview_text(page, tmp_path)
    assert ApplicationService(sqlite_db).get(page.current).version == before


def test_a_return_prints_its_reasons_and_leaves_the_queue(
    qtbot: QtBot, sqlite_db: Database, queue: list[str], tmp_path: Path
) -> None:
    page = _page(qtbot, sqlite_db)
    choose_row(page.queue, 1)
    _mark_all_provided(page)
    _type(qtbot, page.reasons, "诊断证明非县级医院出具；病历不全")
    click_yes(qtbot)
    qtbot.mouseClick(page.return_button, Qt.MouseButton.LeftButton)
    text = _preview_text(page, tmp_path)
    assert "退回" in text and "诊断证明非县级医院出具；病历不全" in text and queue[1] in text
    assert [line.split("  ")[1] for line in _queue_lines(page)] == [queue[0], queue[2]]
    # What was below the returned file moves up into its place.
    assert page.queue.currentIndex().row() == 1 and queue[2] in page.summary.text()


def test_after_accepting_the_header_and_queue_move_on(
    qtbot: QtBot, sqlite_db: Database, queue: list[str], tmp_path: Path
) -> None:
    page = _page(qtbot, sqlite_db)
    choose_row(page.queue, 2)  # the last one: afterwards the one above it is up
    _mark_all_provided(page)
    qtbot.mouseClick(page.accept_button, Qt.MouseButton.LeftButton)
    assert page.message.text() == f"{queue[2]} accepted: it goes into this quarter's batch"
    assert page.queue_model.rowCount() == 2 and queue[1] in page.summary.text()
    assert page.preview is None  # nothing to hand over; the approval form is offered
    qtbot.mouseClick(page.print_button, Qt.MouseButton.LeftButton)
    assert "认定审批表" in _preview_text(page, tmp_path)
    # Once the last is decided the header is empty, not the decided file's old state.
    for _ in range(2):
        _mark_all_provided(page)
        qtbot.mouseClick(page.accept_button, Qt.MouseButton.LeftButton)
    assert page.queue_model.rowCount() == 0 and page.summary.text() == ""
    assert "No application is waiting" in page.queue_note.text()


@pytest.fixture
def chinese() -> Iterator[None]:
    with window_language("zh_CN"):
        yield


def test_the_chinese_header_uses_full_width_colons(
    qtbot: QtBot, sqlite_db: Database, queue: list[str], chinese: None
) -> None:
    page = _page(qtbot, sqlite_db)
    choose_row(page.queue, 0)
    header = page.summary.text()
    assert "诊断日期：2026-09-01" in header and "状态：" in header
    assert ":" not in header


@pytest.mark.parametrize("size", [(1024, 768), (1366, 768)])
def test_the_queue_is_wide_enough_to_read_on_station_screens(
    qtbot: QtBot, sqlite_db: Database, head: Actor, queue: list[str], size: tuple[int, int]
) -> None:
    screen = station_screen(*size)
    assert screen is not None
    window = main_window(sqlite_db, head)
    qtbot.addWidget(window)
    window.setScreen(screen)
    window.show()
    qtbot.waitExposed(window)
    window.show_page("examination")
    page = window.examination_page
    qtbot.waitUntil(lambda: page.queue.viewport().width() > 0)
    metrics = page.queue.fontMetrics()
    widest = max(metrics.horizontalAdvance(line.split("\n")[0]) for line in _queue_lines(page))
    assert page.queue.viewport().width() > widest
    # …and the examination beside it keeps room for the checklist and its buttons.
    right: QWidget = page.items
    assert right.width() >= 420
    assert page.accept_button.visibleRegion().boundingRect().width() > 0
