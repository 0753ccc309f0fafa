"""Read side of the catalogue for shoppers: the category tree with the version, home and
related cards, a product with its gallery. Listings have their own package (listing/)."""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from sqlalchemy import Connection, Integer, Row, bindparam, func, select, true
from sqlalchemy.orm import Session, joinedload

from ..database.connections import read_connection
from .cards import CARD_COLUMNS, NEWEST_FIRST, PRIMARY_IMAGE, literal_limit, read_cards
from .models import (
    CatalogueState,
    Category,
    CategoryCount,
    Product,
    ProductImage,
    ProductSlugHistory,
)

TREE_COLUMNS = (
    Category.id,
    Category.name,
    Category.slug,
    Category.parent_id,
    Category.description,
    Category.position,
    Category.is_published,
    CategoryCount.published,
    CategoryCount.published_in_stock,
)
# Every category with its product counts (kept by triggers, see counts.py).
_TREE = (
    select(*TREE_COLUMNS)
    .select_from(Category)
    .outerjoin(CategoryCount, CategoryCount.category_id == Category.id)
)


# The next scheduled moment (schedule.py): one probe of each partial index.
_NEXT_PUBLISH = select(func.min(Product.publish_at)).scalar_subquery()
_NEXT_UNPUBLISH = select(func.min(Product.unpublish_at)).scalar_subquery()
_NEXT_MOMENTS = select(_NEXT_PUBLISH, _NEXT_UNPUBLISH)

# Built once: a request that finds the version unchanged should cost one small read, not
# the construction of a statement as well.
_VERSION_AND_CATEGORIES = (
    select(CatalogueState.version, _NEXT_PUBLISH, _NEXT_UNPUBLISH, *TREE_COLUMNS)
    .select_from(CatalogueState)
    .outerjoin(Category, CatalogueState.version != bindparam("known_version"))
    .outerjoin(CategoryCount, CategoryCount.category_id == Category.id)
    .where(CatalogueState.id == 1)
)


class VersionRead(NamedTuple):
    """The catalogue version; the next moment a schedule is due (None: nothing scheduled);
    every category, or None when the version was the one already known."""

    version: int
    next_moment: datetime | None
    rows: list[tuple] | None


def _earliest(*moments: datetime | None) -> datetime | None:
    return min((m for m in moments if m is not None), default=None)


def next_moment(connection: Connection) -> datetime | None:
    """The next scheduled publish or unpublish moment, read alone (staff pages, a bare
    create_all without a version row)."""
    return _earliest(*connection.execute(_NEXT_MOMENTS).one())


def version_and_categories(known_version: int | None) -> VersionRead:
    """The catalogue version and the next scheduled moment, with every category only if the
    version differs from `known_version`.

    One statement: the categories are joined on "version changed", so an unchanged catalogue
    costs a one-row primary-key read and two index probes. It runs on the request's read
    connection without the ORM layer, which would only add work to a read of plain columns.
    """
    known = -1 if known_version is None else known_version
    connection = read_connection()
    rows = connection.execute(_VERSION_AND_CATEGORIES, {"known_version": known}).all()
    if not rows:  # no version row (a bare create_all): version 0, categories read directly
        tree = [tuple(row) for row in connection.execute(_TREE)]
        return VersionRead(0, next_moment(connection), tree)
    version, moment = rows[0][0], _earliest(rows[0][1], rows[0][2])
    if version == known_version:
        return VersionRead(version, moment, None)
    tree = [tuple(row[3:]) for row in rows if row[3] is not None]
    return VersionRead(version, moment, tree)


# Built once, with bind parameters: these run on most pages.
_HIDDEN = Product.category_id.not_in(bindparam("hidden_ids", expanding=True))
_NEWEST = (
    select(*CARD_COLUMNS)
    .outerjoin(ProductImage, PRIMARY_IMAGE)
    .where(Product.is_published == true(), _HIDDEN)
    .order_by(*NEWEST_FIRST)
    .limit(literal_limit())
)
_FEATURED = _NEWEST.where(Product.is_featured == true())
_RELATED = (
    select(*CARD_COLUMNS)
    .outerjoin(ProductImage, PRIMARY_IMAGE)
    .where(
        Product.is_published == true(),
        Product.category_id == bindparam("category_id", type_=Integer),
        Product.id != bindparam("product_id", type_=Integer),
    )
    .order_by(*NEWEST_FIRST)
    .limit(literal_limit())
)


def newest_products(hidden_category_ids: frozenset[int], limit: int) -> list[Row]:
    """Cards of the newest visible products."""
    return read_cards(_NEWEST, {"hidden_ids": sorted(hidden_category_ids), "limit": limit})


def featured_products(hidden_category_ids: frozenset[int], limit: int) -> list[Row]:
    """Cards of the newest featured visible products."""
    return read_cards(_FEATURED, {"hidden_ids": sorted(hidden_category_ids), "limit": limit})


_BY_SLUG = (
    select(Product).where(Product.slug == bindparam("slug")).options(joinedload(Product.images))
)
_PUBLISHED_BY_SLUG = _BY_SLUG.where(Product.is_published == true())


def product_by_slug(slug: str, *, include_unpublished: bool = False) -> Product | None:
    """The product with its whole gallery, in one query, for display: the object is detached
    (every column and the gallery loaded; no other relationship), so changes to it are not
    saved. Staff code loads products through `db.session`."""
    stmt = _BY_SLUG if include_unpublished else _PUBLISHED_BY_SLUG
    # A short-lived ORM session on the read connection; the objects it returns stay
    # readable after it closes (every column and the gallery are loaded).
    with Session(bind=read_connection()) as session:
        return session.scalars(stmt, {"slug": slug}).unique().one_or_none()


def current_slug_for(
    old_slug: str, hidden_category_ids: frozenset[int], *, include_unpublished: bool = False
) -> str | None:
    """The current slug of a product that used to be at `old_slug`, if the asker may see the
    product: a redirect must not disclose a draft, or a product in a hidden category."""
    stmt = (
        select(Product.slug)
        .join(ProductSlugHistory, ProductSlugHistory.product_id == Product.id)
        .where(ProductSlugHistory.slug == old_slug)
    )
    if not include_unpublished:
        stmt = stmt.where(Product.is_published == true())
    if hidden_category_ids:
        stmt = stmt.where(Product.category_id.not_in(sorted(hidden_category_ids)))
    return read_connection().execute(stmt).scalar()


def related_products(product: Product, limit: int) -> list[Row]:
    """Cards of other published products of the same category, newest first."""
    params = {"category_id": product.category_id, "product_id": product.id, "limit": limit}
    return read_cards(_RELATED, params)
