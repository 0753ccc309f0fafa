"""What a shopper narrowed a listing to, and how each filter and sort becomes SQL."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import Integer, Select, bindparam, case, false, true

from ..attribute_filters import AttributeCondition, has_value, value_params
from ..cards import NEWEST_FIRST
from ..models import Product

SORTS = {
    "newest": NEWEST_FIRST,
    "price_asc": (Product.price_cents.asc(), Product.id.asc()),
    "price_desc": (Product.price_cents.desc(), Product.id.desc()),
    "name": (Product.name.asc(), Product.id.asc()),
}
DEFAULT_SORT = "newest"
MAX_SEARCH_LENGTH = 200
# Prices above this are not a filter anyone means; keeps integer cents in range.
MAX_PRICE = Decimal("1000000")
# The column that orders each sort besides the id, and whether the order is ascending: a
# page can then start "after (value, id)" of an earlier row instead of skipping rows.
SORT_KEYS = {
    "newest": (Product.created_at, False),
    "price_asc": (Product.price_cents, True),
    "price_desc": (Product.price_cents, False),
    "name": (Product.name, True),
}


def sort_key(sort: str | None) -> tuple:
    """(column, ascending) that orders `sort` besides the id (the default sort if unknown)."""
    return SORT_KEYS[sort if sort in SORT_KEYS else DEFAULT_SORT]


@dataclass(frozen=True)
class ProductFilter:
    """What a shopper narrowed a listing to; None means no restriction."""

    category_ids: Sequence[int] | None = None
    hidden_category_ids: frozenset[int] = frozenset()
    min_cents: int | None = None
    max_cents: int | None = None
    in_stock: bool = False
    search: str | None = None
    # True: published products only (whatever shoppers see); False: drafts only; None: both
    # (staff API tokens).
    published: bool | None = True
    # Attribute values (attribute_filters.conditions_from_args), all required.
    attributes: tuple[AttributeCondition, ...] = ()


def hash_filter(flt: ProductFilter) -> str:
    """A short stable key for a filter (for caching its total)."""
    text = repr(
        (
            sorted(flt.category_ids) if flt.category_ids is not None else None,
            sorted(flt.hidden_category_ids),
            flt.min_cents,
            flt.max_cents,
            flt.in_stock,
            flt.search,
            flt.published,
            flt.attributes,
        )
    )
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def apply_filter(stmt: Select, flt: ProductFilter) -> Select:
    """Narrow `stmt` by the filter. Values are bind parameters (see `filter_params`), so a
    statement built once serves every filter of the same shape; only a substring search
    puts its term into the statement."""
    # Categories and prices go into the SQL text (literal_execute): the storefront's reads
    # run generic plans (database/connections.py), and only the actual values tell it
    # whether a category is small, or a price range rare, enough for its own index (3 ms
    # instead of 70 ms for "over €1,000" among a million products).
    if flt.published is not None:  # a constant of the statement's shape, not a parameter
        stmt = stmt.where(Product.is_published == (true() if flt.published else false()))
    if flt.category_ids is not None:
        ids = bindparam("category_ids", expanding=True, literal_execute=True)
        stmt = stmt.where(Product.category_id.in_(ids))
    if flt.hidden_category_ids:
        hidden = bindparam("hidden_ids", expanding=True, literal_execute=True)
        stmt = stmt.where(Product.category_id.not_in(hidden))
    if flt.min_cents is not None:
        low = bindparam("min_cents", type_=Integer, literal_execute=True)
        stmt = stmt.where(Product.price_cents >= low)
    if flt.max_cents is not None:
        high = bindparam("max_cents", type_=Integer, literal_execute=True)
        stmt = stmt.where(Product.price_cents <= high)
    if flt.in_stock:
        stmt = stmt.where(Product.stock > 0)
    if flt.search:
        term = flt.search
        stmt = stmt.where(
            Product.name.icontains(term, autoescape=True)
            | Product.sku.icontains(term, autoescape=True)
            | Product.description.icontains(term, autoescape=True)
            | Product.variant_skus.icontains(term, autoescape=True)
        )
    for index, condition in enumerate(flt.attributes):
        stmt = stmt.where(has_value(condition, index))
    return stmt


def filter_params(flt: ProductFilter) -> dict:
    """The bind parameter values `apply_filter` expects."""
    params: dict = {}
    if flt.category_ids is not None:
        params["category_ids"] = list(flt.category_ids)
    if flt.hidden_category_ids:
        params["hidden_ids"] = sorted(flt.hidden_category_ids)
    if flt.min_cents is not None:
        params["min_cents"] = flt.min_cents
    if flt.max_cents is not None:
        params["max_cents"] = flt.max_cents
    for index, condition in enumerate(flt.attributes):
        params.update(value_params(condition, index))
    return params


def filter_shape(flt: ProductFilter) -> tuple:
    return (
        flt.category_ids is not None,
        bool(flt.hidden_category_ids),
        flt.min_cents is not None,
        flt.max_cents is not None,
        flt.in_stock,
        flt.published,
        tuple(condition.shape for condition in flt.attributes),
    )


def order(flt: ProductFilter, sort: str | None):
    if sort in SORTS:
        return SORTS[sort]
    if flt.search:
        # Relevance before ranked full-text search exists: name or SKU hits first.
        term = flt.search
        hit = case(
            (Product.sku.icontains(term, autoescape=True), 0),
            (Product.name.icontains(term, autoescape=True), 1),
            else_=2,
        )
        return (hit, *SORTS[DEFAULT_SORT])
    return SORTS[DEFAULT_SORT]
