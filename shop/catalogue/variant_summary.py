"""A product with variants: its price and stock are summaries of them, kept here only."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..dbtypes import decimal_to_cents, utcnow
from .errors import CatalogueError
from .models import Product
from .variant_models import ProductVariant

FROM_VARIANTS = "This product has variants: set prices and stock on its variants page."


def refresh(product: Product, variants: Sequence[ProductVariant]) -> None:
    """Set the product's summary columns from its variants (all of them, as they are now).

    price_cents: the lowest published price (the listings' "from" price; with none
    published, the lowest of all, as the column cannot be empty); stock: the published
    variants' total. updated_at is set every time so the product's version moves with every
    variant change (the 409 rule for the product form and the variants page alike).
    variant_skus: the published variants' SKUs, which search indexes with the product.
    """
    published = [v for v in variants if v.is_published]
    pool = published or list(variants)
    if pool:
        product.price_cents = min(v.price_cents for v in pool)
    product.stock = sum(v.stock for v in published)
    product.variant_count = len(variants)
    product.price_varies = len({v.price_cents for v in published}) > 1
    product.variant_skus = " ".join(v.sku for v in published)
    product.updated_at = utcnow()


def check_untouched(product: Product, changes: dict[str, Any]) -> None:
    """Refuse a price or stock for a product with variants (they would be overwritten by
    the next variant change); the same values, as a whole form sends them, pass."""
    if not product.variant_count:
        return
    price = changes.get("price")
    if price is not None and decimal_to_cents(price) != product.price_cents:
        raise CatalogueError(FROM_VARIANTS, field="price")
    stock = changes.get("stock")
    if stock is not None and stock != product.stock:
        raise CatalogueError(FROM_VARIANTS, field="stock")
