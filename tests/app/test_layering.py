"""app/ is the program without a screen: it must never import Qt or ui/. ui/ talks to
services, not storage: no module of it imports SQLAlchemy or app.db (app/services.py
opens the installation and builds the services the window is given); and what those
services give the window are plain values, never ORM rows."""

from __future__ import annotations

import ast
import dataclasses
import inspect
import typing
from pathlib import Path
from typing import Any

from app.db.models import Application, Document, Person
from app.db.models.base import Base
from app.services import Services

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app"
UI = ROOT / "ui"
FORBIDDEN = ("PySide6", "ui", "shiboken6")
STORAGE = ("sqlalchemy", "app.db")


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


ORM = frozenset(mapper.class_ for mapper in Base.registry.mappers)


def _rows_in(hint: Any, seen: set[type] | None = None) -> set[type]:
    """The ORM classes a type hint can hand over: itself, its type arguments
    (list[Row], Row | None), and the fields of a dataclass it names, at any depth."""
    seen = set() if seen is None else seen
    if isinstance(hint, type) and hint in ORM:
        return {hint}
    found: set[type] = set()
    for argument in typing.get_args(hint):
        found |= _rows_in(argument, seen)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint) and hint not in seen:
        seen.add(hint)
        for field_hint in typing.get_type_hints(hint).values():
            found |= _rows_in(field_hint, seen)
    return found


def _row_returning_methods(service: type) -> list[str]:
    return [
        f"{service.__name__}.{name} returns {sorted(c.__name__ for c in rows)}"
        for name, method in inspect.getmembers(service, inspect.isfunction)
        if not name.startswith("_")
        and (rows := _rows_in(typing.get_type_hints(method).get("return")))
    ]


def test_the_window_s_services_return_no_orm_rows() -> None:
    held = [h for h in typing.get_type_hints(Services).values() if isinstance(h, type)]
    assert len(held) > 10  # the bundle's services, not an empty reading of it
    offenders = [line for service in held for line in _row_returning_methods(service)]
    assert offenders == []


@dataclasses.dataclass(frozen=True)
class _Wrapped:
    documents: tuple[Document, ...]


class _Leaky:
    def get(self) -> Application | None:
        raise NotImplementedError

    def wrapped(self) -> dict[str, list[_Wrapped]]:
        raise NotImplementedError

    def plain(self) -> list[str]:
        raise NotImplementedError

    def _private(self) -> Person:
        raise NotImplementedError


def test_the_row_check_sees_a_row_however_it_is_wrapped() -> None:
    assert _row_returning_methods(_Leaky) == [
        "_Leaky.get returns ['Application']",
        "_Leaky.wrapped returns ['Document']",
    ]


def _unit(module: str) -> str:
    """The folder (app.sync) or top-level module (app.workflow) a module belongs to."""
    return ".".join(module.split(".")[:2])


def _folder_graph(root: Path) -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for path in root.rglob("*.py"):
        me = _unit(".".join(path.relative_to(root.parent).with_suffix("").parts))
        for name in _imports(path):
            if name.startswith(f"{root.name}.") and _unit(name) != me:
                graph.setdefault(me, set()).add(_unit(name))
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Groups of folders that import one another round a loop (Tarjan's strongly
    connected components of more than one folder)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while (member := stack.pop()) != node:
                group.append(member)
            group.append(node)
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_folders_of_app_import_one_another_one_way_only() -> None:
    """A loop between folders (db opening sync's scratch files while sync opens the
    database) means neither can be read, tested or moved alone."""
    graph = _folder_graph(APP)
    assert {"app.db", "app.sync", "app.admin", "app.intake"} <= graph.keys()
    assert _cycles(graph) == []


def test_the_loop_check_sees_a_loop(tmp_path: Path) -> None:
    root = tmp_path / "app"
    for folder, body in {
        "db": "from app.sync.scratch import x\n",
        "sync": "import app.admin.keys\nfrom app import workflow\n",
        "admin": "from app.db.database import Database\n",
        "intake": "from app.db import models\n",
    }.items():
        (root / folder).mkdir(parents=True)
        (root / folder / "m.py").write_text(body)
    (root / "workflow.py").write_text("from app.intake.m import y\n")
    assert _cycles(_folder_graph(root)) == [["app.admin", "app.db", "app.sync"]]
