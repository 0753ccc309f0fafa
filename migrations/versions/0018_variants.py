"""Variants: product options, their values and variants; two summary columns on products.

Revision ID: 0018_variants
Revises: 0016_product_schedule
Create Date: 2026-12-08
"""

import sqlalchemy as sa
from alembic import op


revision = "0018_variants"
down_revision = "0016_product_schedule"
branch_labels = None
depends_on = None


def upgrade():
    # Constant server defaults: no table rewrite on PostgreSQL, and every existing product
    # reads as one without variants (it keeps its own SKU, price and stock).
    # Not batch: on SQLite a batch could rebuild the table and lose its triggers.
    op.add_column("products", sa.Column("variant_count", sa.Integer(), server_default="0",
                                        nullable=False))  # fmt: skip
    op.add_column("products", sa.Column("price_varies", sa.Boolean(), server_default=sa.false(),
                                        nullable=False))  # fmt: skip
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
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("price_cents > 0", name="ck_product_variants_price_positive"),
        sa.CheckConstraint("stock >= 0", name="ck_product_variants_stock_not_negative"),
        sa.ForeignKeyConstraint(["product_id"], ["products.id"], ondelete="CASCADE",
                                name="fk_product_variants_product_id_products"),  # fmt: skip
        sa.PrimaryKeyConstraint("id", name="pk_product_variants"),
        sa.UniqueConstraint("product_id", "combination",
                            name="uq_product_variants_product_id"),  # fmt: skip
        sa.UniqueConstraint("sku", name="uq_product_variants_sku"),
    )
    op.create_index(
        "ix_product_variants_product_position", "product_variants", ["product_id", "position"]
    )


def downgrade():
    op.drop_table("product_variants")
    op.drop_table("product_option_values")
    op.drop_table("product_options")
    # SQLite 3.35+ drops a column in place (a batch would rebuild the table, triggers lost).
    op.drop_column("products", "price_varies")
    op.drop_column("products", "variant_count")
