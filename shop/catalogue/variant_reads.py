"""Read side of variants: the staff table (ORM objects) and a product page's choices."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..extensions import db
from .variant_models import ProductOption, ProductVariant
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
