"""The committee's meetings and their cases; a decision's category and the physical
examination it asks for.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "meeting",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("members", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("opened_by", sa.String(length=64), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_by", sa.String(length=64), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting")),
    )
    op.create_table(
        "meeting_case",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("meeting_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Uuid(), nullable=False),
        sa.Column("disease_code", sa.String(length=16), nullable=False),
        sa.Column("deferred", sa.Boolean(), nullable=False),
        sa.Column("outcome", sa.String(length=24), nullable=False),
        sa.Column("category", sa.String(length=8), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("exam_hospital_code", sa.String(length=32), nullable=True),
        sa.Column("exam_by", sa.Date(), nullable=True),
        sa.Column("experts", sa.JSON(), nullable=False),
        sa.Column("noted_by", sa.String(length=64), nullable=False),
        sa.Column("noted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["application.id"],
            name=op.f("fk_meeting_case_application_id_application"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["disease_code"], ["disease.code"], name=op.f("fk_meeting_case_disease_code_disease")
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meeting.id"],
            name=op.f("fk_meeting_case_meeting_id_meeting"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_case")),
        sa.UniqueConstraint(
            "meeting_id", "application_id", "disease_code", name=op.f("uq_meeting_case_meeting_id")
        ),
    )
    with op.batch_alter_table("meeting_case", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_meeting_case_meeting_id"), ["meeting_id"])
        batch_op.create_index(batch_op.f("ix_meeting_case_application_id"), ["application_id"])
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("category", sa.String(length=8), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("exam_hospital_code", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("exam_by", sa.Date(), nullable=True))
    # The server default only filled the rows already there; the model sets the value.
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.alter_column("category", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.drop_column("exam_by")
        batch_op.drop_column("exam_hospital_code")
        batch_op.drop_column("category")
    op.drop_table("meeting_case")
    op.drop_table("meeting")
