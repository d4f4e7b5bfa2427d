"""The county's verdicts on flagged duplicates: "not a duplicate" keeps the pair from
being flagged again at the next import, "duplicate" names the file withdrawn.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "duplicate_review",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("application_id", sa.Uuid(), nullable=False),
        sa.Column("other_id", sa.Uuid(), nullable=False),
        sa.Column("verdict", sa.String(length=16), nullable=False),
        sa.Column("withdrawn_id", sa.Uuid(), nullable=True),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("decided_by", sa.String(length=64), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["application.id"],
            name=op.f("fk_duplicate_review_application_id_application"),
        ),
        sa.ForeignKeyConstraint(
            ["other_id"], ["application.id"], name=op.f("fk_duplicate_review_other_id_application")
        ),
        sa.ForeignKeyConstraint(
            ["withdrawn_id"],
            ["application.id"],
            name=op.f("fk_duplicate_review_withdrawn_id_application"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_duplicate_review")),
    )
    with op.batch_alter_table("duplicate_review", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_duplicate_review_application_id"), ["application_id"])
        batch_op.create_index(batch_op.f("ix_duplicate_review_other_id"), ["other_id"])


def downgrade() -> None:
    op.drop_table("duplicate_review")
