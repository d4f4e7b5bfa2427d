#!/usr/bin/env bash
# Install (or upgrade) the program from its Debian package, unattended: apt brings the
# Debian packages Qt needs. As root it runs apt itself; otherwise through sudo.
# Usage: bash install_deb.sh ncms-chronic_<version>_amd64.deb
set -euo pipefail
deb=${1:?usage: bash install_deb.sh ncms-chronic_<version>_amd64.deb}
[ -f "$deb" ] || { echo "install_deb.sh: no such file: $deb" >&2; exit 1; }
case "$deb" in /*) ;; *) deb="./$deb" ;; esac  # apt takes a local file only as a path
sudo=""
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "install_deb.sh: run it as root (there is no sudo)" >&2; exit 1; }
    sudo="sudo"
fi
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$deb"
