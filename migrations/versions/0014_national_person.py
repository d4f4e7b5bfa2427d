"""A person's national person number (人员编号) and insurance type (险种类型): empty,
and the residents' scheme (390), for everyone held before.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("person", sa.Column("psn_no", sa.String(30), nullable=False, server_default=""))
    op.add_column(
        "person", sa.Column("insutype", sa.String(6), nullable=False, server_default="390")
    )


def downgrade() -> None:
    with op.batch_alter_table("person") as batch:
        batch.drop_column("insutype")
        batch.drop_column("psn_no")
