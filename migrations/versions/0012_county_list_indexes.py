"""Indexes for the county's case list over every station's files: newest first
whatever the filter, one quarter's newest first, and one diagnosing hospital's files.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_application_updated", "application", ["updated_at"])
    op.create_index("ix_application_hospital_code", "application", ["hospital_code"])
    op.create_index("ix_application_quarter_updated", "application", ["quarter", "updated_at"])


def downgrade() -> None:
    op.drop_index("ix_application_quarter_updated", table_name="application")
    op.drop_index("ix_application_hospital_code", table_name="application")
    op.drop_index("ix_application_updated", table_name="application")
