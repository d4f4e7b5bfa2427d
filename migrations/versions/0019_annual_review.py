"""The year an annual review (年审) is for, on certificate_event.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("certificate_event", sa.Column("year", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("certificate_event") as batch:
        batch.drop_column("year")
