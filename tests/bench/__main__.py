"""Benchmarks: `python -m tests.bench [--applications N]` prints a table.

Figures, not pass/fail: the targets are in each row's note. Later issues add rows
by adding a function to BENCHMARKS.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from tests.bench.core import BENCHMARKS, Row


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.bench")
    parser.add_argument("--applications", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument(
        "--only", default="", metavar="NAME", help="run the benchmarks whose name holds NAME"
    )
    args = parser.parse_args()
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="ncms-bench-") as tmp:
        for benchmark in BENCHMARKS:
            if args.only not in benchmark.__name__:
                continue
            rows += benchmark(Path(tmp), args.applications, args.queries)
    print(format_table(rows))


def format_table(rows: list[Row]) -> str:
    header = ("benchmark", "figure", "baseline", "ratio", "note")
    table = [header, *[(r.name, r.figure, r.baseline, r.ratio, r.note) for r in rows]]
    widths = [max(len(str(line[i])) for line in table) for i in range(len(header))]
    lines = [
        "  ".join(str(cell).ljust(w) for cell, w in zip(line, widths, strict=True))
        for line in table
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


if __name__ == "__main__":
    main()
