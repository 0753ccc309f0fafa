"""Whole products (every field and the gallery) for programs: by id or slug, and the rows
that make them (a listing page of whole products reads those too).

Read as plain rows on the request's read connection, not as ORM objects: loading a page of
24 products and their photos as objects cost more than running its statement. The records
carry the attribute names of the models (`Product`, `ProductImage`), so the API shows them
the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Integer, Row, Select, bindparam, select, true

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
    publish_at: datetime | None
    unpublish_at: datetime | None
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
    Product.publish_at,
    Product.unpublish_at,
)
# A whole product is one row per photo (or one without): these columns, with every photo
# outer-joined (WHOLE_IMAGES) in gallery order (GALLERY_ORDER). The listing read model reads
# pages of whole products with them too (listing_page(whole=True)).
WHOLE_COLUMNS = (
    *_PRODUCT_COLUMNS,
    ProductImage.id.label("image_id"),
    ProductImage.alt_text.label("image_alt"),
    ProductImage.position.label("image_position"),
    ProductImage.renditions.label("image_renditions"),
)
WHOLE_IMAGES = ProductImage.product_id == Product.id
GALLERY_ORDER = (ProductImage.position, ProductImage.id)
_WHOLE = select(*WHOLE_COLUMNS).outerjoin(ProductImage, WHOLE_IMAGES).order_by(*GALLERY_ORDER)
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
_IMAGE_FIELDS = slice(_FIELDS, len(WHOLE_COLUMNS))


def records(rows: Iterable[Row]) -> tuple[list[Row], list[ProductRecord]]:
    """Whole products from rows of WHOLE_COLUMNS (plus any extra columns), one row per photo
    with a product's rows together: each product's first row (for the extras) and its
    record, in the order the products first appear."""
    firsts: list[Row] = []
    galleries: list[list[ImageRecord]] = []
    last_id = None
    for row in rows:
        if row[0] != last_id:
            last_id = row[0]
            firsts.append(row)
            galleries.append([])
        if row[_FIELDS] is not None:  # the image's id: None when the product has no photo
            galleries[-1].append(ImageRecord(*row[_IMAGE_FIELDS]))
    found = [
        ProductRecord(*first[:_FIELDS], tuple(gallery))
        for first, gallery in zip(firsts, galleries, strict=True)
    ]
    return firsts, found


def _read(stmt: Select, params: dict) -> dict[int, ProductRecord]:
    """Products by id, each with its photos (a product's rows come together)."""
    _, found = records(read_connection().execute(stmt, params))
    return {record.id: record for record in found}


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
