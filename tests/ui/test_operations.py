from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from app.errors import NcmsError, StorageError
from ui.changes import Change, Changes
from ui.operations import MIN_THREADS, Operation, Progress, set_log_folder


def test_work_runs_off_the_gui_thread_and_reports_back(qtbot: QtBot) -> None:
    seen: dict[str, object] = {"progress": []}
    gui = threading.get_ident()

    def work(progress: Progress) -> str:
        seen["thread"] = threading.get_ident()
        for i in range(3):
            progress(i + 1, 3)
        return "done"

    operation = Operation(work, None).progress(lambda d, t: seen["progress"].append((d, t)))  # type: ignore[attr-defined]
    operation.success(lambda result: seen.update(result=result, on=QThread.currentThread()))
    with qtbot.waitSignal(operation.signals.succeeded, timeout=5000):
        operation.run()
    assert seen["result"] == "done" and seen["thread"] != gui
    assert seen["on"] is QThread.currentThread()  # callback delivered on the GUI thread
    qtbot.waitUntil(lambda: seen["progress"] == [(1, 3), (2, 3), (3, 3)])


def test_slow_work_never_holds_up_the_next_operation(qtbot: QtBot) -> None:
    # A sync waiting on a poor network, a scan folder being read...: the certificate
    # printed meanwhile starts at once, whatever the number of cores.
    release = threading.Event()
    slow = [Operation(lambda _p: release.wait(30), None) for _ in range(MIN_THREADS - 1)]
    try:
        for operation in slow:
            operation.run()
        quick = Operation(lambda _p: "printed", None)
        with qtbot.waitSignal(quick.signals.succeeded, timeout=5000) as done:
            quick.run()
        assert done.args == ["printed"]
    finally:
        release.set()


def test_failure_reaches_the_failure_callback(qtbot: QtBot) -> None:
    errors: list[Exception] = []

    def work(_progress: Progress) -> None:
        raise StorageError("blob.missing", digest="abc")

    operation = Operation(work, None).failure(errors.append)
    with qtbot.waitSignal(operation.signals.failed, timeout=5000):
        operation.run()
    assert [str(e) for e in errors] == ["The stored document abc is missing"]


def _shown(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """What the message boxes would have said (they would wait for a click)."""
    shown: list[tuple[str, str]] = []
    for kind in ("warning", "critical"):
        monkeypatch.setattr(
            QMessageBox, kind, lambda _parent, _title, text, k=kind: shown.append((k, text))
        )
    return shown


def test_an_unhandled_known_failure_is_shown_as_its_sentence(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown = _shown(monkeypatch)

    def work(_progress: Progress) -> None:
        raise NcmsError("sync.no_peer", code="C4105")

    parent = QWidget()
    qtbot.addWidget(parent)
    operation = Operation(work, parent)
    with qtbot.waitSignal(operation.signals.failed, timeout=5000):
        operation.run()
    assert shown == [
        ("warning", "C4105 is not trusted yet: add its identity file first (peers add)")
    ]


def test_an_unexpected_failure_is_logged_and_its_log_named(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    shown = _shown(monkeypatch)
    set_log_folder(tmp_path / "logs")

    def work(_progress: Progress) -> None:
        raise ZeroDivisionError("a bug")

    operation = Operation(work, None)
    with qtbot.waitSignal(operation.signals.failed, timeout=5000):
        operation.run()
    (log,) = (tmp_path / "logs").iterdir()
    assert "ZeroDivisionError: a bug" in log.read_text("utf-8")
    assert shown == [
        (
            "critical",
            f"Something went wrong. Your saved work is safe. Details for the IT person: {log}",
        )
    ]


def test_success_runs_the_callbacks_then_announces_the_change(qtbot: QtBot) -> None:
    order: list[object] = []
    changes = Changes()
    changes.changed.connect(lambda what: order.append(what))
    operation = (
        Operation(lambda _progress: 1, None)
        .success(lambda result: order.append(result))
        .announces(changes, Change.BATCH, Change.SYNC)
    )
    with qtbot.waitSignal(changes.changed, timeout=5000):
        operation.run()
    assert order == [1, frozenset({Change.BATCH, Change.SYNC})]
