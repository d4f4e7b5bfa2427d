"""Run a command; print its exit code and its own peak resident memory in bytes.

The benchmark runs each `ncms` command through this small process rather than
directly: on Linux, exec keeps the memory high-water mark of the process image it
replaces, so a command spawned straight from a benchmark that has grown to
hundreds of megabytes (generating demo data) would report the benchmark's peak,
not its own.
"""

from __future__ import annotations

import os
import subprocess
import sys


def main(argv: list[str]) -> int:
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)  # reaped: tell Popen
    print(process.returncode, usage.ru_maxrss * 1024)  # kilobytes on Linux
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
