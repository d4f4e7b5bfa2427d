"""The diagnosing doctor's national code (医保医师代码) on an application: empty for
every application held before.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "application",
        sa.Column("doctor_code", sa.String(20), nullable=False, server_default=""),
    )


def downgrade() -> None:
    with op.batch_alter_table("application") as batch:
        batch.drop_column("doctor_code")
