"""Bulk changes between their review and their run: the products and versions reviewed.

Revision ID: 0013_bulk_jobs
Revises: 0012_staff_list_indexes
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op


revision = "0013_bulk_jobs"
down_revision = "0012_staff_list_indexes"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "bulk_jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("value", sa.String(length=40), nullable=False),
        sa.Column("description", sa.String(length=300), nullable=False),
        sa.Column("versions", sa.JSON(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("outcome", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_bulk_jobs_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bulk_jobs")),
    )
    op.create_index(op.f("ix_bulk_jobs_user_id"), "bulk_jobs", ["user_id"])


def downgrade():
    op.drop_index(op.f("ix_bulk_jobs_user_id"), table_name="bulk_jobs")
    op.drop_table("bulk_jobs")
