"""What happens to a certificate at its station after printing (certificate_event):
hand-out first.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "certificate_event",
        sa.Column("certificate_id", sa.Uuid(), nullable=False),
        sa.Column("station_code", sa.String(20), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("happened_on", sa.Date(), nullable=False),
        sa.Column("recorded_by", sa.String(64), nullable=False),
        sa.Column("collector", sa.String(12), nullable=False),
        sa.Column("collector_name", sa.String(50), nullable=False),
        sa.Column("collector_id_number", sa.String(18), nullable=False),
        sa.Column("collector_relation", sa.String(20), nullable=False),
        sa.Column("note", sa.String(200), nullable=False),
        sa.Column("acked_version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(64), nullable=False),
        sa.ForeignKeyConstraint(
            ["certificate_id"],
            ["certificate.id"],
            name=op.f("fk_certificate_event_certificate_id_certificate"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_certificate_event")),
    )
    op.create_index(
        op.f("ix_certificate_event_certificate_id"), "certificate_event", ["certificate_id"]
    )


def downgrade() -> None:
    op.drop_table("certificate_event")
