"""The training window at the screens station PCs have (1024×768, 1366×768), in Chinese
and in English: nothing the clerk needs is cut, shortened or off to the side."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, QPoint, QRect, Qt, QTranslator
from PySide6.QtWidgets import QApplication, QScrollArea, QStyle, QTableView, QWidget
from pytestqt.qtbot import QtBot

from app import i18n
from app.admin.users import UserService
from app.intake.applications import ApplicationService
from app.services import training_services
from app.training.installation import (
    TRAINING_USERS,
    TrainingInstallation,
    TrainingPaths,
    open_training,
)
from tests.app.helpers import applicant, complete
from tests.ui.helpers import window_language
from tests.ui.questions import when_asked
from tests.ui.station_screens import station_screen
from ui.main_window import MainWindow
from ui.models.applications_model import COL_DISEASES, COL_STATE
from ui.pages.dashboard_page import count_axis
from ui.pages.intake_page import IntakePage
from ui.resources import install_translator, register_font


@pytest.fixture(params=["zh_CN", "en"])
def language(request: pytest.FixtureRequest) -> Iterator[str]:
    with window_language(request.param):
        yield request.param


@pytest.fixture
def training(tmp_path: Path) -> Iterator[TrainingInstallation]:
    made = open_training(TrainingPaths.beside(tmp_path / "data"), applications=30)
    yield made
    made.db.close()


def _window(qtbot: QtBot, training: TrainingInstallation, width: int) -> MainWindow:
    """The window as the station head sees it (every page), first start on that screen."""
    users = UserService(training.db)
    actor = users.authenticate(TRAINING_USERS["head"][0], training.password)
    window = MainWindow(training_services(training), actor, training=True)
    qtbot.addWidget(window)
    screen = station_screen(width, 768)
    assert screen is not None, "tests/conftest.py gives the offscreen platform station screens"
    window.setScreen(screen)
    window.show()
    qtbot.waitExposed(window)
    return window


def _on_screen(widget: QWidget) -> QRect:
    return QRect(widget.mapToGlobal(widget.rect().topLeft()), widget.size())


def _whole(widget: QWidget) -> None:
    """As wide as its text needs, every pixel of it shown, and on the screen."""
    assert widget.isVisible()
    assert widget.width() >= widget.sizeHint().width(), widget
    assert widget.visibleRegion().boundingRect() == widget.rect(), widget
    screen = widget.screen().availableGeometry()
    assert screen.contains(_on_screen(widget)), widget


def test_the_training_banner_s_buttons_are_whole_at_1024(
    qtbot: QtBot, training: TrainingInstallation, language: str
) -> None:
    window = _window(qtbot, training, 1024)
    for button in (window.banner.answer_button, window.banner.start_over_button):
        _whole(button)
        if language == "zh_CN":
            # The bundled Chinese font draws "…" mid-line, as "⋯": a label cut short.
            assert "…" not in button.text(), button.text()


@pytest.mark.parametrize("width", [1024, 1366])
def test_the_last_sync_reads_whole_in_the_status_bar(
    qtbot: QtBot, training: TrainingInstallation, language: str, width: int
) -> None:
    window = _window(qtbot, training, width)
    for label in (window.user_label, window.logout_button, window.sync_label):
        _whole(label)
    # "从未" alone (never) reads as a sentence cut off; it says what has not happened.
    expected = {"zh_CN": "上次同步：尚未同步", "en": "Last sync: never"}[language]
    assert window.sync_label.text() == expected


def test_the_applications_list_shows_every_column_and_its_search_hint_at_1024(
    qtbot: QtBot, training: TrainingInstallation, language: str
) -> None:
    window = _window(qtbot, training, 1024)
    window.show_page("applications")
    qtbot.wait(10)
    page = window.applications_page
    table, header = page.table, page.table.horizontalHeader()
    assert table.horizontalScrollBar().maximum() == 0  # nothing off to the right
    last = header.count() - 1
    assert header.sectionViewportPosition(last) + header.sectionSize(last) <= (
        table.viewport().width()
    )
    for column in range(header.count()):
        # The diseases are the column that is shortened, and has a tooltip; where the
        # rows are two lines tall (English) the state wraps onto its second line.
        if column != COL_DISEASES and not (column == COL_STATE and page.two_lines):
            wanted = max(table.sizeHintForColumn(column), header.sectionSizeHint(column))
            assert header.sectionSize(column) >= wanted, column
    model = page.model
    for row in range(model.rowCount()):
        assert _reads_whole(table, model.index(row, COL_STATE)), model.index(row, COL_STATE).data()
    diseases = model.index(0, COL_DISEASES)
    assert diseases.data(Qt.ItemDataRole.ToolTipRole) == diseases.data()
    search = page.search
    hint = search.fontMetrics().horizontalAdvance(search.placeholderText())
    # The text margins, the frame and the clear button's place come off the width.
    assert hint + 2 * 8 + search.height() <= search.width(), search.placeholderText()


def _reads_whole(table: QTableView, index: QModelIndex) -> bool:
    """The cell's text fits its cell, wrapped at spaces as the table wraps it."""
    cell = table.visualRect(index)
    margin = table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table) + 1
    room = cell.width() - 2 * margin  # as the item delegate draws it
    needed = table.fontMetrics().boundingRect(
        QRect(0, 0, room, 10_000), Qt.TextFlag.TextWordWrap, index.data()
    )
    return needed.width() <= room and needed.height() <= cell.height()


