"""Variants: product options, their values and variants; two summary columns on products.

Revision ID: 0018_variants
Revises: 0017_attributes
Create Date: 2026-12-08
"""

import sqlalchemy as sa
from alembic import op


revision = "0018_variants"
down_revision = "0017_attributes"
branch_labels = None
depends_on = None


# Frozen copies of shop/catalogue/search.py's SQLite triggers, before and after: the FTS
# `sku` column now also holds the published variants' SKUs (products.variant_skus).
OLD_TRIGGERS = [
    "CREATE TRIGGER products_fts_ai AFTER INSERT ON products BEGIN "
    "INSERT INTO products_fts(rowid, name, sku, description) "
    "VALUES (new.id, new.name, new.sku, new.description); END",
    "CREATE TRIGGER products_fts_ad AFTER DELETE ON products BEGIN "
    "INSERT INTO products_fts(products_fts, rowid, name, sku, description) "
    "VALUES ('delete', old.id, old.name, old.sku, old.description); END",
    "CREATE TRIGGER products_fts_au AFTER UPDATE OF name, sku, description "
    "ON products BEGIN "
    "INSERT INTO products_fts(products_fts, rowid, name, sku, description) "
    "VALUES ('delete', old.id, old.name, old.sku, old.description); "
    "INSERT INTO products_fts(rowid, name, sku, description) "
    "VALUES (new.id, new.name, new.sku, new.description); END",
]
NEW_SKUS = "new.sku || ' ' || new.variant_skus"
OLD_SKUS = "old.sku || ' ' || old.variant_skus"
NEW_TRIGGERS = [
    "CREATE TRIGGER products_fts_ai AFTER INSERT ON products BEGIN "
    "INSERT INTO products_fts(rowid, name, sku, description) "
    f"VALUES (new.id, new.name, {NEW_SKUS}, new.description); END",
    "CREATE TRIGGER products_fts_ad AFTER DELETE ON products BEGIN "
    "INSERT INTO products_fts(products_fts, rowid, name, sku, description) "
    f"VALUES ('delete', old.id, old.name, {OLD_SKUS}, old.description); END",
    "CREATE TRIGGER products_fts_au AFTER UPDATE OF name, sku, description, "
    "variant_skus ON products BEGIN "
    "INSERT INTO products_fts(products_fts, rowid, name, sku, description) "
    f"VALUES ('delete', old.id, old.name, {OLD_SKUS}, old.description); "
    "INSERT INTO products_fts(rowid, name, sku, description) "
    f"VALUES (new.id, new.name, {NEW_SKUS}, new.description); END",
]
TRIGGER_NAMES = ("products_fts_ai", "products_fts_ad", "products_fts_au")
PG_INDEX = (
    "CREATE INDEX IF NOT EXISTS ix_products_search_variant_skus ON products USING gin "
    "(to_tsvector('simple'::regconfig, variant_skus))"
)


def _swap_triggers(definitions):
    for name in TRIGGER_NAMES:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    for definition in definitions:
        op.execute(definition)


def upgrade():
    # Constant server defaults: no table rewrite on PostgreSQL, and every existing product
    # reads as one without variants (it keeps its own SKU, price and stock).
    # Not batch: on SQLite a batch could rebuild the table and lose its triggers.
    op.add_column("products", sa.Column("variant_count", sa.Integer(), server_default="0",
                                        nullable=False))  # fmt: skip
    op.add_column("products", sa.Column("price_varies", sa.Boolean(), server_default=sa.false(),
                                        nullable=False))  # fmt: skip
    op.add_column("products", sa.Column("variant_skus", sa.Text(), server_default="",
                                        nullable=False))  # fmt: skip
    # Search: an existing row's FTS entry (its SKU alone) tokenises as SKU || ' ' || '', so
    # no re-indexing is needed on SQLite; PostgreSQL gets a second GIN index, no rewrite.
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _swap_triggers(NEW_TRIGGERS)
    elif dialect == "postgresql":
        op.execute(PG_INDEX)
    op.create_table(
        "product_options",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["product_id"], ["products.id"], ondelete="CASCADE",
                                name="fk_product_options_product_id_products"),  # fmt: skip
        sa.PrimaryKeyConstraint("id", name="pk_product_options"),
        sa.UniqueConstraint("product_id", "name", name="uq_product_options_product_id"),
    )
    op.create_index("ix_product_options_product_id", "product_options", ["product_id"])
    op.create_table(
        "product_option_values",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("option_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.String(length=60), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["option_id"], ["product_options.id"], ondelete="CASCADE",
            name="fk_product_option_values_option_id_product_options",
        ),  # fmt: skip
        sa.PrimaryKeyConstraint("id", name="pk_product_option_values"),
        sa.UniqueConstraint("option_id", "value", name="uq_product_option_values_option_id"),
    )
    op.create_index("ix_product_option_values_option_id", "product_option_values", ["option_id"])
    op.create_table(
        "product_variants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("sku", sa.String(length=64), nullable=False),
        sa.Column("combination", sa.String(length=200), nullable=False),
        sa.Column("price_cents", sa.Integer(), nullable=False),
        sa.Column("stock", sa.Integer(), nullable=False),
        sa.Column("is_published", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("image_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("price_cents > 0", name="ck_product_variants_price_positive"),
        sa.CheckConstraint("stock >= 0", name="ck_product_variants_stock_not_negative"),
        sa.ForeignKeyConstraint(["product_id"], ["products.id"], ondelete="CASCADE",
                                name="fk_product_variants_product_id_products"),  # fmt: skip
        sa.ForeignKeyConstraint(
            ["image_id"], ["product_images.id"], ondelete="SET NULL",
            name="fk_product_variants_image_id_product_images",
        ),  # fmt: skip
        sa.PrimaryKeyConstraint("id", name="pk_product_variants"),
        sa.UniqueConstraint("product_id", "combination",
                            name="uq_product_variants_product_id"),  # fmt: skip
        sa.UniqueConstraint("sku", name="uq_product_variants_sku"),
    )
    op.create_index(
        "ix_product_variants_product_position", "product_variants", ["product_id", "position"]
    )
    op.create_index("ix_product_variants_image_id", "product_variants", ["image_id"])


def downgrade():
    op.drop_table("product_variants")
    op.drop_table("product_option_values")
    op.drop_table("product_options")
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _swap_triggers(OLD_TRIGGERS)
        # Entries written with variant SKUs would outlive them: index the products afresh.
        op.execute("INSERT INTO products_fts(products_fts) VALUES ('rebuild')")
    elif dialect == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_products_search_variant_skus")
    # SQLite 3.35+ drops a column in place (a batch would rebuild the table, triggers lost).
    op.drop_column("products", "variant_skus")
    op.drop_column("products", "price_varies")
    op.drop_column("products", "variant_count")
