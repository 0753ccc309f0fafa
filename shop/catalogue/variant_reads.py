"""Read side of variants: the staff table (ORM objects), a product page's choices and the
API's options and variants of many products (plain rows)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import select, true
from sqlalchemy.orm import selectinload

from ..database.connections import read_connection
from ..extensions import db
from .variant_models import ProductOption, ProductOptionValue, ProductVariant
from .variant_services import labels


@dataclass(frozen=True)
class VariantTable:
    """A product's options (values loaded), its variants in order, and each variant's
    label ("Colour: Red, Size: S") by combination."""

    options: list[ProductOption]
    variants: list[ProductVariant]
    labels: dict[str, str]


def variants_for_edit(product_id: int) -> VariantTable:
    """Three statements whatever the number of variants: options, their values, variants."""
    options = list(
        db.session.scalars(
            select(ProductOption)
            .where(ProductOption.product_id == product_id)
            .order_by(ProductOption.position, ProductOption.id)
            .options(selectinload(ProductOption.values))
        )
    )
    variants = list(
        db.session.scalars(
            select(ProductVariant)
            .where(ProductVariant.product_id == product_id)
            .order_by(ProductVariant.position, ProductVariant.id)
        )
    )
    return VariantTable(options, variants, labels(options))


@dataclass(frozen=True, slots=True)
class VariantRecord:
    """A variant as the API shows it: its options by name ("Colour" -> "Sage")."""

    id: int
    sku: str
    price_cents: int
    stock: int
    is_published: bool
    options: dict[str, str]
    image_id: int | None


@dataclass(frozen=True, slots=True)
class ProductVariants:
    """A product's options ((name, values) in position order) and variants in order."""

    options: tuple[tuple[str, tuple[str, ...]], ...]
    variants: tuple[VariantRecord, ...]


NO_VARIANTS = ProductVariants((), ())

_OPTIONS = (
    select(
        ProductOption.product_id,
        ProductOption.id,
        ProductOption.name,
        ProductOptionValue.id.label("value_id"),
        ProductOptionValue.value,
    )
    .join(ProductOptionValue, ProductOptionValue.option_id == ProductOption.id)
    .order_by(
        ProductOption.product_id,
        ProductOption.position,
        ProductOption.id,
        ProductOptionValue.position,
        ProductOptionValue.id,
    )
)
_VARIANTS = select(
    ProductVariant.product_id,
    ProductVariant.id,
    ProductVariant.sku,
    ProductVariant.price_cents,
    ProductVariant.stock,
    ProductVariant.is_published,
    ProductVariant.combination,
    ProductVariant.image_id,
).order_by(ProductVariant.product_id, ProductVariant.position, ProductVariant.id)


def variants_by_product(
    product_ids: Collection[int], *, published_only: bool
) -> dict[int, ProductVariants]:
    """Options and variants of these products in two statements, whatever their number (none
    for no products); drafts only without `published_only`. Products without variants are
    left out (NO_VARIANTS)."""
    if not product_ids:
        return {}
    ids = list(product_ids)
    connection = read_connection()
    options: dict[int, dict[int, tuple[str, list[str]]]] = {}
    value_names: dict[int, tuple[str, str]] = {}  # value id -> (option name, value)
    for row in connection.execute(_OPTIONS.where(ProductOption.product_id.in_(ids))):
        option = options.setdefault(row.product_id, {}).setdefault(row.id, (row.name, []))
        option[1].append(row.value)
        value_names[row.value_id] = (row.name, row.value)
    stmt = _VARIANTS.where(ProductVariant.product_id.in_(ids))
    if published_only:
        stmt = stmt.where(ProductVariant.is_published == true())
    variants: dict[int, list[VariantRecord]] = {}
    for row in connection.execute(stmt):
        named = [value_names[int(part)] for part in row.combination.split(".") if part]
        variants.setdefault(row.product_id, []).append(
            VariantRecord(
                row.id,
                row.sku,
                row.price_cents,
                row.stock,
                row.is_published,
                dict(named),
                row.image_id,
            )
        )
    return {
        product_id: ProductVariants(
            tuple((name, tuple(values)) for name, values in options[product_id].values()),
            tuple(variants.get(product_id, ())),
        )
        for product_id in options
    }
