"""One way to run slow work off the GUI thread (package export, PDF batches, demo
data), with success / failure / progress callbacks delivered on the GUI thread.

The work function never touches widgets; it gets a `progress(done, total)`
callable and returns a plain result.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, ClassVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

Progress = Callable[[int, int], None]
log = logging.getLogger(__name__)


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
    """`Operation(work).progress(cb).success(cb).failure(cb).run()`.

    Signals: progressed(done, total), succeeded(result), failed(exception).
    """

    _running: ClassVar[set[Operation]] = set()  # keeps operations alive until done

    def __init__(self, work: Callable[[Progress], Any]) -> None:
        self.signals = _Signals()
        self._work = work

    def success(self, callback: Callable[[Any], None]) -> Operation:
        self.signals.succeeded.connect(callback)
        return self

    def failure(self, callback: Callable[[Exception], None]) -> Operation:
        self.signals.failed.connect(callback)
        return self

    def progress(self, callback: Callable[[int, int], None]) -> Operation:
        self.signals.progressed.connect(callback)
        return self

    def run(self) -> None:
        Operation._running.add(self)
        self.signals.succeeded.connect(self._finished)
        self.signals.failed.connect(self._finished)
        QThreadPool.globalInstance().start(_Runner(self._work, self.signals))

    def _finished(self, _result: object) -> None:
        Operation._running.discard(self)
