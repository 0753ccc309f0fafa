"""Sign-in attempts in the database: throttling shared by every worker, kept across restarts.

Revision ID: 0008_sign_in_attempts
Revises: 0007_category_counts
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_sign_in_attempts"
down_revision = "0007_category_counts"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "sign_in_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(length=8), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sign_in_attempts")),
    )
    op.create_index(
        "ix_sign_in_attempts_scope_key_at", "sign_in_attempts", ["scope", "key", "at"]
    )


def downgrade():
    op.drop_index("ix_sign_in_attempts_scope_key_at", table_name="sign_in_attempts")
    op.drop_table("sign_in_attempts")
