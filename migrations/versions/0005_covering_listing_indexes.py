"""Listing indexes carry the filter columns, so deep pages are read from the index alone.

Revision ID: 0005_covering_indexes
Revises: 0004_full_text_search
Create Date: 2026-11-22
"""

from alembic import op

revision = "0005_covering_indexes"
down_revision = "0004_full_text_search"
branch_labels = None
depends_on = None

NEW = {
    "ix_products_published_created": [
        "is_published", "created_at", "id", "category_id", "price_cents", "stock",
    ],
    "ix_products_published_price": ["is_published", "price_cents", "id", "category_id", "stock"],
    "ix_products_published_name": [
        "is_published", "name", "id", "category_id", "price_cents", "stock",
    ],
}  # fmt: skip
OLD = {
    "ix_products_published_created": ["is_published", "created_at", "id"],
    "ix_products_published_price": ["is_published", "price_cents", "id"],
    "ix_products_published_name": ["is_published", "name", "id"],
}


def _replace(indexes: dict[str, list[str]]) -> None:
    with op.batch_alter_table("products", schema=None) as batch_op:
        for name, columns in indexes.items():
            batch_op.drop_index(name)
            batch_op.create_index(name, columns, unique=False)


def upgrade():
    _replace(NEW)


def downgrade():
    _replace(OLD)
