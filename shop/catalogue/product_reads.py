"""Whole products (every field and the gallery) for programs: by id, by slug, a page of ids.

Read as plain rows on the request's read connection, not as ORM objects: loading a page of
24 products and their photos as objects cost more than running its statement. The records
carry the attribute names of the models (`Product`, `ProductImage`), so the API shows them
the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Integer, Select, bindparam, select, true

from ..database.connections import read_connection
from .models import Product, ProductImage


@dataclass(frozen=True, slots=True)
class ImageRecord:
    """A product photo as the API shows it."""

    id: int
    alt_text: str
    position: int
    renditions: list[dict[str, Any]]


@dataclass(frozen=True, slots=True)
class ProductRecord:
    """A product with its photos in gallery order (position), read in one statement."""

    id: int
    name: str
    slug: str
    sku: str
    description: str
    price_cents: int
    stock: int
    is_published: bool
    category_id: int
    updated_at: datetime
    version: int
    images: tuple[ImageRecord, ...]


_PRODUCT_COLUMNS = (
    Product.id,
    Product.name,
    Product.slug,
    Product.sku,
    Product.description,
    Product.price_cents,
    Product.stock,
    Product.is_published,
    Product.category_id,
    Product.updated_at,
    Product.version,
)
_WHOLE = (
    select(
        *_PRODUCT_COLUMNS,
        ProductImage.id.label("image_id"),
        ProductImage.alt_text.label("image_alt"),
        ProductImage.position.label("image_position"),
        ProductImage.renditions.label("image_renditions"),
    )
    .outerjoin(ProductImage, ProductImage.product_id == Product.id)
    .order_by(ProductImage.position, ProductImage.id)
)
_BY_IDS = _WHOLE.where(Product.id.in_(bindparam("ids", expanding=True)))
_BY_ID = Product.id == bindparam("key", type_=Integer)
_BY_SLUG = Product.slug == bindparam("key")
_PUBLISHED = Product.is_published == true()
# (by slug, drafts too) -> statement; built once each.
_ONE = {
    (False, True): _WHOLE.where(_BY_ID),
    (False, False): _WHOLE.where(_BY_ID, _PUBLISHED),
    (True, True): _WHOLE.where(_BY_SLUG),
    (True, False): _WHOLE.where(_BY_SLUG, _PUBLISHED),
}
_FIELDS = len(_PRODUCT_COLUMNS)


def _read(stmt: Select, params: dict) -> dict[int, ProductRecord]:
    """Products by id, each with its photos (one row per photo, or one without)."""
    products: dict[int, tuple] = {}
    images: dict[int, list[ImageRecord]] = {}
    for row in read_connection().execute(stmt, params):
        key = row[0]
        gallery = images.get(key)
        if gallery is None:
            products[key], gallery = row[:_FIELDS], images.setdefault(key, [])
        if row[_FIELDS] is not None:  # the image's id: None when the product has no photo
            gallery.append(ImageRecord(*row[_FIELDS:]))
    return {key: ProductRecord(*fields, tuple(images[key])) for key, fields in products.items()}


def products_in_order(ids: Sequence[int]) -> list[ProductRecord]:
    """The products of a listing page, in the page's order, in one statement."""
    if not ids:
        return []
    by_id = _read(_BY_IDS, {"ids": list(ids)})
    return [by_id[i] for i in ids if i in by_id]


def product(
    *, product_id: int | None = None, slug: str | None = None, include_unpublished: bool = False
) -> ProductRecord | None:
    """One product by id or slug; a draft only with `include_unpublished`. Whether its
    category is visible is the caller's question (it has the category tree)."""
    stmt = _ONE[slug is not None, include_unpublished]
    found = _read(stmt, {"key": product_id if slug is None else slug})
    return next(iter(found.values()), None)


def product_id_by_sku(sku: str) -> tuple[int, int] | None:
    """(id, version) of the product with this SKU, drafts included (PUT by SKU)."""
    stmt = select(Product.id, Product.version).where(Product.sku == sku)
    row = read_connection().execute(stmt).first()
    return (row.id, row.version) if row else None
