"""Whole products (every field and the gallery) for programs: by id, by slug, a page of ids."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Integer, Select, bindparam, select, true
from sqlalchemy.orm import Session, joinedload

from ..database.connections import read_connection
from .models import Product

_WHOLE = select(Product).options(joinedload(Product.images))
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


def _read(stmt: Select, params: dict) -> list[Product]:
    # A short-lived session on the request's read connection: the products come back
    # detached with every column and the gallery loaded, so nothing loads lazily later.
    with Session(bind=read_connection()) as session:
        return list(session.scalars(stmt, params).unique())


def products_in_order(ids: Sequence[int]) -> list[Product]:
    """The products of a listing page, in the page's order, in one statement."""
    if not ids:
        return []
    by_id = {product.id: product for product in _read(_BY_IDS, {"ids": list(ids)})}
    return [by_id[i] for i in ids if i in by_id]


def product(
    *, product_id: int | None = None, slug: str | None = None, include_unpublished: bool = False
) -> Product | None:
    """One product by id or slug; a draft only with `include_unpublished`. Whether its
    category is visible is the caller's question (it has the category tree)."""
    stmt = _ONE[slug is not None, include_unpublished]
    found = _read(stmt, {"key": product_id if slug is None else slug})
    return found[0] if found else None


def product_id_by_sku(sku: str) -> tuple[int, int] | None:
    """(id, version) of the product with this SKU, drafts included (PUT by SKU)."""
    stmt = select(Product.id, Product.version).where(Product.sku == sku)
    row = read_connection().execute(stmt).first()
    return (row.id, row.version) if row else None
