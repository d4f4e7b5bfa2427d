"""Finish the staged Debian package (called by packaging/build.sh deb, run by the staged
environment's own Python): move the environment's paths to where it is installed,
leave out what the program never loads, and add the launcher, menu entry, icon and
the package's control files.

Usage: finish.py STAGE PREFIX VERSION
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

# Qt and PySide6 parts the program never loads (no QML, Quick, 3D, Designer) and
# the developer tools and headers: about a quarter of the package.
TRIM = (
    "Qt/qml",
    "Qt/metatypes",
    "include",
    "typesystems",
    "glue",
    "scripts",
    "designer",
    "assistant",
    "linguist",
    "qmlformat",
    "qmlls",
    "qmllint",
    "qmlcachegen",
    "qmltyperegistrar",
    "qmlimportscanner",
    "qsb",
    "balsam",
    "balsamui",
    "svgtoqml",
)
TRIM_GLOBS = (
    "*.pyi",
    "Qt3D*.abi3.so",
    "QtQuick3D*.abi3.so",
    "QtDesigner.abi3.so",
    "Qt/lib/libQt63D*",
    "Qt/lib/libQt6Quick3D*",
    "Qt/lib/libQt6Designer*",
)

# Depends: what Qt's bundled libraries load from the system (xcb for the window, EGL/GL,
# fontconfig, D-Bus, PulseAudio for the camera, GSSAPI for QtNetwork, CUPS for printing,
# Xrandr/Xext for the video plugin).
CONTROL = """Package: ncms-chronic
Version: {version}
Architecture: amd64
Maintainer: NCMS chronic-disease team <it@example.invalid>
Installed-Size: {size}
Depends: python3 (>= 3.11), python3 (<< 3.12), libegl1, libgl1, libfontconfig1,
 libglib2.0-0, libxkbcommon0, libxkbcommon-x11-0, libdbus-1-3, libpulse0,
 libxcb-cursor0, libxcb-icccm4, libxcb-image0, libxcb-keysyms1, libxcb-render-util0,
 libxcb-xinerama0, libxcb-xkb1, libxcb-shape0, libxcb-randr0, libgssapi-krb5-2,
 libcups2, libxrandr2, libxext6
Section: misc
Priority: optional
Description: 门诊慢性病申报 — chronic-disease benefit applications
 For township NCMS stations and county centers: the counter's intake and
 preliminary examination, batches, sync with the county by network or USB
 package, certificates, and the county's committee, notice and national filing.
"""

DESKTOP = """[Desktop Entry]
Type=Application
Name=门诊慢性病申报
Name[en]=NCMS chronic-disease applications
Comment=慢性病申请受理、初审、上报与发证
Comment[en]=Chronic-disease benefit applications
Exec=ncms gui
Icon=ncms-chronic
Terminal=false
Categories=Office;
"""

# Python in UTF-8 whatever the locale: a county PC may run in a C or GBK locale.
LAUNCHER = """#!/bin/sh
PYTHONUTF8=1 exec {prefix}/venv/bin/ncms "$@"
"""

# A program run as root may leave bytecode dpkg does not know of: the folder goes too.
POSTRM = """#!/bin/sh
set -e
if [ "$1" = remove ] || [ "$1" = purge ]; then
    rm -rf {prefix}
fi
"""


def relocate(venv: Path, staged: str, prefix: str) -> None:
    """The scripts' first lines and pyvenv.cfg name where the environment was made."""
    for path in [*venv.joinpath("bin").iterdir(), venv / "pyvenv.cfg"]:
        if path.is_symlink() or not path.is_file():
            continue
        data = path.read_bytes()
        if staged.encode() in data:
            path.write_bytes(data.replace(staged.encode(), prefix.encode()))


def trim(site: Path) -> None:
    pyside = site / "PySide6"
    for name in TRIM:
        target = pyside / name
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
    for pattern in TRIM_GLOBS:
        for target in pyside.glob(pattern):
            target.unlink()


def icon(out: Path, font: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    image = Image.new("RGBA", (256, 256), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((8, 8, 248, 248), radius=40, fill=(22, 119, 88, 255))
    face = ImageFont.truetype(str(font), 150)
    draw.text((128, 124), "慢", font=face, fill="white", anchor="mm")
    image.save(out)


def main(stage: Path, prefix: str, version: str) -> None:
    venv = stage / prefix.lstrip("/") / "venv"
    relocate(venv, str(venv.resolve()), f"{prefix}/venv")
    (site,) = venv.glob("lib/python3.*/site-packages")
    trim(site)
    launcher = stage / "usr/bin/ncms"
    launcher.parent.mkdir(parents=True, exist_ok=True)
    launcher.write_text(LAUNCHER.format(prefix=prefix), "utf-8")
    launcher.chmod(0o755)
    desktop = stage / "usr/share/applications/ncms-chronic.desktop"
    desktop.parent.mkdir(parents=True, exist_ok=True)
    desktop.write_text(DESKTOP, "utf-8")
    icon(
        stage / "usr/share/icons/hicolor/256x256/apps/ncms-chronic.png",
        site / "resources/fonts/wqy-microhei.ttc",
    )
    size = sum(p.stat().st_size for p in stage.rglob("*") if p.is_file() and not p.is_symlink())
    control = stage / "DEBIAN"
    control.mkdir(exist_ok=True)
    (control / "control").write_text(CONTROL.format(version=version, size=size // 1024), "utf-8")
    postrm = control / "postrm"
    postrm.write_text(POSTRM.format(prefix=prefix), "utf-8")
    postrm.chmod(0o755)


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2], sys.argv[3])
