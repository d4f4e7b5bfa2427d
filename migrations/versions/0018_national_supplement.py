"""What the county typed in for an issued file lacking a person number or a doctor's
code (national_supplement).

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "national_supplement",
        sa.Column("application_id", sa.Uuid(), nullable=False),
        sa.Column("psn_no", sa.String(30), nullable=False),
        sa.Column("doctor_code", sa.String(20), nullable=False),
        sa.Column("entered_by", sa.String(64), nullable=False),
        sa.Column("entered_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["application.id"],
            name=op.f("fk_national_supplement_application_id_application"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("application_id", name=op.f("pk_national_supplement")),
    )


def downgrade() -> None:
    op.drop_table("national_supplement")
