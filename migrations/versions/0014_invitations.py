"""Invitations: an account invited by email waits, without a usable password, until accepted.

Revision ID: 0014_invitations
Revises: 0013_bulk_jobs
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op


revision = "0014_invitations"
down_revision = "0013_bulk_jobs"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("invited_at", sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table("users") as batch:
        batch.drop_column("invited_at")
