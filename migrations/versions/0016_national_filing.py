"""What the county sent the national platform and what it answered (national_filing).

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "national_filing",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("certificate_id", sa.Uuid(), nullable=False),
        sa.Column("disease_code", sa.String(16), nullable=False),
        sa.Column("psn_no", sa.String(30), nullable=False),
        sa.Column("opsp_dise_code", sa.String(16), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_by", sa.String(64), nullable=False),
        sa.Column("serial", sa.String(40), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revocation_sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["certificate_id"],
            ["certificate.id"],
            name=op.f("fk_national_filing_certificate_id_certificate"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_national_filing")),
        sa.UniqueConstraint(
            "certificate_id", "disease_code", name=op.f("uq_national_filing_certificate_id")
        ),
    )
    op.create_index(
        op.f("ix_national_filing_certificate_id"), "national_filing", ["certificate_id"]
    )
    op.create_index(op.f("ix_national_filing_psn_no"), "national_filing", ["psn_no"])


def downgrade() -> None:
    op.drop_table("national_filing")
