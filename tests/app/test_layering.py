"""app/ is the program without a screen: it must never import Qt or ui/. ui/ talks to
services, not storage: it imports neither SQLAlchemy nor app.db, except ui/app.py, the
composition root that opens the database and builds the services."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app"
UI = ROOT / "ui"
FORBIDDEN = ("PySide6", "ui", "shiboken6")
STORAGE = ("sqlalchemy", "app.db")
COMPOSITION_ROOT = UI / "app.py"


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text("utf-8"), filename=str(path))
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def _storage(name: str) -> bool:
    return any(name == s or name.startswith(f"{s}.") for s in STORAGE)


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


def test_the_window_never_imports_storage() -> None:
    offenders = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in UI.rglob("*.py")
        if path != COMPOSITION_ROOT
        for name in _imports(path)
        if _storage(name)
    ]
    assert offenders == []


def test_the_storage_check_sees_an_offending_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text(
        "from sqlalchemy import select\nimport sqlalchemy.orm\nfrom app.db.database import "
        "Database\nfrom app.db import models\nfrom app.dbx import y\nfrom app.intake import x\n"
    )
    assert [n for n in _imports(bad) if _storage(n)] == [
        "sqlalchemy",
        "sqlalchemy.orm",
        "app.db.database",
        "app.db",
    ]