def test_the_diseases_read_on_two_lines_in_english_at_1024(
    qtbot: QtBot, training: TrainingInstallation
) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    register_font(app)
    install_translator(app, "en")
    try:
        window = _window(qtbot, training, 1024)
        window.show_page("applications")
        qtbot.wait(10)
        page = window.applications_page
        table, model = page.table, page.model
        assert table.horizontalScrollBar().maximum() == 0
        rows = [model.index(row, COL_DISEASES) for row in range(model.rowCount())]
        # Rows two lines tall; the commonest diagnosis, and most lists, read whole.
        assert all(
            table.visualRect(i).height() >= 2 * table.fontMetrics().lineSpacing() for i in rows
        )
        hypertension = [i for i in rows if i.data() == "Hypertension (stage II/III)"]
        assert hypertension and all(_reads_whole(table, i) for i in hypertension)
        whole = [i for i in rows if _reads_whole(table, i)]
        assert len(whole) >= 0.75 * len(rows), [i.data() for i in rows if i not in whole]
    finally:
        for translator in app.findChildren(QTranslator):
            app.removeTranslator(translator)
            translator.deleteLater()
        i18n.set_language("en")


# An open list grabs the keyboard, which the offscreen platform cannot do.
@pytest.mark.qt_log_ignore("^This plugin does not support grabbing the keyboard$", extend=True)
def test_the_hospital_list_opens_a_dozen_rows_tall_not_to_the_screen_bottom(
    qtbot: QtBot, training: TrainingInstallation
) -> None:
    window = _window(qtbot, training, 1024)
    window.show_page("intake")
    hospital = window.intake_page.hospital
    assert hospital.count() > 12
    hospital.showPopup()
    view = hospital.view()
    qtbot.waitUntil(view.isVisible)
    popup = view.window()
    assert popup.height() <= 13 * view.sizeHintForRow(1) + 2 * popup.frameWidth() + 4
    assert view.verticalScrollBar().maximum() > 0  # the rest scroll into view
    assert popup.width() >= view.sizeHintForColumn(0)  # every name reads whole
    hospital.hidePopup()


def test_the_intake_form_does_not_scroll_sideways_at_1024(
    qtbot: QtBot, training: TrainingInstallation, language: str
) -> None:
    window = _window(qtbot, training, 1024)
    window.show_page("intake")
    page = window.intake_page
    qtbot.wait(10)
    # Neither the form nor the materials and documents beside it.
    beside = page.documents.parentWidget()
    while not isinstance(beside, QScrollArea):
        beside = beside.parentWidget()
    for area in (page.form_scroll, beside):
        assert not area.horizontalScrollBar().isVisible()
        assert area.horizontalScrollBar().maximum() == 0
    # The navigation keeps its long English titles on two lines, not the pages' room.
    nav = window.nav
    for row in range(nav.count()):
        item = nav.item(row)
        shown = nav.visualItemRect(item)
        needed = nav.fontMetrics().boundingRect(
            shown.adjusted(8, 0, -8, 0), Qt.TextFlag.TextWordWrap, item.text()
        )
        assert needed.width() <= shown.width() and needed.height() <= shown.height(), item.text()


