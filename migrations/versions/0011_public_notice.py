"""The public notice of a meeting's approvals (the certificates it holds back
until it closes) and the objections raised during it; a certificate can be set
aside (revoked), its number staying taken.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "public_notice",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("meeting_id", sa.Uuid(), nullable=True),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("opened_by", sa.String(length=64), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_by", sa.String(length=64), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meeting.id"],
            name=op.f("fk_public_notice_meeting_id_meeting"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_public_notice")),
        sa.UniqueConstraint("meeting_id", name=op.f("uq_public_notice_meeting_id")),
    )
    op.create_table(
        "notice_certificate",
        sa.Column("certificate_id", sa.Uuid(), nullable=False),
        sa.Column("notice_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["certificate_id"],
            ["certificate.id"],
            name=op.f("fk_notice_certificate_certificate_id_certificate"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["notice_id"],
            ["public_notice.id"],
            name=op.f("fk_notice_certificate_notice_id_public_notice"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("certificate_id", name=op.f("pk_notice_certificate")),
    )
    op.create_index(
        op.f("ix_notice_certificate_notice_id"), "notice_certificate", ["notice_id"], unique=False
    )
    op.create_table(
        "objection",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("notice_id", sa.Uuid(), nullable=False),
        sa.Column("certificate_id", sa.Uuid(), nullable=False),
        sa.Column("raised_by", sa.String(length=60), nullable=False),
        sa.Column("contact", sa.String(length=40), nullable=False),
        sa.Column("text", sa.String(length=500), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("recorded_by", sa.String(length=64), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("outcome", sa.String(length=10), nullable=False),
        sa.Column("finding", sa.String(length=300), nullable=False),
        sa.Column("decided_by", sa.String(length=64), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["certificate_id"],
            ["certificate.id"],
            name=op.f("fk_objection_certificate_id_certificate"),
        ),
        sa.ForeignKeyConstraint(
            ["notice_id"],
            ["public_notice.id"],
            name=op.f("fk_objection_notice_id_public_notice"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_objection")),
    )
    op.create_index(op.f("ix_objection_notice_id"), "objection", ["notice_id"], unique=False)
    op.create_index(
        op.f("ix_objection_certificate_id"), "objection", ["certificate_id"], unique=False
    )
    with op.batch_alter_table("certificate", schema=None) as batch_op:
        batch_op.add_column(sa.Column("revoked_on", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("revoked_reason", sa.String(length=200), nullable=False, server_default="")
        )
    # The server default only filled the rows already there; the model sets the value.
    with op.batch_alter_table("certificate", schema=None) as batch_op:
        batch_op.alter_column("revoked_reason", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("certificate", schema=None) as batch_op:
        batch_op.drop_column("revoked_reason")
        batch_op.drop_column("revoked_on")
    op.drop_index(op.f("ix_objection_certificate_id"), table_name="objection")
    op.drop_index(op.f("ix_objection_notice_id"), table_name="objection")
    op.drop_table("objection")
    op.drop_index(op.f("ix_notice_certificate_notice_id"), table_name="notice_certificate")
    op.drop_table("notice_certificate")
    op.drop_table("public_notice")
