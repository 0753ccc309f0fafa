"""Scheduled publishing: publish_at and unpublish_at on products, each with a partial index.

Revision ID: 0016_product_schedule
Revises: 0015_import_jobs
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op


revision = "0016_product_schedule"
down_revision = "0015_import_jobs"
branch_labels = None
depends_on = None


def upgrade():
    # Nullable columns without a default: no table rewrite on PostgreSQL, even at 1M rows.
    # Not batch: on SQLite a batch could rebuild the table and lose its triggers.
    op.add_column("products", sa.Column("publish_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column(
        "products", sa.Column("unpublish_at", sa.DateTime(timezone=True), nullable=True)
    )
    for column in ("publish_at", "unpublish_at"):
        op.create_index(
            f"ix_products_{column}",
            "products",
            [column],
            postgresql_where=sa.text(f"{column} IS NOT NULL"),
            sqlite_where=sa.text(f"{column} IS NOT NULL"),
        )


def downgrade():
    for column in ("publish_at", "unpublish_at"):
        op.drop_index(f"ix_products_{column}", table_name="products")
    # SQLite 3.35+ drops a column in place (a batch would rebuild the table, triggers lost).
    op.drop_column("products", "unpublish_at")
    op.drop_column("products", "publish_at")
