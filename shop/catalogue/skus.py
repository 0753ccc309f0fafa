"""One SKU namespace for products and variants: who holds a SKU, and fresh ones for variants."""

from __future__ import annotations

from collections.abc import Collection, Iterable

from slugify import slugify
from sqlalchemy import select

from ..extensions import db
from .models import Product
from .rules import SKU_MAX
from .variant_models import ProductVariant

PRODUCT_HAS_SKU = "Another product already has this SKU."
VARIANT_HAS_SKU = "A product variant already has this SKU."


def skus_taken(
    skus: Collection[str],
    *,
    product_id: int | None = None,
    variant_ids: Iterable[int] = (),
) -> dict[str, str]:
    """Those of `skus` a product (other than `product_id`) or a variant (other than
    `variant_ids`) already holds, each with the message saying so; two statements, whatever
    the number of SKUs."""
    if not skus:
        return {}
    products = select(Product.sku).where(Product.sku.in_(skus))
    if product_id is not None:
        products = products.where(Product.id != product_id)
    variants = select(ProductVariant.sku).where(ProductVariant.sku.in_(skus))
    skipped = list(variant_ids)
    if skipped:
        variants = variants.where(ProductVariant.id.not_in(skipped))
    taken = dict.fromkeys(db.session.scalars(variants), VARIANT_HAS_SKU)
    taken.update(dict.fromkeys(db.session.scalars(products), PRODUCT_HAS_SKU))
    return taken


def variant_sku(base: str, values: Iterable[str], taken: set[str]) -> str:
    """`<base>-<value>-<value>` in slug form, cut to the SKU length, with -2, -3... until it
    is in neither `taken` nor the database; the result is added to `taken`."""
    parts = [slugify(value, max_length=20) or "x" for value in values]
    stem = f"{base}-{'-'.join(parts)}"[:SKU_MAX]
    candidate, n = stem, 2
    while candidate in taken or skus_taken([candidate]):
        suffix = f"-{n}"
        candidate = stem[: SKU_MAX - len(suffix)] + suffix
        n += 1
    taken.add(candidate)
    return candidate
