"""Known conditions reach the clerk as a sentence that says what to do, never as
"something went wrong"; Qt's own dialogs speak Chinese too."""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLibraryInfo, Qt, QTranslator
from PySide6.QtPrintSupport import QPrinterInfo
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.db.database import Database
from app.db.models import Application
from app.domain.workflow import Role
from app.security.actor import Actor
from tests.app.sync.helpers import Side, accepted
from tests.conftest import TODAY
from tests.ui.helpers import sync_page
from ui.main_window import MainWindow
from ui.pages.sync_page import BatchesSyncPage

HEAD = Actor("head1", Role.STATION_HEAD)


@pytest.fixture
def no_message_boxes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A known condition must not pop up the "unexpected error" box."""
    shown: list[str] = []
    for kind in ("warning", "critical"):
        monkeypatch.setattr(QMessageBox, kind, lambda *a, k=kind: shown.append(k))
    return shown


def _ready_to_export(qtbot: QtBot, station: Side) -> BatchesSyncPage:
    accepted(station.db, 1)
    page = sync_page(station.db, HEAD, lambda: station.keys, today=lambda: TODAY)
    qtbot.addWidget(page)
    return page


def _export_to(
    qtbot: QtBot, page: BatchesSyncPage, drive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(drive))
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.export_button.isEnabled(), timeout=20_000)


def _nothing_sent(station: Side) -> bool:
    with station.db.reader() as session:
        states = set(session.scalars(select(Application.state)))
    return states == {"station_accepted"}


def test_a_full_stick_says_to_free_space(
    qtbot: QtBot,
    sides: tuple[Side, Side],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    no_message_boxes: list[str],
) -> None:
    station = sides[0]
    page = _ready_to_export(qtbot, station)
    drive = tmp_path / "usb"
    drive.mkdir()
    # The package's file on this "stick" is the kernel's full device: every write
    # fails with ENOSPC, as on a stick with no room left.
    name = page.exchange.next_file_name()
    (drive / f"{name}.part").symlink_to("/dev/full")
    _export_to(qtbot, page, drive, monkeypatch)
    assert page.message.text() == (
        f"The drive {drive} is full: the file was not written and nothing changed here. "
        "Free some space on it, or use another stick, and try again"
    )
    assert no_message_boxes == [] and not page.progress.isVisible()
    assert list(drive.iterdir()) == [] and _nothing_sent(station)


def test_a_stick_pulled_out_mid_export_says_to_put_it_back(
    qtbot: QtBot,
    sides: tuple[Side, Side],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    no_message_boxes: list[str],
) -> None:
    station = sides[0]
    page = _ready_to_export(qtbot, station)
    drive = tmp_path / "usb"
    drive.mkdir()
    real_fsync = os.fsync

    def pulled_out(fd: int) -> None:
        # Pulled out while the package was written: the kernel reports EIO when
        # the data is flushed to a device that is gone, and the folder is gone.
        if str(Path(f"/proc/self/fd/{fd}").readlink()).startswith(str(drive)):
            for leftover in drive.iterdir():
                leftover.unlink()
            drive.rmdir()
            raise OSError(errno.EIO, "Input/output error")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", pulled_out)
    _export_to(qtbot, page, drive, monkeypatch)
    assert page.message.text().startswith(f"The drive {drive} was removed or cannot be written")
    assert "Put the stick back in" in page.message.text()
    assert no_message_boxes == [] and _nothing_sent(station)


def test_exporting_before_the_county_is_added_names_what_is_missing(
    qtbot: QtBot,
    sqlite_db: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    no_message_boxes: list[str],
) -> None:
    page = sync_page(sqlite_db, HEAD, lambda: pytest.fail("no keys are needed to refuse"))
    qtbot.addWidget(page)
    drive = tmp_path / "usb"
    drive.mkdir()
    _export_to(qtbot, page, drive, monkeypatch)
    text = page.message.text()
    assert text.startswith("This station does not know its county center C4105 yet")
    assert "ask the IT person to add the county's identity file" in text
    assert no_message_boxes == []


def test_f9_from_any_page_without_an_address_says_to_enter_it(
    qtbot: QtBot, window: MainWindow
) -> None:
    assert window.online_box is not None and window.online_box.url.text() == ""
    window.show_page("dashboard")
    qtbot.keyClick(window, Qt.Key.Key_F9)
    box = window.online_box
    assert window.current_page() == "batches"
    assert box.url_error.isVisible() and not box.running
    assert box.url_error.text().startswith("Enter the county's address first")
    assert box.url.hasFocus() or QApplication.focusWidget() is box.url


def test_without_a_printer_the_preview_says_what_to_do(
    qtbot: QtBot, sides: tuple[Side, Side], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QPrinterInfo, "availablePrinterNames", staticmethod(lambda: []))
    station = sides[0]
    accepted(station.db, 1)
    page = sync_page(station.db, HEAD, lambda: station.keys, today=lambda: TODAY)
    qtbot.addWidget(page)
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(page.make_button, Qt.MouseButton.LeftButton)
    page.batch_table.selectRow(0)
    qtbot.mouseClick(page.roster_button, Qt.MouseButton.LeftButton)
    preview = page.roster_preview
    assert preview is not None
    qtbot.addWidget(preview)
    assert preview.printer.count() == 1  # only "PDF file…"
    assert preview.message.text().startswith("No printer is installed on this PC")
    assert preview.message.isVisible()


@pytest.fixture
def chinese_qt() -> Iterator[None]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt, ours = QTranslator(), QTranslator()
    assert qt.load("qtbase_zh_CN", folder)
    assert ours.load(str(Path(__file__).parents[2] / "resources/translations/ncms_zh_CN.qm"))
    for translator in (qt, ours):  # as ui/resources.py installs them
        app.installTranslator(translator)
    yield
    for translator in (qt, ours):
        app.removeTranslator(translator)


def test_qt_file_dialog_is_all_chinese(qtbot: QtBot, chinese_qt: None) -> None:
    dialog = QFileDialog(None, "选择", str(Path.home()))
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    qtbot.addWidget(dialog)
    dialog.show()
    labels = [label.text() for label in dialog.findChildren(QLabel) if label.text()]
    assert "查找范围(&L)：" in labels and "文件类型(&T)：" in labels
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in text) for text in labels), labels


def test_add_files_opens_in_the_scanner_folder_then_documents(
    qtbot: QtBot, sqlite_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.ui.helpers import intake_page
    from ui.folders import documents_folder
    from ui.widgets.scanner_watcher import ScannerWatcher

    opened: list[str] = []
    monkeypatch.setattr(
        QFileDialog,
        "getOpenFileNames",
        lambda _p, _t, folder, _f: opened.append(folder) or ([], ""),
    )
    scanner = ScannerWatcher()
    page = intake_page(sqlite_db, Actor("clerk1", Role.CLERK), today=TODAY, scanner=scanner)
    qtbot.addWidget(page)
    qtbot.mouseClick(page.documents.add_button, Qt.MouseButton.LeftButton)
    scanner.watch(str(tmp_path))
    qtbot.mouseClick(page.documents.add_button, Qt.MouseButton.LeftButton)
    assert opened == [str(documents_folder()), str(tmp_path)]
    assert Path(opened[0]) != Path.cwd() or Path.cwd() == documents_folder()


def test_chinese_disease_list_reads_names_alone(qtbot: QtBot, sqlite_db: Database) -> None:
    from app import i18n
    from tests.ui.helpers import intake_page

    i18n.set_language("zh_CN")  # the fixture sets English back afterwards
    page = intake_page(sqlite_db, Actor("clerk1", Role.CLERK), today=TODAY)
    qtbot.addWidget(page)
    qtbot.keyClicks(page.diseases.search, "gxy")
    assert page.diseases.matches.item(0).text() == "高血压病（Ⅱ、Ⅲ期）"  # the code: its tooltip


def test_file_dialog_dates_follow_the_window_language(tmp_path: Path) -> None:
    """Set before Qt starts, so it is seen in a fresh process (LANG=C as on a server)."""
    import subprocess
    import sys

    script = (
        "from ui.resources import use_dialog_dates\n"
        "use_dialog_dates('zh_CN')\n"
        "from PySide6.QtCore import QDate, QLocale\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "print(QLocale.system().toString(QDate(2026, 12, 1), QLocale.FormatType.ShortFormat))\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("LC_")}
    env.update(LANG="C", QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path))
    out = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "2026/12/1"
