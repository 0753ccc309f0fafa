"""What product and category fields may hold, checked by the services so no door skips them.

Forms and API schemas check the same limits first to answer next to the field in their own
words; these checks are the floor every door stands on (the database's constraints would
only answer with an error page).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .errors import CatalogueError

NAME_LENGTH = (2, 200)
SLUG_MAX = 200
SKU_MAX = 64
DESCRIPTION_MAX = 20_000
# Prices are stored in integer cents; a shop's prices stay well below this.
PRICE_MAX = Decimal("9999999.99")
STOCK_MAX = 999_999_999
# Stock of one to this many is "low": "Only N left" on the shop, the staff list's filter.
LOW_STOCK = 5


def _text(value: Any, field: str) -> str:
    if not isinstance(value, str):
        raise CatalogueError("Enter text.", field=field)
    return value


def check_product_fields(fields: dict[str, Any]) -> None:
    """Raise CatalogueError naming the first field in `fields` that breaks its rule."""
    if "name" in fields:
        length = len(_text(fields["name"], "name").strip())
        if not NAME_LENGTH[0] <= length <= NAME_LENGTH[1]:
            raise CatalogueError(
                f"A name has {NAME_LENGTH[0]} to {NAME_LENGTH[1]} characters.", field="name"
            )
    if fields.get("slug") is not None and len(_text(fields["slug"], "slug")) > SLUG_MAX:
        raise CatalogueError(f"A slug has at most {SLUG_MAX} characters.", field="slug")
    if "sku" in fields:
        sku = _text(fields["sku"], "sku")
        if not sku.strip() or len(sku) > SKU_MAX:
            raise CatalogueError(f"A SKU has 1 to {SKU_MAX} characters.", field="sku")
    if "price" in fields:
        price = fields["price"]
        if (
            not isinstance(price, Decimal)
            or not price.is_finite()
            or price.as_tuple().exponent < -2
            or not 0 < price <= PRICE_MAX
        ):
            raise CatalogueError(
                f"A price is more than 0 and at most {PRICE_MAX}, with at most 2 decimals.",
                field="price",
            )
    if "stock" in fields:
        stock = fields["stock"]
        if isinstance(stock, bool) or not isinstance(stock, int) or not 0 <= stock <= STOCK_MAX:
            raise CatalogueError(f"Stock is a whole number from 0 to {STOCK_MAX}.", field="stock")
    if "description" in fields and len(_text(fields["description"], "description")) > (
        DESCRIPTION_MAX
    ):
        raise CatalogueError(
            f"A description has at most {DESCRIPTION_MAX} characters.", field="description"
        )


def check_category_fields(fields: dict[str, Any]) -> None:
    """Raise CatalogueError naming the first field in `fields` that breaks its rule."""
    check_product_fields({k: fields[k] for k in ("name", "slug", "description") if k in fields})
    if "position" in fields:
        position = fields["position"]
        if isinstance(position, bool) or not isinstance(position, int) or abs(position) > 10**6:
            raise CatalogueError("A position is a whole number.", field="position")
