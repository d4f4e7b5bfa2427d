"""The benchmark runner works (on tiny data; its figures are not asserted)."""

from __future__ import annotations

from pathlib import Path

from tests.bench.__main__ import format_table
from tests.bench.core import BENCHMARKS


def test_benchmarks_run_and_print_a_table(tmp_path: Path) -> None:
    rows = [row for bench in BENCHMARKS for row in bench(tmp_path, 60, 10)]
    table = format_table(rows)
    assert "demo --applications 60" in table and "search pinyin initials" in table
    assert "sync export (60 applications × 6 documents" in table and "peak memory" in table
    assert "certificates PDF (60 in one file" in table
    assert "online sync time" in table and "× size" in table
    assert all(row.figure for row in rows)
