"""The county keeps a SHA-256 digest of each station's sync token.

Tokens an earlier release kept whole in the secret store cannot be read from a
migration (the store needs its passphrase); the county's sync service turns them
into digests at its next start (PeerService.adopt_stored_tokens).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("peer", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sync_token_sha256", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("peer", schema=None) as batch_op:
        batch_op.drop_column("sync_token_sha256")
