"""Index for the applications list: filter by state, newest first.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_application_state_updated", "application", ["state", "updated_at"])


def downgrade() -> None:
    op.drop_index("ix_application_state_updated", table_name="application")
