"""app/cli parses options and prints results; the work is in the services.

So no module here speaks SQL, imports another's private names, or takes part in
an import cycle (each group imports only `common` and what it reuses).
"""

from __future__ import annotations

import ast
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

CLI = Path(__file__).resolve().parents[3] / "app" / "cli"


def _imported(path: Path) -> list[tuple[str, str]]:
    """(module, name) for every `from M import N`, and (M, "") for `import M`."""
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [(alias.name, "") for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            found += [(node.module, alias.name) for alias in node.names]
    return found


def _cli_graph(paths: list[Path]) -> dict[str, set[str]]:
    """Which app.cli modules each app.cli module imports."""
    graph: dict[str, set[str]] = {}
    for path in paths:
        uses = graph.setdefault(path.stem, set())
        for module, name in _imported(path):
            if module == "app.cli":
                uses.add(name)
            elif module.startswith("app.cli."):
                uses.add(module.split(".")[2])
    return graph


def _has_cycle(graph: dict[str, set[str]]) -> bool:
    try:
        tuple(TopologicalSorter(graph).static_order())
    except CycleError:
        return True
    return False


def test_no_sql_in_the_cli() -> None:
    offenders = [
        f"{path.name} imports {module}"
        for path in CLI.glob("*.py")
        for module, _name in _imported(path)
        if module.split(".")[0] == "sqlalchemy" or module == "app.db.models"
    ]
    assert offenders == []


def test_no_private_names_cross_modules() -> None:
    offenders = [
        f"{path.name} imports {module}.{name}"
        for path in CLI.glob("*.py")
        for module, name in _imported(path)
        if module.startswith("app.") and name.startswith("_") and name != "__future__"
    ]
    assert offenders == []


def test_no_import_cycle_between_command_modules() -> None:
    assert not _has_cycle(_cli_graph(sorted(CLI.glob("*.py"))))


def test_the_checks_see_a_cycle_and_sql(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("from app.cli import b\nfrom sqlalchemy import select\n")
    (tmp_path / "b.py").write_text("from app.cli.a import _opened\n")
    graph = _cli_graph([tmp_path / "a.py", tmp_path / "b.py"])
    assert graph == {"a": {"b"}, "b": {"a"}} and _has_cycle(graph)
    assert ("sqlalchemy", "select") in _imported(tmp_path / "a.py")
    assert ("app.cli.a", "_opened") in _imported(tmp_path / "b.py")
