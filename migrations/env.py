"""Alembic environment: runs on the connection the program hands over."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from app.db.models import Base

config = context.config
target_metadata = Base.metadata


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        # Only for `alembic` run by hand with -x url=...; the program passes a connection.
        url = context.get_x_argument(as_dictionary=True)["url"]
        with create_engine(url).begin() as conn:
            _run_on(conn)
    else:
        _run_on(connection)


def _run_on(connection: object) -> None:
    # render_as_batch: SQLite cannot ALTER most things; batch mode rebuilds tables.
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run()
