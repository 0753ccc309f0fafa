"""Catalogue version row: bumped by every catalogue change, read to invalidate caches.

Revision ID: 0003_catalogue_state
Revises: 0002_image_digest
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_catalogue_state"
down_revision = "0002_image_digest"
branch_labels = None
depends_on = None


def upgrade():
    table = op.create_table(
        "catalogue_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalogue_state")),
    )
    op.bulk_insert(table, [{"id": 1, "version": 1}])


def downgrade():
    op.drop_table("catalogue_state")
