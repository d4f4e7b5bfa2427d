"""The last day to appeal a rejection, kept on the committee's decision
(decision.appeal_by): fixed by the rule in force when it was decided.

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Decisions made before it: their deadline is reckoned from the catalogue's days.
    op.add_column("decision", sa.Column("appeal_by", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("decision") as batch:
        batch.drop_column("appeal_by")
