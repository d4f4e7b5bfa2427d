"""One way to run slow work off the GUI thread (package export, PDF batches, demo
data), with success / failure / progress callbacks delivered on the GUI thread.

The work function never touches widgets; it gets a `progress(done, total)`
callable and returns a plain result. A failure the caller does not handle is shown
over its parent: a known condition (NcmsError) as its plain sentence, anything else
as "something went wrong" with the path of the log written for the IT person.
"""

from __future__ import annotations

import logging
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from app.error_log import write_error_log
from app.errors import NcmsError
from app.services import connection_lost
from ui.changes import Change, Changes

Progress = Callable[[int, int], None]
MIN_THREADS = 8  # operations that may run at once
log = logging.getLogger(__name__)


class _ErrorLog:
    """Where unexpected errors are logged: one folder for the process (like
    sys.excepthook); the window sets its data directory's logs folder."""

    folder = Path(tempfile.gettempdir()) / "ncms-logs"


def set_log_folder(folder: Path) -> None:
    _ErrorLog.folder = folder


class _ConnectionLoss:
    """Who says that the database cannot be reached: the open window's banner
    (ui/db_watch.py), else a message box."""

    handler: Callable[[], None] | None = None


def on_connection_lost(handler: Callable[[], None]) -> None:
    _ConnectionLoss.handler = handler


def forget_connection_handler(handler: Callable[[], None]) -> None:
    """A window closing takes its banner with it (not a newer window's)."""
    if _ConnectionLoss.handler == handler:
        _ConnectionLoss.handler = None


def show_failure(parent: QWidget | None, error: BaseException) -> Path | None:
    """Tell the user what failed; the log file written for an unexpected error."""
    translate = QCoreApplication.translate
    if isinstance(error, NcmsError):
        QMessageBox.warning(parent, translate("app", "Not done"), str(error))
        return None
    if connection_lost(error):
        # Not a fault to log: the transaction was rolled back whole, and the banner
        # stays until the database answers again.
        if _ConnectionLoss.handler is not None:
            _ConnectionLoss.handler()
        else:
            QMessageBox.warning(
                parent,
                translate("app", "Not done"),
                translate(
                    "app",
                    "The database cannot be reached (the network or the database server). "
                    "Nothing was recorded; try again in a moment.",
                ),
            )
        return None
    path = write_error_log(_ErrorLog.folder, "".join(traceback.format_exception(error)))
    QMessageBox.critical(
        parent,
        translate("app", "Unexpected error"),
        translate(
            "app", "Something went wrong. Your saved work is safe. Details for the IT person: {0}"
        ).format(path),
    )
    return path


class _Signals(QObject):
    succeeded = Signal(object)
    failed = Signal(object)
    progressed = Signal(int, int)


class _Runner(QRunnable):
    def __init__(self, work: Callable[[Progress], Any], signals: _Signals) -> None:
        super().__init__()
        self.work = work
        self.signals = signals

    def run(self) -> None:
        try:
            result = self.work(self.signals.progressed.emit)
        except Exception as err:  # delivered to the failure callback, never lost
            log.exception("background operation failed")
            self.signals.failed.emit(err)
        else:
            self.signals.succeeded.emit(result)


class Operation:
    """`Operation(work, parent).progress(cb).success(cb).failure(cb).run()`.

    Without `.failure(cb)`, a failure is shown over `parent` (see `show_failure`).
    `.announces(changes, Change.X …)` tells every page what changed once the
    success callbacks have run.

    Signals: progressed(done, total), succeeded(result), failed(exception).
    """

    _running: ClassVar[set[Operation]] = set()  # keeps operations alive until done

    def __init__(self, work: Callable[[Progress], Any], parent: QWidget | None) -> None:
        self.signals = _Signals()
        self._work = work
        self._parent = parent
        self._on_success: list[Callable[[Any], None]] = []
        self._on_failure: list[Callable[[Exception], None]] = []
        self._announce: tuple[Changes, tuple[Change, ...]] | None = None
        # Connected first, so whoever else waits on the signals sees the callbacks done.
        self.signals.succeeded.connect(self._succeeded)
        self.signals.failed.connect(self._failed)

    def success(self, callback: Callable[[Any], None]) -> Operation:
        self._on_success.append(callback)
        return self

    def failure(self, callback: Callable[[Exception], None]) -> Operation:
        self._on_failure.append(callback)
        return self

    def progress(self, callback: Callable[[int, int], None]) -> Operation:
        self.signals.progressed.connect(callback)
        return self

    def announces(self, changes: Changes, *what: Change) -> Operation:
        self._announce = (changes, what)
        return self

    def run(self) -> None:
        Operation._running.add(self)
        pool = QThreadPool.globalInstance()
        # Qt sizes the pool by cores (two on many counter PCs); most work here waits on
        # the network, the disk or the database, and a slow online sync must not hold
        # up printing a certificate behind it.
        pool.setMaxThreadCount(max(pool.maxThreadCount(), MIN_THREADS))
        pool.start(_Runner(self._work, self.signals))

    # One slot each, so the callbacks and the announcement run together, in order.

    def _succeeded(self, result: object) -> None:
        Operation._running.discard(self)
        for callback in self._on_success:
            callback(result)
        if self._announce is not None:
            changes, what = self._announce
            changes.announce(*what)

    def _failed(self, error: Exception) -> None:
        Operation._running.discard(self)
        for callback in self._on_failure:
            callback(error)
        if not self._on_failure:
            show_failure(self._parent, error)
