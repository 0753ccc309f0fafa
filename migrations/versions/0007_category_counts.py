"""Published products per category, kept by triggers: listing totals without counting.

After every catalogue change each listing counted its rows once per process: 0.3 s for a
200,000-product category and 0.9 s for all products at a million. The counts table answers
any listing without price or search filters from the category tree's own query. The
triggers are frozen here as they were written (shop/catalogue/counts.py keeps them for
create_all).

Revision ID: 0007_category_counts
Revises: 0006_search_vector
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_category_counts"
down_revision = "0006_search_vector"
branch_labels = None
depends_on = None

POSTGRESQL = [
    'CREATE OR REPLACE FUNCTION shop_count_products_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO category_counts AS c (category_id, published, published_in_stock) SELECT category_id, sum(n), sum(s) FROM (SELECT category_id, count(*) AS n, count(*) FILTER (WHERE stock > 0) AS s FROM new_rows WHERE is_published GROUP BY category_id) AS deltas GROUP BY category_id HAVING sum(n) <> 0 OR sum(s) <> 0 ORDER BY category_id ON CONFLICT (category_id) DO UPDATE SET published = c.published + EXCLUDED.published, published_in_stock = c.published_in_stock + EXCLUDED.published_in_stock; RETURN NULL; END $$',
    'DROP TRIGGER IF EXISTS products_count_insert ON products',
    'CREATE TRIGGER products_count_insert AFTER INSERT ON products REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION shop_count_products_insert()',
    'CREATE OR REPLACE FUNCTION shop_count_products_update() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO category_counts AS c (category_id, published, published_in_stock) SELECT category_id, sum(n), sum(s) FROM (SELECT category_id, count(*) AS n, count(*) FILTER (WHERE stock > 0) AS s FROM new_rows WHERE is_published GROUP BY category_id UNION ALL SELECT category_id, -count(*) AS n, -count(*) FILTER (WHERE stock > 0) AS s FROM old_rows WHERE is_published GROUP BY category_id) AS deltas GROUP BY category_id HAVING sum(n) <> 0 OR sum(s) <> 0 ORDER BY category_id ON CONFLICT (category_id) DO UPDATE SET published = c.published + EXCLUDED.published, published_in_stock = c.published_in_stock + EXCLUDED.published_in_stock; RETURN NULL; END $$',
    'DROP TRIGGER IF EXISTS products_count_update ON products',
    'CREATE TRIGGER products_count_update AFTER UPDATE ON products REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION shop_count_products_update()',
    'CREATE OR REPLACE FUNCTION shop_count_products_delete() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO category_counts AS c (category_id, published, published_in_stock) SELECT category_id, sum(n), sum(s) FROM (SELECT category_id, -count(*) AS n, -count(*) FILTER (WHERE stock > 0) AS s FROM old_rows WHERE is_published GROUP BY category_id) AS deltas GROUP BY category_id HAVING sum(n) <> 0 OR sum(s) <> 0 ORDER BY category_id ON CONFLICT (category_id) DO UPDATE SET published = c.published + EXCLUDED.published, published_in_stock = c.published_in_stock + EXCLUDED.published_in_stock; RETURN NULL; END $$',
    'DROP TRIGGER IF EXISTS products_count_delete ON products',
    'CREATE TRIGGER products_count_delete AFTER DELETE ON products REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION shop_count_products_delete()',
]
SQLITE = [
    'CREATE TRIGGER IF NOT EXISTS products_count_insert AFTER INSERT ON products BEGIN INSERT OR IGNORE INTO category_counts (category_id, published, published_in_stock) SELECT NEW.category_id, 0, 0 WHERE NEW.is_published; UPDATE category_counts SET published = published + 1, published_in_stock = published_in_stock + (NEW.stock > 0) WHERE category_id = NEW.category_id AND NEW.is_published; END',
    'CREATE TRIGGER IF NOT EXISTS products_count_update AFTER UPDATE OF is_published, category_id, stock ON products BEGIN UPDATE category_counts SET published = published - 1, published_in_stock = published_in_stock - (OLD.stock > 0) WHERE category_id = OLD.category_id AND OLD.is_published; INSERT OR IGNORE INTO category_counts (category_id, published, published_in_stock) SELECT NEW.category_id, 0, 0 WHERE NEW.is_published; UPDATE category_counts SET published = published + 1, published_in_stock = published_in_stock + (NEW.stock > 0) WHERE category_id = NEW.category_id AND NEW.is_published; END',
    'CREATE TRIGGER IF NOT EXISTS products_count_delete AFTER DELETE ON products BEGIN UPDATE category_counts SET published = published - 1, published_in_stock = published_in_stock - (OLD.stock > 0) WHERE category_id = OLD.category_id AND OLD.is_published; END',
]
DROP = {
    "postgresql": [
        'DROP TRIGGER IF EXISTS products_count_insert ON products',
        'DROP FUNCTION IF EXISTS shop_count_products_insert()',
        'DROP TRIGGER IF EXISTS products_count_update ON products',
        'DROP FUNCTION IF EXISTS shop_count_products_update()',
        'DROP TRIGGER IF EXISTS products_count_delete ON products',
        'DROP FUNCTION IF EXISTS shop_count_products_delete()',
    ],
    "sqlite": [
        'DROP TRIGGER IF EXISTS products_count_insert',
        'DROP TRIGGER IF EXISTS products_count_update',
        'DROP TRIGGER IF EXISTS products_count_delete',
    ],
}
RECOUNT = 'INSERT INTO category_counts (category_id, published, published_in_stock) SELECT category_id, count(*), sum(CASE WHEN stock > 0 THEN 1 ELSE 0 END) FROM products WHERE is_published GROUP BY category_id'


def upgrade():
    op.create_table(
        "category_counts",
        sa.Column("category_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("published", sa.Integer(), nullable=False),
        sa.Column("published_in_stock", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["categories.id"],
            name=op.f("fk_category_counts_category_id_categories"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("category_id", name=op.f("pk_category_counts")),
    )
    dialect = op.get_bind().dialect.name
    # Triggers first, then the count: creating a trigger locks products against writers
    # until this migration commits (PostgreSQL waits for those already running), so no
    # write can fall between the count and the triggers.
    for statement in {"sqlite": SQLITE, "postgresql": POSTGRESQL}.get(dialect, []):
        op.execute(statement)
    op.execute("DELETE FROM category_counts")
    op.execute(RECOUNT)


def downgrade():
    for statement in DROP.get(op.get_bind().dialect.name, []):
        op.execute(statement)
    op.drop_table("category_counts")
