#!/usr/bin/env bash
# The Debian package as a county's IT person and a new user meet it: installed with
# apt (which brings the Debian packages Qt needs), run from the menu's command with an
# empty home, stdin closed and a non-UTF-8 locale (init, training data, verify, the
# window on screen with a screenshot), then purged — and the data still there.
# Usage: packaging/smoke_deb.sh [DEB]   (default: the newest in dist/)
set -euo pipefail
cd "$(dirname "$0")/.."
deb=${1:-$(ls -t dist/ncms-chronic_*_amd64.deb | head -1)}
sudo=""
if [ "$(id -u)" -ne 0 ]; then
    if ! sudo -n true 2>/dev/null; then
        echo "packaging/smoke_deb.sh: needs root or sudo to install a package" >&2
        exit 1
    fi
    sudo="sudo"
fi
out=${SMOKE_OUT:-build/smoke}
rm -rf "$out" && mkdir -p "$out"
home=$(mktemp -d)
data="$home/station"
trap 'rm -rf "$home"' EXIT

echo "== install $deb"
bash packaging/install_deb.sh "$deb" >"$out/install.log"  # as the README tells IT
version=$(dpkg-query -W -f='${Version}' ncms-chronic)

# What a user's session gives the program, no more: no keyring, a plain C locale.
user() {
    env -i HOME="$home" PATH=/usr/local/bin:/usr/bin:/bin LANG=C LC_ALL=C \
        NCMS_SECRET_PASSPHRASE=smoke-passphrase NCMS_PASSWORD=smoke-admin-1 NCMS_ADMIN_PASSWORD=smoke-admin-1 \
        NCMS_LANG=zh_CN "$@" </dev/null
}

echo "== run"
[ "$(command -v ncms)" = /usr/bin/ncms ]
user ncms --version >"$out/version.txt"
grep -q "$version" "$out/version.txt"
user ncms --data-dir "$data" init station --code S001 --name 宜沟镇合管站 --county C4105 >"$out/init.txt"
user ncms --data-dir "$data" demo --applications 20 --seed 1 >"$out/demo.txt" 2>&1
user ncms --data-dir "$data" verify >"$out/verify.txt" 2>&1
grep -q "宜沟镇" "$out/init.txt" || grep -q "S001" "$out/init.txt"

# The window, on a virtual screen where there is one (else offscreen), for a few
# seconds: it must still be running then, and leave no error behind.
if command -v Xvfb >/dev/null; then
    # A free display number, the one Xvfb found (another screen may be running).
    Xvfb -displayfd 3 -screen 0 1366x768x24 3>"$out/display" >/dev/null 2>&1 &
    xvfb=$!
    for _ in $(seq 50); do [ -s "$out/display" ] && break; sleep 0.1; done
    screen=":$(cat "$out/display")"
    display=(DISPLAY="$screen")
else
    xvfb=""
    display=(QT_QPA_PLATFORM=offscreen)
fi
user "${display[@]}" ncms --data-dir "$data" gui >"$out/gui.log" 2>&1 &
gui=$!
sleep 12
kill -0 "$gui"  # still up: it opened and waits for the clerk's login
shot() { if [ -n "$xvfb" ] && command -v import >/dev/null; then DISPLAY="$screen" import -window root "$out/$1"; fi; }
shot login.png
if [ -n "$xvfb" ] && command -v xdotool >/dev/null; then  # log in as `init`'s administrator
    DISPLAY="$screen" xdotool type --delay 50 admin
    DISPLAY="$screen" xdotool key Tab type --delay 50 smoke-admin-1
    DISPLAY="$screen" xdotool key Return
    sleep 6
    kill -0 "$gui"  # the window with its pages (charts, lists) is up
    shot window.png
fi
kill "$gui"; wait "$gui" 2>/dev/null || true
[ -n "$xvfb" ] && kill "$xvfb"
! grep -q Traceback "$out/gui.log"

echo "== purge"
DEBIAN_FRONTEND=noninteractive $sudo apt-get purge -y -q ncms-chronic >"$out/purge.log"
[ ! -e /opt/ncms ] && [ ! -e /usr/bin/ncms ]
[ -s "$data/ncms.sqlite3" ]  # the station's data stays
echo "installer smoke test passed ($deb, version $version)"
