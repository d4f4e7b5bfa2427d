"""What every workbook the program writes has in common."""

from __future__ import annotations

import ast
from pathlib import Path

APP = Path(__file__).resolve().parents[3] / "app"
# Each writer's test fills every text it writes with hostile text and scans the
# result (review/test_sheet, test_summary_workbook): a new writer joins this list.
WRITERS_TESTED_WITH_HOSTILE_TEXT = {
    "review/sheet.py",
    "printing/summary_workbook.py",
    "review/reports_workbook.py",  # tests/app/review/test_reports_workbook.py
    "national/files.py",  # tests/app/national/test_files.py
    "national/status.py",
}


def test_every_workbook_writer_is_tested_with_formula_like_text() -> None:
    writers = set()
    for path in APP.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "save_book":
                writers.add(path.relative_to(APP).as_posix())
    assert writers == WRITERS_TESTED_WITH_HOSTILE_TEXT


def _writes_a_cell(node: ast.AST) -> bool:
    """openpyxl's own ways of putting a value in a cell, which skip the escaping."""
    if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
        return node.attr == "value"
    if isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Store):
        return getattr(node.value, "id", "") == "sheet"  # sheet["A1"] = ...
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        if getattr(node.func.value, "id", "") == "sheet" and node.func.attr == "append":
            return True
        return node.func.attr == "cell" and any(k.arg == "value" for k in node.keywords)
    return False


def test_workbooks_are_written_only_through_the_escaping_helpers() -> None:
    sheet_code = [
        path
        for path in APP.rglob("*.py")
        if path.name != "xlsx_base.py" and "openpyxl" in path.read_text("utf-8")
    ]
    assert any(path.as_posix().endswith("review/sheet.py") for path in sheet_code)
    bypasses = [
        f"{path.name}:{node.lineno}"  # type: ignore[attr-defined]
        for path in sheet_code
        for node in ast.walk(ast.parse(path.read_text("utf-8")))
        if _writes_a_cell(node)
    ]
    assert bypasses == []
