#!/usr/bin/env bash
# Set up the program and open the window on a fresh training (demo) database.
# Without a display (a server, an SSH session) it runs the command-line demo instead
# and prints a summary.
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

# The program's own lines follow NCMS_LANG (Chinese unless en); so do this script's.
say() { if [ "${NCMS_LANG:-zh_CN}" = en ]; then echo "$1"; else echo "$2"; fi; }
say "No display: running the command-line demo instead of the window." \
    "没有显示器：改为运行命令行演示，不打开窗口。" >&2
demo_dir=$(mktemp -d -t ncms-demo-XXXXXX)
export NCMS_DATA_DIR="$demo_dir"
# Training data: a throwaway encrypted-file secret store and a known admin password.
export NCMS_SECRET_STORE=file NCMS_SECRET_PASSPHRASE=training NCMS_PASSWORD=training-1
export NCMS_ADMIN_PASSWORD=training-1  # `users add` acts as that admin
.venv/bin/ncms init station --code S001 --name "宜沟镇合管站" --county C4105
# The accounts the window's training mode has, so the README names one set.
.venv/bin/ncms users add training-clerk --role clerk --display-name "培训办事员"
.venv/bin/ncms users add training-head --role station_head --display-name "培训站长"
.venv/bin/ncms demo --applications "${DEMO_APPLICATIONS:-500}"
.venv/bin/ncms users list
.venv/bin/ncms verify
say "Demo data directory: $demo_dir" "演示数据目录：$demo_dir"
say "Accounts: training-clerk, training-head (and admin), password training-1;" \
    "账户：training-clerk、training-head（及 admin），密码 training-1；"
say "the command is .venv/bin/ncms, e.g. NCMS_DATA_DIR=$demo_dir .venv/bin/ncms users list" \
    "命令为 .venv/bin/ncms，例如 NCMS_DATA_DIR=$demo_dir .venv/bin/ncms users list"
