"""Open every page and dialog on training data offscreen and save a PNG of each, at
the screen sizes station PCs have:

    python -m tests.ui.screenshots [OUTDIR] [--lang zh_CN|en|both] [--size WxH ...]

Files go to OUTDIR/<lang>-<W>x<H>/NN-name.png. By default: Chinese, at 1366x768 and
at 1024x768 (`--size` may be given more than once; `--lang both` runs each language
in its own process, as Qt's translators are installed once per process).

How a screen size is made: Qt's offscreen platform reads its screens from a JSON
file (QT_QPA_PLATFORM=offscreen:configfile=tests/ui/station_screens.json, which has
a 1366x768 and a 1024x768 screen; the script sets it when QT_QPA_PLATFORM is unset
or plain "offscreen"). The window is put on the screen of that size and opens as on
a station PC the first time: maximised to the screen. Where no screen has the size
(a real display, another platform), the window is sized to WxH instead.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from tests.ui.station_screens import PLATFORM, SIZES, station_screen

if os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen":
    os.environ["QT_QPA_PLATFORM"] = PLATFORM

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from app.admin.users import UserService
from app.security.actor import Actor
from app.services import Services, build_services
from app.settings import LocalSettings
from app.sync.context import SyncKeys
from app.training.county import TrainingCounty
from app.training.installation import (
    TRAINING_USERS,
    TrainingInstallation,
    TrainingPaths,
    open_training,
)
from ui.app import make_application
from ui.dialogs.photo_dialog import PhotoDialog
from ui.login import LoginDialog
from ui.main_window import MainWindow
from ui.models.applications_model import ApplicationIdRole
from ui.resources import install_translator, register_font

Size = tuple[int, int]
TITLE = "S001 宜沟镇合管站（培训）"


def take_screenshots(
    out: Path, language: str = "zh_CN", applications: int = 200, sizes: tuple[Size, ...] = SIZES
) -> list[Path]:
    app = make_application()
    register_font(app)
    install_translator(app, language)
    training = open_training(
        TrainingPaths(Path(tempfile.mkdtemp(prefix="ncms-shots-"))), applications
    )
    # The login shot shows the clerk prefilled; the window is the head's, who sees every page.
    head = UserService(training.db).authenticate(TRAINING_USERS["head"][0], training.password)
    keys = SyncKeys.load(training.secrets)
    # With the training county, as a training start has it: the banner shows its buttons.
    services = replace(
        build_services(training.db, keys=lambda: keys),
        training_county=TrainingCounty(training.paths),
    )
    saved: list[Path] = []
    try:
        for width, height in sizes:
            folder = out / f"{language}-{width}x{height}"
            folder.mkdir(parents=True, exist_ok=True)
            saved += _shoot_at(app, folder, (width, height), training, services, head)
    finally:
        training.db.close()
    return saved


def _shoot_at(
    app: QApplication,
    out: Path,
    size: Size,
    training: TrainingInstallation,
    services: Services,
    actor: Actor,
) -> list[Path]:
    saved: list[Path] = []

    def shot(widget: QWidget, name: str) -> None:
        app.processEvents()
        saved.append(out / f"{name}.png")
        widget.grab().save(str(saved[-1]))

    screen = station_screen(*size)
    login = LoginDialog(UserService(training.db), TITLE, training.username, training.password)
    if screen is not None:
        login.setScreen(screen)
    login.show()
    shot(login, "00-login")
    login.close()
    # Each size opens as the first start on a PC with that screen, not where the
    # window closed at the previous size.
    settings = LocalSettings.load(services.paths.root)
    settings.window_geometry = ""
    settings.save(services.paths.root)
    window = MainWindow(services, actor, training=True)
    if screen is not None:
        window.setScreen(screen)
        window.show()
    else:
        window.show()
        window.setWindowState(Qt.WindowState.WindowNoState)
        window.resize(*size)
    for index, page in enumerate(window.pages, start=1):
        window.show_page(page.key)
        shot(window, f"{index:02d}-{page.key}")
    # The intake form mid-way: a returning applicant, two diseases, a refused hospital.
    window.show_page("intake")
    intake = window.intake_page
    row = window.applications_page.model.rows[0]
    intake.id_number.setText(row.id_number)
    intake.on_id_number_edited(row.id_number)
    intake.diseases.set_codes(["HTN", "DM"])
    intake.hospital.setCurrentIndex(intake.hospital.findData("H410523101"))
    intake.on_receive_clicked()
    intake.documents.show_documents(row.id)
    shot(window, "02b-intake-filled")
    # A scanned document in the viewer, from the first file that has one.
    with_documents = next(
        (
            r.id
            for r in window.applications_page.model.rows
            if services.documents.of_application(r.id)
        ),
        None,
    )
    intake.documents.show_documents(with_documents)
    viewer = intake.documents.on_document_activated(intake.documents.list.item(0))
    if viewer is not None:
        shot(viewer, "02d-document-viewer")
        viewer.close()
    intake.clear_form()
    # Receive on an empty form: every problem at once, each beside its field.
    intake.on_receive_clicked()
    app.processEvents()
    saved.append(out / "02d-intake-every-problem.png")
    window.grab().save(str(saved[-1]))
    intake.clear_form()
    # A list opened from a dashboard figure shows its filter, removable.
    window.show_page("dashboard")
    window.dashboard_page.tiles["awaiting"].click()
    app.processEvents()
    saved.append(out / "03c-applications-from-dashboard.png")
    window.grab().save(str(saved[-1]))
    window.show_page("examination")
    queue = window.examination_page.queue
    queue.setCurrentIndex(queue.model().index(0, 0))
    shot(window, "04b-examination-open")
    from app.training.demo_images import _portrait

    photo = PhotoDialog(_portrait(random.Random(1), 0), "face.png", window)
    photo.show()
    shot(photo, "02c-photo-dialog")
    photo.close()
    window.show_page("applications")
    page = window.applications_page
    page.table.selectRow(0)
    dialog = page.open_application(page.model.data(page.model.index(0, 0), ApplicationIdRole))
    shot(dialog, "03b-application-detail")
    dialog.print_form("receipt")
    if dialog.preview is not None:
        shot(dialog.preview, "03c-print-preview")
        dialog.preview.close()
    dialog.close()
    # The network sync box mid-upload (training mode itself never syncs).
    from app.sync.online.tus import Transfer
    from ui.widgets.online_sync_box import OnlineSyncBox

    s = build_services(training.db, secrets=lambda: training.secrets)
    box = OnlineSyncBox(s.exchange, s.paths, actor)
    box.url.setText("https://county.example.cn:8470")
    box.auto.setChecked(False)
    box.resize(min(900, size[0] - 240), 220)  # as wide as a page beside the navigation
    box._busy(True)
    box._on_report("upload", Transfer(23_456_789, 52_428_800, 61_440, 3))
    box.show()
    shot(box, "05b-online-sync")
    box.close()
    # The window locked after the idle time: covered, the same user's password asked.
    window.lock.lock()
    shot(window, "08-locked")
    if window.lock.dialog is not None:
        shot(window.lock.dialog, "08b-lock-dialog")
        window.lock.dialog.done(0)
    window.close()
    return saved


def _size(text: str) -> Size:
    width, _, height = text.lower().partition("x")
    return int(width), int(height)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", nargs="?", default="screenshots", type=Path)
    parser.add_argument("--lang", default="zh_CN", choices=["zh_CN", "en", "both"])
    parser.add_argument(
        "--size", action="append", type=_size, help="WxH, e.g. 1024x768 (default: both)"
    )
    args = parser.parse_args()
    sizes = tuple(args.size or SIZES)
    if args.lang == "both":
        for language in ("zh_CN", "en"):
            command = [sys.executable, "-m", "tests.ui.screenshots", str(args.out)]
            command += ["--lang", language] + [f"--size={w}x{h}" for w, h in sizes]
            subprocess.run(command, check=True)
        return
    for path in take_screenshots(args.out, args.lang, sizes=sizes):
        print(path)


if __name__ == "__main__":
    main()
