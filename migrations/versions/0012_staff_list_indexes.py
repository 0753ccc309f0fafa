"""The staff product list at a million products: an index per sort carrying the filter
columns, trigram search of names and SKUs on PostgreSQL, audit entries by person for "changed
by me", and products.image_count kept by triggers for "has no photo". The triggers are frozen
here as they were written (shop/catalogue/image_counts.py keeps them for create_all).

Revision ID: 0012_staff_list_indexes
Revises: 0011_staff_sessions_and_keys
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0012_staff_list_indexes"
down_revision = "0011_staff_sessions_and_keys"
branch_labels = None
depends_on = None

SORT_INDEXES = {
    "ix_products_updated": ["updated_at", "id"],
    "ix_products_created": ["created_at", "id"],
    "ix_products_name": ["name", "id"],
    "ix_products_price": ["price_cents", "id"],
    "ix_products_stock": ["stock", "id"],
    "ix_products_sku": ["sku", "id"],
}
FILTER_COLUMNS = ["category_id", "is_published", "stock", "image_count", "name", "sku"]
# A frozen copy of shop.catalogue.search's statements for these (the app's may change later).
POSTGRESQL_TRIGRAMS = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS ix_products_trgm_name ON products USING gin (name gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS ix_products_trgm_sku ON products USING gin (sku gin_trgm_ops)",
]

IMAGE_COUNT_TRIGGERS = {
    "postgresql": [
        'CREATE OR REPLACE FUNCTION shop_count_images_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN UPDATE products AS p SET image_count = p.image_count + d.n FROM (SELECT product_id, sum(n) AS n FROM (SELECT product_id, count(*) AS n FROM new_rows GROUP BY product_id) AS deltas GROUP BY product_id HAVING sum(n) <> 0) AS d WHERE p.id = d.product_id; RETURN NULL; END $$',
        'DROP TRIGGER IF EXISTS product_images_count_insert ON product_images',
        'CREATE TRIGGER product_images_count_insert AFTER INSERT ON product_images REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION shop_count_images_insert()',
        'CREATE OR REPLACE FUNCTION shop_count_images_update() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN UPDATE products AS p SET image_count = p.image_count + d.n FROM (SELECT product_id, sum(n) AS n FROM (SELECT product_id, count(*) AS n FROM new_rows GROUP BY product_id UNION ALL SELECT product_id, -count(*) AS n FROM old_rows GROUP BY product_id) AS deltas GROUP BY product_id HAVING sum(n) <> 0) AS d WHERE p.id = d.product_id; RETURN NULL; END $$',
        'DROP TRIGGER IF EXISTS product_images_count_update ON product_images',
        'CREATE TRIGGER product_images_count_update AFTER UPDATE ON product_images REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION shop_count_images_update()',
        'CREATE OR REPLACE FUNCTION shop_count_images_delete() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN UPDATE products AS p SET image_count = p.image_count + d.n FROM (SELECT product_id, sum(n) AS n FROM (SELECT product_id, -count(*) AS n FROM old_rows GROUP BY product_id) AS deltas GROUP BY product_id HAVING sum(n) <> 0) AS d WHERE p.id = d.product_id; RETURN NULL; END $$',
        'DROP TRIGGER IF EXISTS product_images_count_delete ON product_images',
        'CREATE TRIGGER product_images_count_delete AFTER DELETE ON product_images REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION shop_count_images_delete()',
    ],
    "sqlite": [
        'CREATE TRIGGER IF NOT EXISTS product_images_count_insert AFTER INSERT ON product_images BEGIN UPDATE products SET image_count = image_count + 1 WHERE id = NEW.product_id; END',
        'CREATE TRIGGER IF NOT EXISTS product_images_count_update AFTER UPDATE OF product_id ON product_images BEGIN UPDATE products SET image_count = image_count - 1 WHERE id = OLD.product_id; UPDATE products SET image_count = image_count + 1 WHERE id = NEW.product_id; END',
        'CREATE TRIGGER IF NOT EXISTS product_images_count_delete AFTER DELETE ON product_images BEGIN UPDATE products SET image_count = image_count - 1 WHERE id = OLD.product_id; END',
    ],
}
DROP_IMAGE_COUNT_TRIGGERS = {
    "postgresql": [
        statement
        for operation in ("insert", "update", "delete")
        for statement in (
            f"DROP TRIGGER IF EXISTS product_images_count_{operation} ON product_images",
            f"DROP FUNCTION IF EXISTS shop_count_images_{operation}()",
        )
    ],
    "sqlite": [
        f"DROP TRIGGER IF EXISTS product_images_count_{operation}"
        for operation in ("insert", "update", "delete")
    ],
}
# Only products with photos are written (a million-row rewrite otherwise).
RECOUNT_IMAGES = (
    "UPDATE products SET image_count = counted.n FROM (SELECT product_id, count(*) AS n "
    "FROM product_images GROUP BY product_id) AS counted WHERE products.id = counted.product_id"
)


def upgrade():
    dialect = op.get_bind().dialect.name
    op.add_column(
        "products", sa.Column("image_count", sa.Integer(), nullable=False, server_default="0")
    )
    if dialect == "postgresql":
        # Photos do not change what a category counts: skip that trigger's work for the
        # million-row backfill (it would aggregate every row twice).
        op.execute("ALTER TABLE products DISABLE TRIGGER products_count_update")
        op.execute(RECOUNT_IMAGES)
        op.execute("ALTER TABLE products ENABLE TRIGGER products_count_update")
    else:
        op.execute(RECOUNT_IMAGES)
    for statement in IMAGE_COUNT_TRIGGERS.get(dialect, []):
        op.execute(statement)
    for name, columns in SORT_INDEXES.items():
        # The filter columns ride along (PostgreSQL only): rows they rule out cost no read
        # of the table.
        include = [column for column in FILTER_COLUMNS if column not in columns]
        op.create_index(name, "products", columns, postgresql_include=include)
    op.create_index("ix_products_image_count", "products", ["image_count", "is_published"])
    op.create_index("ix_audit_log_user_entity", "audit_log", ["user_id", "entity_type", "entity_id"])
    if dialect == "postgresql":
        for statement in POSTGRESQL_TRIGRAMS:
            op.execute(statement)


def downgrade():
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_products_trgm_sku")
        op.execute("DROP INDEX IF EXISTS ix_products_trgm_name")
    op.drop_index("ix_audit_log_user_entity", table_name="audit_log")
    op.drop_index("ix_products_image_count", table_name="products")
    for name in reversed(SORT_INDEXES):
        op.drop_index(name, table_name="products")
    for statement in DROP_IMAGE_COUNT_TRIGGERS.get(dialect, []):
        op.execute(statement)
    # Not batch: on SQLite a batch would rebuild the table and lose its search and count
    # triggers; SQLite 3.35+ drops a column in place.
    op.drop_column("products", "image_count")
