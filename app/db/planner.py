"""Hints to SQLite's query planner, which knows nothing of the data until ANALYZE has
run: a new county's first import, or a station's database before its first close.

Without statistics SQLite takes every indexed equality as equally selective, and
may drive a query from a disease code (a third of all rows) instead of an ID number
(one person). `likely(term)` tells it a term holds for most rows. PostgreSQL keeps
statistics of its own (autovacuum) and is given the bare term.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Boolean
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement


class likely(FunctionElement[bool]):  # noqa: N801 - named as SQLite's function
    """A condition true of most rows: not one to look rows up by."""

    type = Boolean()
    inherit_cache = True

    def __init__(self, condition: ColumnElement[bool]) -> None:
        super().__init__(condition)


def _condition(element: likely, compiler: SQLCompiler, **kw: Any) -> str:
    [condition] = element.clauses
    return compiler.process(condition, **kw)


@compiles(likely)
def _plain(element: likely, compiler: SQLCompiler, **kw: Any) -> str:
    return _condition(element, compiler, **kw)


@compiles(likely, "sqlite")
def _sqlite(element: likely, compiler: SQLCompiler, **kw: Any) -> str:
    return f"likely({_condition(element, compiler, **kw)})"


def optimize_sqlite(dbapi_connection: Any, _record: Any) -> None:
    """On closing a connection, as SQLite advises: ANALYZE what the connection's
    queries would have planned better with statistics (usually nothing), sampling
    at most 1,000 rows an index so a large database takes milliseconds, and never
    waiting for a lock another program holds."""
    try:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA busy_timeout=0")
        cursor.execute("PRAGMA analysis_limit=1000")
        cursor.execute("PRAGMA optimize")
        cursor.close()
    except Exception:  # noqa: S110 - statistics are an optimisation, never a failure
        pass
