"""Open every page on training data offscreen and save a PNG of each:
`python -m tests.ui.screenshots [OUTDIR] [--lang en|zh_CN]`."""

from __future__ import annotations

import argparse
import os
import random
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from app.admin.users import UserService
from app.services import build_services
from app.sync.context import SyncKeys
from app.training.installation import TrainingPaths, open_training
from ui.app import make_application
from ui.dialogs.photo_dialog import PhotoDialog
from ui.login import LoginDialog
from ui.main_window import MainWindow
from ui.models.applications_model import ApplicationIdRole
from ui.resources import install_translator, register_font


def take_screenshots(out: Path, language: str = "zh_CN", applications: int = 200) -> list[Path]:
    app = make_application()
    register_font(app)
    install_translator(app, language)
    out.mkdir(parents=True, exist_ok=True)
    training = open_training(
        TrainingPaths(Path(tempfile.mkdtemp(prefix="ncms-shots-"))), applications
    )
    users = UserService(training.db)
    saved = []
    login = LoginDialog(users, "S001 宜沟镇合管站（培训）", training.username, training.password)
    login.show()
    app.processEvents()
    saved.append(out / "00-login.png")
    login.grab().save(str(saved[-1]))
    login.on_login_clicked()
    assert login.actor is not None
    keys = SyncKeys.load(training.secrets)
    window = MainWindow(build_services(training.db, keys=lambda: keys), login.actor, training=True)
    window.resize(1280, 800)
    window.show()
    for index, page in enumerate(window.pages, start=1):
        window.show_page(page.key)
        app.processEvents()
        saved.append(out / f"{index:02d}-{page.key}.png")
        window.grab().save(str(saved[-1]))
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
    app.processEvents()
    saved.append(out / "02b-intake-filled.png")
    window.grab().save(str(saved[-1]))
    intake.clear_form()
    window.show_page("examination")
    queue = window.examination_page.queue
    queue.setCurrentIndex(queue.model().index(0, 0))
    app.processEvents()
    saved.append(out / "04b-examination-open.png")
    window.grab().save(str(saved[-1]))
    from app.training.demo_images import _portrait

    photo = PhotoDialog(_portrait(random.Random(1), 0), "face.png", window)
    photo.show()
    app.processEvents()
    saved.append(out / "02c-photo-dialog.png")
    photo.grab().save(str(saved[-1]))
    photo.close()
    window.show_page("applications")
    page = window.applications_page
    page.table.selectRow(0)
    dialog = page.open_application(page.model.data(page.model.index(0, 0), ApplicationIdRole))
    app.processEvents()
    saved.append(out / "03b-application-detail.png")
    dialog.grab().save(str(saved[-1]))
    dialog.close()
    # The network sync box mid-upload (training mode itself never syncs).
    from app.sync.online.tus import Transfer
    from ui.widgets.online_sync_box import OnlineSyncBox

    s = build_services(training.db, secrets=lambda: training.secrets)
    box = OnlineSyncBox(s.exchange, s.paths, login.actor)
    box.url.setText("https://county.example.cn:8470")
    box.auto.setChecked(False)
    box.resize(900, 220)
    box._busy(True)
    box._on_report("upload", Transfer(23_456_789, 52_428_800, 61_440, 3))
    box.show()
    app.processEvents()
    saved.append(out / "05b-online-sync.png")
    box.grab().save(str(saved[-1]))
    box.close()
    window.close()
    training.db.close()
    return saved


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", nargs="?", default="screenshots", type=Path)
    parser.add_argument("--lang", default="zh_CN", choices=["zh_CN", "en"])
    args = parser.parse_args()
    for path in take_screenshots(args.out, args.lang):
        print(path)


if __name__ == "__main__":
    main()
