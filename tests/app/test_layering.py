"""app/ is the program without a screen: it must never import Qt or ui/."""

from __future__ import annotations

import ast
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "app"
FORBIDDEN = ("PySide6", "ui", "shiboken6")


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text("utf-8"), filename=str(path))
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def test_app_never_imports_qt_or_ui() -> None:
    offenders = [
        f"{path.relative_to(APP.parent)} imports {name}"
        for path in APP.rglob("*.py")
        for name in _imports(path)
        if name.split(".")[0] in FORBIDDEN
    ]
    assert offenders == []


def test_the_check_sees_an_offending_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("import os\nfrom PySide6.QtCore import QObject\nimport ui.main\n")
    assert [n for n in _imports(bad) if n.split(".")[0] in FORBIDDEN] == [
        "PySide6.QtCore",
        "ui.main",
    ]
