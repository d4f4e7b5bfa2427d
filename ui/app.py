"""Starting the window: font, translation, data (or a training copy), login."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QEventLoop, Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog

from app import environment
from app.admin.presence import hold_window
from app.cli.gui import DEMO_COUNTY, DEMO_STATION
from app.errors import NcmsError
from app.i18n import DEFAULT_LANGUAGE, LANGUAGES
from app.paths import DataPaths
from app.services import county_training_services, open_services, training_services
from app.settings import LocalSettings
from app.training import county_center
from app.training.county_center import CountyTraining, CountyTrainingPaths
from app.training.installation import (
    TrainingFolder,
    TrainingInstallation,
    TrainingPaths,
    open_training,
)
from ui.backups import BackupScheduler
from ui.operations import Operation, set_log_folder, show_failure
from ui.resources import install_translator, register_font, use_dialog_dates
from ui.session import Session
from ui.single_instance import FirstInstance, ask_first_to_come_forward

if TYPE_CHECKING:
    from app.training.online import TrainingCountyService

log = logging.getLogger(__name__)
T = TypeVar("T")


def _install_excepthook(log_dir: Path) -> None:
    """No traceback reaches a user: it goes to a log file, the user gets a message
    (the same one a failed background operation shows)."""
    set_log_folder(log_dir)

    def hook(
        _kind: type[BaseException], error: BaseException, _trace: TracebackType | None
    ) -> None:
        show_failure(None, error)

    sys.excepthook = hook


def language_setting(requested: str | None, data_dir: Path | None = None) -> str:
    """--lang, else NCMS_LANG, else the language saved in Settings, else Chinese."""
    saved = LocalSettings.load(data_dir).language if data_dir else None
    language = environment.language(requested, saved) or DEFAULT_LANGUAGE
    return language if language in LANGUAGES else DEFAULT_LANGUAGE


def make_application() -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("ncms-chronic")
    return app


def build_training(paths: TrainingPaths, applications: int = 300) -> TrainingInstallation:
    """Open the training station, made first (in the background, behind a progress
    dialog) when there is none yet or it was started over."""
    if paths.exists():
        return open_training(paths)
    return _made_behind_progress(
        lambda progress: open_training(paths, applications, progress), applications
    )


def build_county_training(
    paths: CountyTrainingPaths, applications: int = county_center.APPLICATIONS
) -> CountyTraining:
    """Open the training county, made first as the training station is."""
    if paths.exists():
        return county_center.open_county_training(paths)
    return _made_behind_progress(
        lambda progress: county_center.open_county_training(paths, applications, progress),
        applications * len(county_center.STATIONS),
    )


def _made_behind_progress(make: Callable[[Callable[[int, int], None]], T], total: int) -> T:
    """What `make` returns, run in the background while a progress dialog shows how
    far it got (of `total`); what it raised is raised here."""
    dialog = QProgressDialog(
        QApplication.translate("app", "Preparing the training data…"), "", 0, total
    )
    dialog.setCancelButton(None)
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    dialog.setMinimumDuration(0)
    loop = QEventLoop()
    outcome: dict[str, object] = {}

    def done(key: str, value: object) -> None:
        outcome[key] = value
        loop.quit()

    (
        Operation(make, dialog)
        .progress(lambda done_, total_: dialog.setValue(done_))
        .success(lambda result: done("result", result))
        .failure(lambda error: done("error", error))
        .run()
    )
    loop.exec()
    dialog.close()
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["result"]  # type: ignore[return-value]


def start_training_county(paths: TrainingPaths) -> TrainingCountyService | None:
    """The training county's sync service, for F9 (None if it cannot start: the
    stick route still works, and F9 says the county cannot be reached)."""
    # Imported here: only training serves, and the web server is slow to import.
    from app.training.online import TrainingCountyService

    county = TrainingCountyService(paths)
    try:
        county.start()
    except Exception:  # a closed loopback, a locked county database: practise by stick
        log.exception("the training county's sync service did not start")
        return None
    return county


def run_gui(
    data_dir: str | None,
    db_url: str | None,
    demo: str | None = None,
    language: str | None = None,
) -> int:
    """`demo`: None opens the installation, DEMO_STATION or DEMO_COUNTY that training."""
    root = DataPaths.resolve(data_dir).root
    station_training = TrainingPaths.beside(root)
    county_training = CountyTrainingPaths.beside(root)
    # Training keeps its own settings (its language too) in its installation's folder.
    settings_root = {
        DEMO_STATION: station_training.station.root,
        DEMO_COUNTY: county_training.county.root,
    }.get(demo or "", root)
    chosen = language_setting(language, settings_root)
    use_dialog_dates(chosen)  # before the QApplication: Qt reads the locale once
    app = make_application()
    register_font(app)
    install_translator(app, chosen)
    # Training's lock sits beside its whole folder, which "Start over" deletes.
    held = DataPaths(
        {DEMO_STATION: station_training.root, DEMO_COUNTY: county_training.root}.get(
            demo or "", root
        )
    )
    lock = hold_window(held)
    if lock is None:  # already open on this data: that window comes forward instead
        if not ask_first_to_come_forward(held):
            QMessageBox.information(
                None,
                QApplication.translate("app", "Already open"),
                QApplication.translate(
                    "app", "The program is already open on this data ({0}): look for its window."
                ).format(str(held.root)),
            )
        return 0
    # Listening at once: a second start while this one opens (migrations, training
    # data being made) ends quietly, and this window appears when it is ready.
    first = FirstInstance(held, lambda: None)
    try:
        return _run(app, data_dir, db_url, demo, first)
    finally:
        first.server.close()
        lock.release()


def _run(
    app: QApplication,
    data_dir: str | None,
    db_url: str | None,
    demo: str | None,
    first: FirstInstance,
) -> int:
    """The program on its data, the window lock taken and `first` listening."""
    root = DataPaths.resolve(data_dir).root
    station_training = TrainingPaths.beside(root)
    county_training = CountyTrainingPaths.beside(root)
    username = password = ""
    training: TrainingInstallation | CountyTraining | None = None
    folder: TrainingFolder | None = None
    county: TrainingCountyService | None = None
    try:
        if demo == DEMO_COUNTY:
            training = build_county_training(county_training)
            folder, services = county_training, county_training_services(training)
        elif demo:
            training = build_training(station_training)
            folder, services = station_training, training_services(training)
            county = start_training_county(station_training)
        else:
            services = open_services(data_dir, db_url)
        if training is not None:
            username, password = training.username, training.password
    except NcmsError as err:
        QMessageBox.critical(None, QApplication.translate("app", "Cannot start"), str(err))
        return 1
    _install_excepthook(services.paths.root / "logs")
    session = Session(services, training=training is not None)
    first.come_forward = session.come_forward
    backups = BackupScheduler(services.backups)
    backups.finished.connect(session.on_backed_up)
    try:
        if not session.start(username, password):
            return 0
        backups.start()
        code = app.exec()
        backups.at_exit()  # the window has closed: the data is as the day left it
    finally:
        if county is not None:
            county.stop()
    if training is not None and folder is not None and not folder.exists():
        # "Start over" on the training banner: fresh practice data, and sign in again.
        training.db.close()
        first.come_forward = lambda: None
        return _run(app, data_dir, db_url, demo, first)
    return code
