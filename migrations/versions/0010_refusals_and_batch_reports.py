"""The county records the packages it refuses (who, when, which file, why) and,
per batch, what its station last said the batch holds, so the Stations page can
show refusals and reconcile what each station sent with what the county holds.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "refused_package",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("peer_code", sa.String(length=20), nullable=True),
        sa.Column("refused_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("reason_key", sa.String(length=64), nullable=False),
        sa.Column("reason_params", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_refused_package")),
    )
    op.create_index(
        op.f("ix_refused_package_peer_code"), "refused_package", ["peer_code"], unique=False
    )
    op.create_index(
        op.f("ix_refused_package_refused_at"), "refused_package", ["refused_at"], unique=False
    )
    op.create_table(
        "batch_report",
        sa.Column("batch_id", sa.Uuid(), nullable=False),
        sa.Column("station_code", sa.String(length=20), nullable=False),
        sa.Column("package_id", sa.Uuid(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("reported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("by_disease", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["batch.id"],
            name=op.f("fk_batch_report_batch_id_batch"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("batch_id", name=op.f("pk_batch_report")),
    )
    op.create_index(
        op.f("ix_batch_report_station_code"), "batch_report", ["station_code"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_batch_report_station_code"), table_name="batch_report")
    op.drop_table("batch_report")
    op.drop_index(op.f("ix_refused_package_refused_at"), table_name="refused_package")
    op.drop_index(op.f("ix_refused_package_peer_code"), table_name="refused_package")
    op.drop_table("refused_package")
