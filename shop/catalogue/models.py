"""Catalogue tables: the category tree, products, their images, old product slugs and the
typed attributes of categories with their products' values."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    and_,
    false,
    text,
)
from sqlalchemy.orm import Mapped, foreign, mapped_column, relationship

from ..dbtypes import UTCDateTime, cents_to_decimal, decimal_to_cents, utcnow
from ..extensions import db


class Category(db.Model):
    __tablename__ = "categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(220), unique=True)
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("categories.id", ondelete="RESTRICT"), index=True
    )
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    is_published: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    parent: Mapped[Category | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Category]] = relationship(back_populates="parent")

    __table_args__ = (Index("ix_categories_parent_position", "parent_id", "position", "name"),)

    def __repr__(self) -> str:
        return f"<Category {self.slug}>"


class CategoryCount(db.Model):
    """Published products directly in a category, kept by database triggers (counts.py)."""

    __tablename__ = "category_counts"

    category_id: Mapped[int] = mapped_column(
        ForeignKey("categories.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    published: Mapped[int] = mapped_column(Integer, default=0)
    published_in_stock: Mapped[int] = mapped_column(Integer, default=0)


STAFF_SORT_INDEXES = {
    "ix_products_updated": ("updated_at", "id"),
    "ix_products_created": ("created_at", "id"),
    "ix_products_name": ("name", "id"),
    "ix_products_price": ("price_cents", "id"),
    "ix_products_stock": ("stock", "id"),
    "ix_products_sku": ("sku", "id"),
}
# Name and SKU too, so a search among other filters is checked on the index's entries.
STAFF_FILTER_COLUMNS = ["category_id", "is_published", "stock", "image_count", "name", "sku"]


class Product(db.Model):
    __tablename__ = "products"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(220), unique=True)
    sku: Mapped[str] = mapped_column(String(64), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    # Money is kept in integer cents: exact, and identical on SQLite and PostgreSQL.
    price_cents: Mapped[int] = mapped_column(Integer)
    stock: Mapped[int] = mapped_column(Integer, default=0)
    is_published: Mapped[bool] = mapped_column(Boolean, default=False)
    is_featured: Mapped[bool] = mapped_column(Boolean, default=False)
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id", ondelete="RESTRICT"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)
    # Kept by database triggers (image_counts.py) for the staff list's "has no photo".
    image_count: Mapped[int] = mapped_column(Integer, server_default="0")
    # Scheduled publishing (schedule.py): the moment a draft goes live, and the moment a
    # published (or scheduled) product goes back to draft. Each is cleared once it happened.
    publish_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    unpublish_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # Variants (variant_models.py, kept by variant_services.py): how many this product has,
    # and whether its published ones differ in price (cards print "from"). With variants,
    # price_cents is the lowest published variant price and stock their sum, so listings
    # sort and filter on the indexes they already use.
    variant_count: Mapped[int] = mapped_column(Integer, server_default="0")
    price_varies: Mapped[bool] = mapped_column(Boolean, server_default=false())
    # The published variants' SKUs, space-separated: shoppers' search finds them (search.py).
    variant_skus: Mapped[str] = mapped_column(Text, server_default="")

    category: Mapped[Category] = relationship()
    images: Mapped[list[ProductImage]] = relationship(
        back_populates="product",
        order_by="ProductImage.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    # The image at position 0; a view-only join so listings load it in the same query.
    primary_image: Mapped[ProductImage | None] = relationship(
        primaryjoin=lambda: and_(
            foreign(ProductImage.product_id) == Product.id, ProductImage.position == 0
        ),
        viewonly=True,
        uselist=False,
    )

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy reads a dict

    __table_args__ = (
        CheckConstraint("price_cents > 0", name="price_positive"),
        CheckConstraint("stock >= 0", name="stock_not_negative"),
        # Storefront listings, one per sort. They also carry every filter column, so a page's
        # ids come from the index alone (no table look-up per skipped row on deep pages).
        Index(
            "ix_products_published_created",
            "is_published",
            "created_at",
            "id",
            "category_id",
            "price_cents",
            "stock",
        ),
        Index(
            "ix_products_published_price",
            "is_published",
            "price_cents",
            "id",
            "category_id",
            "stock",
        ),
        Index(
            "ix_products_published_name",
            "is_published",
            "name",
            "id",
            "category_id",
            "price_cents",
            "stock",
        ),
        Index("ix_products_published_stock", "is_published", "stock"),
        Index("ix_products_published_featured", "is_published", "is_featured", "created_at"),
        Index("ix_products_category_created", "category_id", "is_published", "created_at"),
        Index("ix_products_category_price", "category_id", "is_published", "price_cents"),
        Index("ix_products_category_name", "category_id", "is_published", "name"),
        # The staff list's sorts, drafts included: keyset pages walk these (migration 0012),
        # and on PostgreSQL skip rows another filter rules out without reading the table.
        *(
            Index(
                name,
                *columns,
                postgresql_include=[c for c in STAFF_FILTER_COLUMNS if c not in columns],
            )
            for name, columns in STAFF_SORT_INDEXES.items()
        ),
        # "Has no photo", alone or with a status: found, not walked to.
        Index("ix_products_image_count", "image_count", "is_published"),
        # The next scheduled moment is read with the catalogue version on most requests:
        # MIN() over these is one index probe. Partial: almost every product has neither.
        Index(
            "ix_products_publish_at",
            "publish_at",
            postgresql_where=text("publish_at IS NOT NULL"),
            sqlite_where=text("publish_at IS NOT NULL"),
        ),
        Index(
            "ix_products_unpublish_at",
            "unpublish_at",
            postgresql_where=text("unpublish_at IS NOT NULL"),
            sqlite_where=text("unpublish_at IS NOT NULL"),
        ),
    )

    @property
    def price(self) -> Decimal:
        return cents_to_decimal(self.price_cents)

    @price.setter
    def price(self, amount: Decimal) -> None:
        self.price_cents = decimal_to_cents(amount)

    @property
    def in_stock(self) -> bool:
        return self.stock > 0

    def __repr__(self) -> str:
        return f"<Product {self.sku} {self.slug}>"


class ProductImage(db.Model):
    __tablename__ = "product_images"

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    alt_text: Mapped[str] = mapped_column(String(300), default="")
    # Pixel size of the upright source image.
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    # Stored files: [{"width": 320, "height": 240, "webp": key, "jpeg": key}, ...] by width.
    renditions: Mapped[list[dict]] = mapped_column(JSON, default=list)
    # Identifies the set of stored files (catalogue.photos.files_digest): images whose
    # uploads give the same pixels share content-addressed files, so files are deleted only
    # when no other image has the same digest.
    digest: Mapped[str] = mapped_column(String(64), default="", index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    product: Mapped[Product] = relationship(back_populates="images")

    __table_args__ = (Index("ix_product_images_product_position", "product_id", "position"),)

    def file_keys(self) -> list[str]:
        """Every stored file of this image."""
        return [r[fmt] for r in self.renditions for fmt in ("webp", "jpeg") if r.get(fmt)]


class ProductSlugHistory(db.Model):
    """A slug a product used to have; its URL answers 301 to the current one."""

    __tablename__ = "product_slug_history"

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(
        ForeignKey("products.id", ondelete="CASCADE"), index=True
    )
    slug: Mapped[str] = mapped_column(String(220), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CatalogueState(db.Model):
    """One row whose version goes up with every catalogue change (cache invalidation)."""

    __tablename__ = "catalogue_state"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=1)


ATTRIBUTE_KINDS = ("choice", "number", "boolean")


class Attribute(db.Model):
    """A property staff define on a category; its subcategories inherit it (attributes.py)."""

    __tablename__ = "attributes"

    id: Mapped[int] = mapped_column(primary_key=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(16))
    unit: Mapped[str] = mapped_column(String(20), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    is_filter: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    choices: Mapped[list[AttributeChoice]] = relationship(
        back_populates="attribute",
        order_by="AttributeChoice.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    __table_args__ = (
        CheckConstraint("kind IN ('choice', 'number', 'boolean')", name="kind_known"),
        Index("ix_attributes_category_position", "category_id", "position"),
    )


class AttributeChoice(db.Model):
    """One value of a choice attribute (Material: oak); products point at it, so renaming
    it renames it everywhere."""

    __tablename__ = "attribute_choices"

    id: Mapped[int] = mapped_column(primary_key=True)
    attribute_id: Mapped[int] = mapped_column(ForeignKey("attributes.id", ondelete="CASCADE"))
    value: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(Integer, default=0)

    attribute: Mapped[Attribute] = relationship(back_populates="choices")

    __table_args__ = (Index("ix_attribute_choices_attribute_position", "attribute_id", "position"),)


class ProductAttributeValue(db.Model):
    """A product's value of one attribute: exactly one of the typed columns is set, so each
    kind is compared and indexed as what it is (docs/attributes.md)."""

    __tablename__ = "product_attribute_values"

    product_id: Mapped[int] = mapped_column(
        ForeignKey("products.id", ondelete="CASCADE"), primary_key=True
    )
    attribute_id: Mapped[int] = mapped_column(
        ForeignKey("attributes.id", ondelete="CASCADE"), primary_key=True
    )
    # No ON DELETE: a choice products use cannot go (the service refuses first); when the
    # whole attribute goes, its values go in the same statement.
    choice_id: Mapped[int | None] = mapped_column(ForeignKey("attribute_choices.id"))
    # Numbers in integer thousandths: exact, and identical on SQLite and PostgreSQL (SQLite
    # has no decimal type; a float would turn 0.1 into 0.1000000000000000055).
    number_milli: Mapped[int | None] = mapped_column(BigInteger)
    flag: Mapped[bool | None] = mapped_column(Boolean)

    __table_args__ = (
        CheckConstraint(
            "(CASE WHEN choice_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN number_milli IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN flag IS NULL THEN 0 ELSE 1 END) = 1",
            name="one_value",
        ),
        # "Material = oak", "Width between 80 and 120", "Foldable: yes": one range scan each,
        # the product ids read from the index itself.
        Index("ix_attribute_values_choice", "attribute_id", "choice_id", "product_id"),
        Index("ix_attribute_values_number", "attribute_id", "number_milli", "product_id"),
        Index("ix_attribute_values_flag", "attribute_id", "flag", "product_id"),
    )
