"""The API's stock and price batch: products and variants by SKU, all or nothing.

Its own module because it writes through both services.py (products) and variant_table.py
(variants, which builds on services.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from ..database.transaction import unit_of_work
from ..extensions import db
from .errors import STALE_PRODUCT, BatchRejected, CatalogueError, StaleEdit
from .models import Product
from .rules import check_product_fields
from .services import BATCH_MAX, apply_product_changes, batch_refusals
from .variant_models import ProductVariant
from .variant_table import set_stock_and_prices

if TYPE_CHECKING:
    from ..accounts.models import User


def update_stock_and_prices(
    items: Sequence[dict[str, Any]], *, actor: User | None = None
) -> list[Product | ProductVariant]:
    """Set `stock` and/or `price` of the products or variants named by `sku`, all or
    nothing (a product with variants is refused: its price and stock are theirs).

    Every item is checked before anything is written; BatchRejected lists each refused item
    with its fields. The products that change get an audit entry each and a new version, as
    does each product whose variants change (one entry naming them by SKU, its summaries
    refreshed); the catalogue version moves once. Returns the products and variants in the
    items' order.
    """
    if not 1 <= len(items) <= BATCH_MAX:
        raise CatalogueError(f"Send 1 to {BATCH_MAX} items.", field="items")
    try:
        with unit_of_work():
            errors = batch_refusals(items)
            for index, item in enumerate(items):
                values = {key: item[key] for key in ("stock", "price") if key in item}
                try:
                    check_product_fields(values)
                except CatalogueError as error:
                    errors.setdefault(index, {})[error.field or "_item"] = [str(error)]
            if errors:
                raise BatchRejected(dict(sorted(errors.items())))
            skus = [item["sku"] for item in items]
            products = {
                p.sku: p for p in db.session.scalars(select(Product).where(Product.sku.in_(skus)))
            }
            wanted = {
                item["sku"]: {key: item[key] for key in ("stock", "price") if key in item}
                for item in items
            }
            for sku, changes in wanted.items():
                if sku in products:
                    apply_product_changes(products[sku], changes, actor)
            # The rest are variants' SKUs (batch_refusals checked): written as the variants
            # table writes them, in this same unit of work.
            variants = set_stock_and_prices(
                {sku: changes for sku, changes in wanted.items() if sku not in products},
                actor=actor,
            )
    except StaleDataError:
        raise StaleEdit(STALE_PRODUCT) from None
    return [products.get(item["sku"]) or variants[item["sku"]] for item in items]
