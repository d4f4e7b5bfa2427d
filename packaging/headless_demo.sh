#!/usr/bin/env bash
# The demo without a display: the training station and training county the window's
# training mode uses (`ncms training start`, as `ncms gui --demo` makes them), and a
# summary. demo.sh runs it after setup; NCMS names the command (default .venv/bin/ncms),
# DEMO_APPLICATIONS how many practice applications (default 300, as the window's).
set -euo pipefail
cd "$(dirname "$0")/.."
read -r -a ncms <<< "${NCMS:-.venv/bin/ncms}"

# The program's own lines follow NCMS_LANG (Chinese unless en); so do this script's.
say() { if [ "${NCMS_LANG:-zh_CN}" = en ]; then echo "$1"; else echo "$2"; fi; }
say "No display: making the training station on the command line instead of opening the window." \
    "没有显示器：改为在命令行中建立培训站，不打开窗口。" >&2
demo_dir=$(mktemp -d -t ncms-demo-XXXXXX)
data="$demo_dir/data"  # the training folder sits beside it: data-training
station="$demo_dir/data-training/station"
"${ncms[@]}" --data-dir "$data" training start --applications "${DEMO_APPLICATIONS:-300}"
"${ncms[@]}" --data-dir "$station" users list
"${ncms[@]}" --data-dir "$station" verify
say "Training station: $station (its training county beside it, in ../county)" \
    "培训站：$station（培训县中心在其旁边的 ../county）"
say "Accounts: training-clerk, training-head (and admin), password training-1;" \
    "账户：training-clerk、training-head（及 admin），密码 training-1；"
say "the command is .venv/bin/ncms, e.g. .venv/bin/ncms --data-dir $station batch" \
    "命令为 .venv/bin/ncms，例如 .venv/bin/ncms --data-dir $station batch"
say "on a PC with a display, NCMS_DATA_DIR=$data .venv/bin/ncms gui --demo opens this same station" \
    "在有显示器的电脑上，NCMS_DATA_DIR=$data .venv/bin/ncms gui --demo 打开的就是这个培训站"
