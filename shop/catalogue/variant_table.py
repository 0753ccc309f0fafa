"""Write side of the staff variants table: every row saved at once, all checked first.

Like variant_services.py (whose helpers it shares): the product's version checked and moved,
one audit entry naming each variant by its SKU, the summaries refreshed, one commit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from ..database.transaction import unit_of_work
from ..dbtypes import cents_to_decimal, decimal_to_cents
from ..extensions import db
from .errors import STALE_PRODUCT, CatalogueError, StaleEdit, VariantRowsRejected
from .models import Product
from .rules import check_product_fields
from .services import product_state
from .skus import skus_taken
from .variant_models import ProductVariant
from .variant_services import finish_change, load_product, load_variants

if TYPE_CHECKING:
    from ..accounts.models import User


@dataclass(frozen=True)
class VariantRow:
    """One row of the staff variants table, as typed."""

    sku: str
    price: Decimal
    stock: int
    is_published: bool
    image_id: int | None = None  # one of the product's photos, shown first; None: none


def _row_errors(rows: Mapping[int, VariantRow], variants: list[ProductVariant], product: Product):
    errors: dict[int, dict[str, str]] = {}
    photos = {image.id for image in product.images}
    for variant_id, row in rows.items():
        if row.image_id is not None and row.image_id not in photos:
            errors.setdefault(variant_id, {})["photo"] = "Choose one of this product's photos."
        for field, value in (("sku", row.sku), ("price", row.price), ("stock", row.stock)):
            try:
                check_product_fields({field: value})
            except CatalogueError as error:
                errors.setdefault(variant_id, {})[field] = str(error)
    seen: dict[str, int] = {}
    for variant_id, row in rows.items():
        if row.sku == product.sku:
            errors.setdefault(variant_id, {}).setdefault("sku", "The product itself has this SKU.")
        elif row.sku in seen:
            errors.setdefault(variant_id, {}).setdefault("sku", "This SKU is given twice.")
        seen.setdefault(row.sku, variant_id)
    taken = skus_taken(list(seen), variant_ids=[v.id for v in variants])
    for sku, message in taken.items():
        errors.setdefault(seen[sku], {}).setdefault("sku", message)
    return errors


def update_variants(
    product_id: int,
    rows: Mapping[int, VariantRow],
    *,
    expected_version: int,
    actor: User | None = None,
) -> Product:
    """Save the variants table (every row checked first; VariantRowsRejected lists each
    refused row by field), if nobody changed the product since `expected_version`."""
    try:
        with unit_of_work():
            product = load_product(product_id, expected_version)
            before = product_state(product)
            variants = load_variants(product.id)
            by_id = {v.id: v for v in variants}
            if set(rows) - set(by_id):
                raise StaleEdit(STALE_PRODUCT)  # a variant of the form went meanwhile
            errors = _row_errors(rows, variants, product)
            if errors:
                raise VariantRowsRejected(errors)
            changes: dict[str, list] = {}
            for variant_id, row in rows.items():
                after = {
                    "sku": row.sku,
                    "price_cents": decimal_to_cents(row.price),
                    "stock": row.stock,
                    "is_published": row.is_published,
                    "image_id": row.image_id,
                }
                _apply(by_id[variant_id], after, changes)
            if changes:
                db.session.flush()  # a SKU taken meanwhile meets the unique index here
                finish_change(product, before, variants, "update variants", changes, actor)
    except StaleDataError:
        raise StaleEdit(STALE_PRODUCT) from None
    except IntegrityError:
        # Another save took one of these SKUs since the check, or two rows swapped SKUs
        # (the unique index sees the rows one at a time).
        raise CatalogueError(SKU_CLASH, field="sku") from None
    return product


def _apply(variant: ProductVariant, after: Mapping[str, object], changes: dict) -> None:
    """Set the variant's fields to `after`, noting each change by its SKU for the audit."""
    named = variant.sku
    for field, value in after.items():
        old = getattr(variant, field)
        if old != value:
            changes[f"{named} {_FIELD_NAMES[field]}"] = _shown(field, old, value)
            setattr(variant, field, value)


def variants_by_sku(skus: Sequence[str]) -> dict[str, ProductVariant]:
    """The variants holding these SKUs (one statement)."""
    if not skus:
        return {}
    stmt = select(ProductVariant).where(ProductVariant.sku.in_(list(skus)))
    return {v.sku: v for v in db.session.scalars(stmt)}


def set_stock_and_prices(
    items: Mapping[str, Mapping[str, object]], *, actor: User | None = None
) -> dict[str, ProductVariant]:
    """Within the caller's unit of work (the API's batch, all or nothing): set `stock`
    and/or `price` (checked already) of the variants named by SKU, as the variants table
    saves them: one audit entry per product naming each variant by its SKU, the product's
    summaries refreshed and its version moved (and so the catalogue version). Returns the
    variants by SKU."""
    found = variants_by_sku(list(items))
    product_ids = sorted({v.product_id for v in found.values()})
    products = db.session.scalars(select(Product).where(Product.id.in_(product_ids)))
    for product in products:
        before = product_state(product)
        variants = load_variants(product.id)  # the same objects as `found` (identity map)
        changes: dict[str, list] = {}
        for variant in variants:
            wanted = items.get(variant.sku)
            if wanted is None:
                continue
            after: dict[str, object] = {}
            if "stock" in wanted:
                after["stock"] = wanted["stock"]
            if "price" in wanted:
                after["price_cents"] = decimal_to_cents(wanted["price"])
            _apply(variant, after, changes)
        if changes:
            finish_change(product, before, variants, "update variants", changes, actor)
    return found


SKU_CLASH = (
    "One of these SKUs is in use (by another save just now, or by another row until this "
    "save); nothing was saved. Change them in two steps."
)


_FIELD_NAMES = {
    "sku": "sku", "price_cents": "price", "stock": "stock", "is_published": "published",
    "image_id": "photo",
}  # fmt: skip


def _shown(field: str, old, new) -> list:
    if field == "price_cents":
        return [str(cents_to_decimal(old)), str(cents_to_decimal(new))]
    return [old, new]
