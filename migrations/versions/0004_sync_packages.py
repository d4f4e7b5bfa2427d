"""Sync packages: acknowledgement columns, the package history, persons unique per
station (the county holds every station's applicants), the cross-station duplicate flag.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ACKED_VERSION = ("person", "document", "decision", "certificate")


def upgrade() -> None:
    op.create_table(
        "sync_package",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("direction", sa.String(length=3), nullable=False),
        sa.Column("peer_code", sa.String(length=20), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.Column("summary", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_package")),
    )
    with op.batch_alter_table("sync_package", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sync_package_peer_code"), ["peer_code"])
    for table in _ACKED_VERSION:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("acked_version", sa.Integer(), nullable=False, server_default="0")
            )
    with op.batch_alter_table("state_change", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("acked", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("application", schema=None) as batch_op:
        batch_op.add_column(sa.Column("duplicate_of", sa.Uuid(), nullable=True))
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_constraint("uq_person_id_number", type_="unique")
        batch_op.create_unique_constraint("uq_person_station_code", ["station_code", "id_number"])
        batch_op.create_index("ix_person_id_number", ["id_number"])
    # Server defaults only filled the existing rows; the models set the values.
    for table in _ACKED_VERSION:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column("acked_version", server_default=None)
    with op.batch_alter_table("state_change", schema=None) as batch_op:
        batch_op.alter_column("acked", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_index("ix_person_id_number")
        batch_op.drop_constraint("uq_person_station_code", type_="unique")
        batch_op.create_unique_constraint("uq_person_id_number", ["id_number"])
    with op.batch_alter_table("application", schema=None) as batch_op:
        batch_op.drop_column("duplicate_of")
    with op.batch_alter_table("state_change", schema=None) as batch_op:
        batch_op.drop_column("acked")
    for table in _ACKED_VERSION:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("acked_version")
    op.drop_table("sync_package")
