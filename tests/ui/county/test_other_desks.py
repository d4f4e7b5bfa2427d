"""Two county desks on one database (SQLite's file, PostgreSQL's server): what one
records shows on the other's screen by itself, within the watch's few seconds, and
what the other had chosen and typed stays. The window runs on its defaults."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import create_engine, func, select, text

from app.db.database import open_database
from app.db.models import Objection
from app.review.notice import NoticeService, ObjectionEntry
from tests.app.review.helpers import Clock
from tests.app.sync.helpers import REVIEWER, County
from tests.conftest import TODAY
from tests.ui.county.test_notice_page import PERIOD, _page
from tests.ui.helpers import services, shown_county_window
from ui.county.county_window import CountyWindow
from ui.db_watch import POLL_SECONDS
from ui.operations import show_failure


def _shown_window(qtbot: QtBot, county_center: County) -> CountyWindow:
    """The county window on the Public notice page of a meeting closed into its
    notice, its watch on the database begun."""
    _page(qtbot, county_center, Clock()).close()
    window = shown_county_window(qtbot, services(county_center.county.db), REVIEWER)
    window.show_page("notice")
    return window


def test_an_objection_recorded_on_another_desk_appears_and_the_form_keeps_what_was_typed(
    qtbot: QtBot, county_center: County
) -> None:
    window = _shown_window(qtbot, county_center)
    db = county_center.county.db
    page = window.notice_page
    assert page.objections.rowCount() == 0
    # Half-way through typing an objection against the second certificate.
    page.certificate.setCurrentIndex(1)
    chosen = page.certificate.currentData()
    page.raised_by.insert("任固村村民 赵某")

    url = None if db.is_sqlite() else db.engine.url.render_as_string(hide_password=False)
    other_desk = open_database(db.paths, url)
    try:
        notices = NoticeService(other_desk, today=Clock(TODAY + timedelta(days=2)))
        (notice,) = notices.notices()
        listed = notices.listed(notice.id)[0].number
        entry = ObjectionEntry(listed, "宜沟村村民 李某", "申请人长期在外务工", PERIOD.starts_on)
        notices.record_objection(REVIEWER, notice.id, entry)
    finally:
        other_desk.close()

    qtbot.waitUntil(lambda: page.objections.rowCount() == 1, timeout=int(3000 * POLL_SECONDS))
    assert "to decide" in page.notice_list.item(0).text()
    assert page.certificate.currentData() == chosen  # still the one being typed about
    assert page.raised_by.text() == "任固村村民 赵某"
    assert not window.connection_bar.isVisible()


@pytest.mark.postgres
@pytest.mark.parametrize("county_center", ["postgres"], indirect=True)
def test_the_database_lost_mid_entry_shows_the_banner_keeps_the_typing_and_records_once(
    qtbot: QtBot, county_center: County, pg_server: str
) -> None:
    window = _shown_window(qtbot, county_center)
    page = window.notice_page
    page.certificate.setCurrentIndex(0)
    page.raised_by.insert("宜沟村村民 李某")
    page.text.insert("申请人长期在外务工")
    page.received_on.setDate(QDate(PERIOD.starts_on))
    page.text.setFocus()
    db = county_center.county.db
    name = db.engine.url.database
    admin = create_engine(pg_server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:  # the server restarts: every connection cut
            conn.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false'))
            conn.execute(
                text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"),
                {"n": name},
            )
        with qtbot.capture_exceptions() as raised:
            qtbot.keyClick(page.text, Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier)
        ((_kind, error, _trace),) = raised
        show_failure(window, error)  # what the window's excepthook does with it
        assert window.connection_bar.isVisible()
        assert "cannot be reached" in window.connection_bar.text()
        assert page.raised_by.text() == "宜沟村村民 李某"  # what was typed is on screen
        assert page.text.text() == "申请人长期在外务工"

        with admin.connect() as conn:  # back
            conn.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true'))
        qtbot.waitUntil(
            lambda: "Connected again" in window.connection_bar.text(),
            timeout=int(3000 * POLL_SECONDS),
        )
        assert page.objections.rowCount() == 0  # nothing half-recorded
        qtbot.keyClick(page.text, Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier)  # again
        assert page.objections.rowCount() == 1
        with db.reader() as session:
            assert session.scalar(select(func.count()).select_from(Objection)) == 1
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true'))
        admin.dispose()
