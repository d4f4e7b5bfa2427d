#!/usr/bin/env bash
# Build an installer into dist/:  packaging/build.sh deb
#
# deb: a Debian package for Debian 12 and the 信创 desktops built on it (UOS, Kylin)
# that carry Python 3.11: the program and every pinned dependency in its own virtual
# environment under /opt/ncms (made here against the system's /usr/bin/python3, then
# moved into place), `ncms` on PATH, a menu entry with its icon, and the Debian
# packages Qt loads as dependencies. Needs python3-venv and dpkg-deb (Debian's own).
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-}
version=$(python3 -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')

case "$what" in
deb) ;;
windows)
    echo "packaging/build.sh windows: not built yet (see issue 17); only 'deb' is." >&2
    exit 2 ;;
*)
    echo "usage: packaging/build.sh deb" >&2
    exit 2 ;;
esac

system_python=/usr/bin/python3
"$system_python" -c 'import sys; assert sys.version_info[:2] == (3, 11), sys.version' || {
    echo "packaging/build.sh deb: needs Debian 12's Python 3.11 at $system_python" >&2
    exit 1
}
prefix=/opt/ncms
build=build/deb
stage=$build/ncms-chronic_${version}_amd64
rm -rf "$stage" && mkdir -p "$stage$prefix" dist

echo "== wheels (the app, and each pinned dependency)"
"$system_python" -m venv "$build/tools"
"$build/tools/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip wheel
"$build/tools/bin/python" -m pip wheel -q --disable-pip-version-check --wheel-dir "$build/wheels" .

echo "== environment in $prefix"
"$system_python" -m venv "$stage$prefix/venv"
"$stage$prefix/venv/bin/python" -m pip install -q --disable-pip-version-check --no-index \
    --find-links "$build/wheels" ncms-chronic=="$version"
"$stage$prefix/venv/bin/python" -m pip uninstall -q -y pip  # nothing installs into it later
"$stage$prefix/venv/bin/python" packaging/deb/finish.py "$stage" "$prefix" "$version"

echo "== package"
fakeroot=""; command -v fakeroot >/dev/null && fakeroot=fakeroot
$fakeroot dpkg-deb --root-owner-group -Zgzip -z3 --build "$stage" "dist/ncms-chronic_${version}_amd64.deb"
# Beside it, the one command an IT person runs on each PC.
cp packaging/install_deb.sh dist/
echo "dist/ncms-chronic_${version}_amd64.deb"
