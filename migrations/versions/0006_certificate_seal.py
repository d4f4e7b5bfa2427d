"""Certificates carry the county's signed QR text.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("certificate", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("seal", sa.String(length=800), nullable=False, server_default="")
        )
    with op.batch_alter_table("certificate", schema=None) as batch_op:
        batch_op.alter_column("seal", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("certificate", schema=None) as batch_op:
        batch_op.drop_column("seal")