@pytest.mark.parametrize(
    ("largest", "top", "step"),
    [(0, 1, 1), (2, 3, 1), (5, 6, 1), (9, 10, 2), (12, 15, 5), (20, 25, 5), (96, 100, 20)],
)
def test_the_count_axis_steps_on_whole_numbers_past_the_longest_bar(
    largest: int, top: int, step: int
) -> None:
    assert count_axis(largest) == (top, step)


def test_the_dashboard_charts_tick_on_whole_counts(
    qtbot: QtBot, training: TrainingInstallation
) -> None:
    window = _window(qtbot, training, 1024)
    page = window.dashboard_page
    for view in (page.state_chart, page.disease_chart):
        axis = view.chart().axes(Qt.Orientation.Horizontal)[0]
        largest = max(view.bars.at(i) for i in range(view.bars.count()))
        top, ticks = axis.max(), axis.tickCount()
        assert axis.min() == 0 and top == int(top) and top > largest
        step = top / (ticks - 1)
        assert step == int(step) and ticks <= 7, (top, ticks)
        assert axis.minorTickCount() == 0


def _history_lies_above_the_name(page: IntakePage) -> None:
    """Every line of the returning applicant's history shown, the name field below it."""
    history = page.history
    assert history.isVisible() and "S001-" in history.text()
    assert history.height() >= history.heightForWidth(history.width()), history.text()
    form = page.form_scroll.widget()
    shown = QRect(history.mapTo(form, QPoint(0, 0)), history.size())
    below = QRect(page.name.mapTo(form, QPoint(0, 0)), page.name.size())
    assert not shown.intersects(below) and shown.bottom() < below.top(), (shown, below)


def test_a_returning_applicant_s_long_history_pushes_the_form_down_at_1024(
    qtbot: QtBot, training: TrainingInstallation, language: str
) -> None:
    clerk = UserService(training.db).authenticate(TRAINING_USERS["clerk"][0], training.password)
    service = ApplicationService(training.db)
    diagnosed = date.today() - timedelta(30)
    # Someone who applied four times before: the line under the ID number wraps to 3+
    # lines; and someone who applied once, who comes to the counter first.
    often = applicant(77, name="李秀兰")
    for codes in (["HTN", "DM"], ["CHD", "COPD"], ["STR", "CKD"], ["RA", "SLE"]):
        draft = service.save_draft(clerk, complete(codes, person=often, diagnosis_date=diagnosed))
        service.withdraw(clerk, draft.id, "搬到县城居住")
    once = applicant(78, name="王秀英")
    draft = service.save_draft(clerk, complete(person=once, diagnosis_date=diagnosed))
    service.withdraw(clerk, draft.id, "搬到县城居住")
    window = _window(qtbot, training, 1024)
    window.show_page("intake")
    page = window.intake_page
    qtbot.keyClicks(page.id_number, once.id_number)
    qtbot.waitUntil(lambda: _history_lies_above_the_name(page), timeout=2000)
    # Next applicant, the first one's form (a draft by now) discarded.
    discard = page.tr("Discard")
    when_asked(
        qtbot,
        lambda box: qtbot.mouseClick(
            next(b for b in box.buttons() if b.text() == discard), Qt.MouseButton.LeftButton
        ),
    )
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.id_number.text() == "")
    qtbot.keyClicks(page.id_number, often.id_number)
    # The layout settles in the events that follow: a wrong one stays wrong.
    qtbot.waitUntil(lambda: _history_lies_above_the_name(page), timeout=2000)
    history = page.history
    assert history.height() >= 3 * history.fontMetrics().lineSpacing(), history.text()
    # The clerk takes the last digit back and types it again: the line goes and comes.
    qtbot.keyClick(page.id_number, Qt.Key.Key_Backspace)
    qtbot.waitUntil(lambda: page.history.text() == "")
    qtbot.keyClicks(page.id_number, often.id_number[-1])
    qtbot.waitUntil(lambda: _history_lies_above_the_name(page), timeout=2000)
