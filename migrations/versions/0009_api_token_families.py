"""API token families (refresh-token rotation with reuse detection) and users.token_generation.

Revision ID: 0009_api_token_families
Revises: 0008_sign_in_attempts
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_api_token_families"
down_revision = "0008_sign_in_attempts"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users") as batch:
        batch.add_column(
            sa.Column("token_generation", sa.Integer(), nullable=False, server_default="0")
        )
    op.create_table(
        "api_token_families",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_generation", sa.Integer(), nullable=False),
        sa.Column("refresh_jti", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_used_from", sa.String(length=64), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_because", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_api_token_families_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_token_families")),
    )
    op.create_index("ix_api_token_families_user_id", "api_token_families", ["user_id"])


def downgrade():
    op.drop_index("ix_api_token_families_user_id", table_name="api_token_families")
    op.drop_table("api_token_families")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("token_generation")
