"""Pages and the window over a test database, wired as ui/app.py wires them."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, QTranslator
from PySide6.QtWidgets import QAbstractItemView, QApplication
from pytestqt.qtbot import QtBot

from app import i18n
from app.db.database import Database
from app.security.actor import Actor
from app.security.secrets import SecretStore
from app.services import Services, build_services
from app.sync.context import SyncKeys
from tests.app.helpers import CLERK
from ui.changes import Changes
from ui.county.case_dialog import CaseDesk
from ui.main_window import MainWindow
from ui.pages.application_detail import ApplicationDetailDialog
from ui.pages.certificates_page import CertificatesPage
from ui.pages.dashboard_page import DashboardPage
from ui.pages.examination_page import ExaminationPage
from ui.pages.intake_page import IntakePage
from ui.pages.settings_page import OfficeBox
from ui.pages.sync_page import BatchesSyncPage
from ui.resources import install_translator, register_font
from ui.widgets.online_sync_box import OnlineSyncBox
from ui.widgets.scanner_watcher import ScannerWatcher

if TYPE_CHECKING:
    from ui.county.county_window import CountyWindow

Today = Callable[[], date]


def services(
    db: Database,
    today: Today = date.today,
    secrets: Callable[[], SecretStore] | None = None,
    keys: Callable[[], SyncKeys] | None = None,
) -> Services:
    return build_services(db, secrets=secrets, keys=keys, today=today)


def case_desk(db: Database, actor: Actor) -> CaseDesk:
    """What the county's Cases page opens a case with, as the county window gives it."""
    s = services(db)
    return CaseDesk(s.applications, s.documents, s.duplicates, s.catalogue, s.listing, actor)


def choose_row(view: QAbstractItemView, row: int) -> None:
    """Make `row` the current one, as a click or the arrow keys would."""
    view.setCurrentIndex(view.model().index(row, 0))


def main_window(
    db: Database,
    actor: Actor,
    training: bool = False,
    secrets: Callable[[], SecretStore] | None = None,
    keys: Callable[[], SyncKeys] | None = None,
) -> MainWindow:
    return MainWindow(services(db, secrets=secrets, keys=keys), actor, training=training)


def intake_page(
    db: Database, actor: Actor, today: date | None = None, scanner: ScannerWatcher | None = None
) -> IntakePage:
    s = services(db, today=(lambda: today) if today else date.today)
    return IntakePage(
        s.applications,
        s.catalogue,
        s.listing,
        s.persons,
        s.documents,
        s.paths,
        actor,
        today=today,
        scanner=scanner,
        printouts=s.printouts,
    )


def examination_page(db: Database, actor: Actor, today: Today = date.today) -> ExaminationPage:
    s = services(db, today=today)
    return ExaminationPage(
        s.applications,
        s.examination,
        s.listing,
        s.catalogue,
        s.documents,
        s.printouts,
        s.paths,
        actor,
    )


def dashboard_page(db: Database, today: Today = date.today) -> DashboardPage:
    s = services(db)
    return DashboardPage(s.dashboard, s.catalogue, today=today)


def sync_page(
    db: Database, actor: Actor, keys: Callable[[], SyncKeys], today: Today = date.today
) -> BatchesSyncPage:
    s = services(db, today=today, keys=keys)
    return BatchesSyncPage(
        s.batches, s.batch_list, s.printouts, s.exchange, s.catalogue, s.paths, actor, today=today
    )


def online_box(
    db: Database,
    actor: Actor,
    secrets: Callable[[], SecretStore],
    changes: Changes | None = None,
) -> OnlineSyncBox:
    s = services(db, secrets=secrets)
    return OnlineSyncBox(s.exchange, s.paths, actor, changes=changes)


def certificates_page(db: Database, actor: Actor, today: Today = date.today) -> CertificatesPage:
    s = services(db, today=today)
    return CertificatesPage(s.certificates, s.printouts, s.catalogue, s.paths, actor)


def detail_dialog(
    db: Database, application_id: uuid.UUID, actor: Actor = CLERK, today: Today = date.today
) -> ApplicationDetailDialog:
    s = services(db, today=today)
    return ApplicationDetailDialog(
        s.applications,
        s.catalogue,
        s.exchange,
        s.printouts,
        s.appeals,
        s.paths,
        application_id,
        actor,
    )


def office_box(db: Database, actor: Actor) -> OfficeBox:
    return OfficeBox(services(db).printouts, actor)


def shown_county_window(qtbot: QtBot, services_: Services, actor: Actor) -> CountyWindow:
    """The county window as the program opens it after the login, shown and active
    (its shortcuts reach only the active window), its watch on the database begun."""
    from ui.county.county_window import CountyWindow
    from ui.session import Session

    session = Session(services_, quit_program=lambda: None)
    session.open_window(actor)
    window = session.window
    assert isinstance(window, CountyWindow)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.waitUntil(lambda: window.db_watch.polls > 0)  # following from here on
    return window


@contextmanager
def window_language(language: str) -> Iterator[None]:
    """The window in `language` for a test, as the program installs it, then every
    translator removed and the default locale put back: Qt's own (qtbase) translator
    left behind would show a later test's "Ctrl+Enter" as "Ctrl+回车"."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    locale = QLocale()
    register_font(app)  # the bundled font, whose glyphs set how wide text is
    install_translator(app, language)
    try:
        yield
    finally:
        for translator in app.findChildren(QTranslator):
            app.removeTranslator(translator)
            translator.deleteLater()
        QLocale.setDefault(locale)
        i18n.set_language("en")
