from __future__ import annotations

import threading

from PySide6.QtCore import QThread
from pytestqt.qtbot import QtBot

from app.errors import StorageError
from ui.operations import Operation, Progress


def test_work_runs_off_the_gui_thread_and_reports_back(qtbot: QtBot) -> None:
    seen: dict[str, object] = {"progress": []}
    gui = threading.get_ident()

    def work(progress: Progress) -> str:
        seen["thread"] = threading.get_ident()
        for i in range(3):
            progress(i + 1, 3)
        return "done"

    operation = Operation(work).progress(lambda d, t: seen["progress"].append((d, t)))  # type: ignore[attr-defined]
    operation.success(lambda result: seen.update(result=result, on=QThread.currentThread()))
    with qtbot.waitSignal(operation.signals.succeeded, timeout=5000):
        operation.run()
    assert seen["result"] == "done" and seen["thread"] != gui
    assert seen["on"] is QThread.currentThread()  # callback delivered on the GUI thread
    qtbot.waitUntil(lambda: seen["progress"] == [(1, 3), (2, 3), (3, 3)])


def test_failure_reaches_the_failure_callback(qtbot: QtBot) -> None:
    errors: list[Exception] = []

    def work(_progress: Progress) -> None:
        raise StorageError("blob.missing", digest="abc")

    operation = Operation(work).failure(errors.append)
    with qtbot.waitSignal(operation.signals.failed, timeout=5000):
        operation.run()
    assert [str(e) for e in errors] == ["The stored document abc is missing"]
