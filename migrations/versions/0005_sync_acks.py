"""Acknowledgements owed for applied packages move from a JSON list in
sync_package.summary to rows, so they stream instead of filling memory.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_packages = sa.table(
    "sync_package",
    sa.column("id", sa.Uuid()),
    sa.column("summary", sa.JSON()),
)
_acks = sa.table(
    "sync_ack",
    sa.column("package_id", sa.Uuid()),
    sa.column("position", sa.Integer()),
    sa.column("kind", sa.String()),
    sa.column("record_id", sa.String()),
    sa.column("version", sa.Integer()),
)


def upgrade() -> None:
    op.create_table(
        "sync_ack",
        sa.Column("package_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("record_id", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["package_id"],
            ["sync_package.id"],
            name=op.f("fk_sync_ack_package_id_sync_package"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("package_id", "position", name=op.f("pk_sync_ack")),
    )
    connection = op.get_bind()
    for package_id, summary in connection.execute(sa.select(_packages.c.id, _packages.c.summary)):
        owed = (summary or {}).pop("acks", None)
        if owed is None:
            continue
        rows = [
            {"package_id": package_id, "position": n, "kind": k, "record_id": i, "version": v}
            for n, (k, i, v) in enumerate(owed)
        ]
        if rows:
            connection.execute(sa.insert(_acks), rows)
        connection.execute(
            sa.update(_packages).where(_packages.c.id == package_id).values(summary=summary)
        )


def downgrade() -> None:
    connection = op.get_bind()
    owed: dict[object, list[list[object]]] = {}
    for package_id, kind, record_id, version in connection.execute(
        sa.select(_acks.c.package_id, _acks.c.kind, _acks.c.record_id, _acks.c.version).order_by(
            _acks.c.package_id, _acks.c.position
        )
    ):
        owed.setdefault(package_id, []).append([kind, record_id, version])
    for package_id, summary in connection.execute(sa.select(_packages.c.id, _packages.c.summary)):
        if package_id in owed:
            connection.execute(
                sa.update(_packages)
                .where(_packages.c.id == package_id)
                .values(summary={**(summary or {}), "acks": owed[package_id]})
            )
    op.drop_table("sync_ack")
