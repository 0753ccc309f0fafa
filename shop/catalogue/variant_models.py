"""Variant tables: a product's options (Colour, Size), their values and the variants."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..dbtypes import UTCDateTime, cents_to_decimal, utcnow
from ..extensions import db

NAME_MAX = 60
COMBINATION_MAX = 200


class ProductOption(db.Model):
    """One way a product varies ("Colour"), shown in `position` order."""

    __tablename__ = "product_options"

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(
        ForeignKey("products.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(NAME_MAX))
    position: Mapped[int] = mapped_column(Integer, default=0)

    values: Mapped[list[ProductOptionValue]] = relationship(
        back_populates="option",
        order_by="ProductOptionValue.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    __table_args__ = (UniqueConstraint("product_id", "name"),)


class ProductOptionValue(db.Model):
    """One value of an option ("Red"), shown in `position` order."""

    __tablename__ = "product_option_values"

    id: Mapped[int] = mapped_column(primary_key=True)
    option_id: Mapped[int] = mapped_column(
        ForeignKey("product_options.id", ondelete="CASCADE"), index=True
    )
    value: Mapped[str] = mapped_column(String(NAME_MAX))
    position: Mapped[int] = mapped_column(Integer, default=0)

    option: Mapped[ProductOption] = relationship(back_populates="values")

    __table_args__ = (UniqueConstraint("option_id", "value"),)


class ProductVariant(db.Model):
    """One combination of option values: what a shopper buys and an order line will point
    at (its own SKU, price, stock and published flag; the product holds only summaries).

    `combination` is the canonical key of its values: their ids in the order of their
    options' ids ("12.40"), unique per product, so a combination exists at most once and
    renaming a value changes nothing here.
    """

    __tablename__ = "product_variants"

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"))
    sku: Mapped[str] = mapped_column(String(64), unique=True)
    combination: Mapped[str] = mapped_column(String(COMBINATION_MAX))
    # Its own price, always: an order line copies a concrete price, and the product's
    # price_cents is the summary of these (the "from" price).
    price_cents: Mapped[int] = mapped_column(Integer)
    stock: Mapped[int] = mapped_column(Integer, default=0)
    is_published: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)
    # One of the product's photos, shown first for this variant (None: the product's own
    # order). A photo can serve several variants (every size of the red one); deleting it
    # leaves the variants with the product's photos.
    image_id: Mapped[int | None] = mapped_column(
        ForeignKey("product_images.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy reads a dict

    __table_args__ = (
        UniqueConstraint("product_id", "combination"),
        CheckConstraint("price_cents > 0", name="price_positive"),
        CheckConstraint("stock >= 0", name="stock_not_negative"),
        Index("ix_product_variants_product_position", "product_id", "position"),
    )

    @property
    def price(self) -> Decimal:
        return cents_to_decimal(self.price_cents)

    def value_ids(self) -> list[int]:
        return [int(part) for part in self.combination.split(".") if part]

    def __repr__(self) -> str:
        return f"<ProductVariant {self.sku}>"
