"""Every window string is translated, and the shipped .qm matches its .ts."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app import i18n
from app.db.database import Database
from app.security.actor import Actor
from tests.ui.helpers import main_window
from ui.resources import install_translator, register_font

TRANSLATIONS = Path(__file__).resolve().parents[2] / "resources" / "translations"


def test_no_string_is_left_untranslated() -> None:
    tree = ET.parse(TRANSLATIONS / "ncms_zh_CN.ts")
    messages = tree.getroot().iter("message")
    unfinished = [
        m.findtext("source") for m in messages if m.find("translation").get("type") == "unfinished"
    ]  # type: ignore[union-attr]
    assert unfinished == []


def test_every_tr_string_in_ui_is_in_the_ts_file(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.ts"
    sources = [str(p) for p in (Path(__file__).resolve().parents[2] / "ui").rglob("*.py")]
    lupdate = Path(sys.executable).parent / "pyside6-lupdate"
    subprocess.run([str(lupdate), *sources, "-ts", str(fresh)], check=True, capture_output=True)
    wanted = {m.findtext("source") for m in ET.parse(fresh).getroot().iter("message")}
    have = {
        m.findtext("source")
        for m in ET.parse(TRANSLATIONS / "ncms_zh_CN.ts").getroot().iter("message")
    }
    assert wanted - have == set(), "run: python packaging/translations.py"


def test_shipped_qm_is_built_from_the_ts(tmp_path: Path) -> None:
    lrelease = Path(sys.executable).parent / "pyside6-lrelease"
    built = tmp_path / "built.qm"
    subprocess.run(
        [str(lrelease), str(TRANSLATIONS / "ncms_zh_CN.ts"), "-qm", str(built)],
        check=True,
        capture_output=True,
    )
    assert built.read_bytes() == (TRANSLATIONS / "ncms_zh_CN.qm").read_bytes()


def test_window_in_chinese(qtbot: QtBot, sqlite_db: Database, head: Actor) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    assert register_font(app) == "WenQuanYi Micro Hei"
    translator = install_translator(app, "zh_CN")
    try:
        window = main_window(sqlite_db, head, training=True)
        qtbot.addWidget(window)
        assert window.windowTitle() == "新农合门诊慢性病认定申请"
        assert window.nav.item(3).text() == "初审"
        assert window.user_label.text() == "用户：王站长（站长）"
        assert window.banner.text().startswith("培训模式")
    finally:
        assert translator is not None
        app.removeTranslator(translator)
        i18n.set_language("en")


def test_a_translation_file_rewritten_while_the_window_is_open_changes_nothing(
    qapp: QApplication, tmp_path: Path
) -> None:
    """An update installed over a running program rewrites its .qm file: Qt had the
    file mapped, so the words turned English, or the program died when it shrank."""
    from PySide6.QtCore import QCoreApplication, QTranslator

    from ui.resources import _load

    copy = tmp_path / "ncms_zh_CN.qm"
    copy.write_bytes((TRANSLATIONS / "ncms_zh_CN.qm").read_bytes())
    translator = QTranslator()
    assert _load(translator, copy)
    qapp.installTranslator(translator)
    try:
        assert QCoreApplication.translate("AppealDialog", "Record the appeal") == "登记复核申请"
        with copy.open("r+b") as file:  # shrunk and rewritten in place
            file.truncate(0)
            file.write(b"\0" * 16)
        assert QCoreApplication.translate("AppealDialog", "Record the appeal") == "登记复核申请"
    finally:
        qapp.removeTranslator(translator)
    assert not _load(QTranslator(), tmp_path / "missing.qm")
