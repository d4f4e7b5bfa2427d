#!/usr/bin/env bash
# Set up the program and open the window on the training station (made on first start,
# kept until "Start over"). Without a display (a server, an SSH session) it makes the
# same training station and county on the command line and prints a summary
# (packaging/headless_demo.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages: the virtual environment, and what Qt's xcb platform and the
# camera (QtMultimedia) load. Installed only when missing, with sudo when not root.
missing=()
for pkg in python3-venv libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 \
    libxcb-render-util0 libxcb-xinerama0 libxcb-xkb1 libxkbcommon-x11-0 libxcb-shape0 \
    libxcb-randr0 libegl1 libgl1 libfontconfig1 libdbus-1-3 libpulse0; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
    sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -q
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e .

if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
    exec .venv/bin/ncms gui --demo
fi

NCMS=.venv/bin/ncms exec bash packaging/headless_demo.sh
