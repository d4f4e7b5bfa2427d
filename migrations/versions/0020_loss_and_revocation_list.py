"""Loss, replacement and cancellation: why a certificate event happened
(certificate_event.cause), which certificate a replacement replaces
(certificate.replaces_id), and the county's signed revocation list
(revocation_list: the county's own as published, or at a station its county's
newest held); sync_ack.kind wide enough for "certificate_event".

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "certificate_event",
        sa.Column("cause", sa.String(16), nullable=False, server_default=""),
    )
    with op.batch_alter_table("certificate") as batch:
        batch.add_column(sa.Column("replaces_id", sa.Uuid(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_certificate_replaces_id_certificate"), "certificate", ["replaces_id"], ["id"]
        )
    # "certificate_event" is one letter past the old width.
    with op.batch_alter_table("sync_ack") as batch:
        batch.alter_column("kind", type_=sa.String(24), existing_type=sa.String(16))
    op.create_table(
        "revocation_list",
        sa.Column("county_code", sa.String(20), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("signature", sa.String(120), nullable=False),
        sa.PrimaryKeyConstraint("county_code", name=op.f("pk_revocation_list")),
    )


def downgrade() -> None:
    op.drop_table("revocation_list")
    with op.batch_alter_table("sync_ack") as batch:
        batch.alter_column("kind", type_=sa.String(16), existing_type=sa.String(24))
    with op.batch_alter_table("certificate") as batch:
        batch.drop_constraint(op.f("fk_certificate_replaces_id_certificate"), type_="foreignkey")
        batch.drop_column("replaces_id")
    with op.batch_alter_table("certificate_event") as batch:
        batch.drop_column("cause")
