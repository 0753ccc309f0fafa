"""Product images remember the digest of their upload (shared content-addressed files).

Revision ID: 0002_image_digest
Revises: 0001_initial
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_image_digest"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("product_images", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("digest", sa.String(length=64), nullable=False, server_default="")
        )
        batch_op.create_index(batch_op.f("ix_product_images_digest"), ["digest"], unique=False)
    with op.batch_alter_table("product_images", schema=None) as batch_op:
        batch_op.alter_column("digest", server_default=None)


def downgrade():
    with op.batch_alter_table("product_images", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_product_images_digest"))
        batch_op.drop_column("digest")
