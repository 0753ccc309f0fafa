"""Attributes: typed properties of categories (inherited by subcategories) and product values.

Revision ID: 0017_attributes
Revises: 0016_product_schedule
Create Date: 2026-12-08
"""

import sqlalchemy as sa
from alembic import op


revision = "0017_attributes"
down_revision = "0016_product_schedule"
branch_labels = None
depends_on = None


def upgrade():
    # New tables only: existing products and categories are not touched (no rebuild, so
    # SQLite keeps the triggers on products and categories).
    op.create_table(
        "attributes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("unit", sa.String(length=20), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("is_filter", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind IN ('choice', 'number', 'boolean')", name=op.f("ck_attributes_kind_known")
        ),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["categories.id"],
            name=op.f("fk_attributes_category_id_categories"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attributes")),
    )
    op.create_index(
        "ix_attributes_category_position", "attributes", ["category_id", "position"]
    )
    op.create_table(
        "attribute_choices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("attribute_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.String(length=100), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["attribute_id"],
            ["attributes.id"],
            name=op.f("fk_attribute_choices_attribute_id_attributes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attribute_choices")),
    )
    op.create_index(
        "ix_attribute_choices_attribute_position",
        "attribute_choices",
        ["attribute_id", "position"],
    )
    op.create_table(
        "product_attribute_values",
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("attribute_id", sa.Integer(), nullable=False),
        sa.Column("choice_id", sa.Integer(), nullable=True),
        sa.Column("number_milli", sa.BigInteger(), nullable=True),
        sa.Column("flag", sa.Boolean(), nullable=True),
        sa.CheckConstraint(
            "(CASE WHEN choice_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN number_milli IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN flag IS NULL THEN 0 ELSE 1 END) = 1",
            name=op.f("ck_product_attribute_values_one_value"),
        ),
        sa.ForeignKeyConstraint(
            ["attribute_id"],
            ["attributes.id"],
            name=op.f("fk_product_attribute_values_attribute_id_attributes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["choice_id"],
            ["attribute_choices.id"],
            name=op.f("fk_product_attribute_values_choice_id_attribute_choices"),
        ),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["products.id"],
            name=op.f("fk_product_attribute_values_product_id_products"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "product_id", "attribute_id", name=op.f("pk_product_attribute_values")
        ),
    )
    for name, column in (("choice", "choice_id"), ("number", "number_milli"), ("flag", "flag")):
        op.create_index(
            f"ix_attribute_values_{name}",
            "product_attribute_values",
            ["attribute_id", column, "product_id"],
        )


def downgrade():
    for name in ("choice", "number", "flag"):
        op.drop_index(f"ix_attribute_values_{name}", table_name="product_attribute_values")
    op.drop_table("product_attribute_values")
    op.drop_index("ix_attribute_choices_attribute_position", table_name="attribute_choices")
    op.drop_table("attribute_choices")
    op.drop_index("ix_attributes_category_position", table_name="attributes")
    op.drop_table("attributes")
