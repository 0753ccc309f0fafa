"""The statements behind a listing page: one page of cards with its total, and anchors.

Statements are built once per shape (which filters, sort, search plan, counted or not) with
bind parameters: building and cache-keying a statement of this size cost more than running
it (about 1 ms a page).
"""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import Integer, Select, bindparam, func, select, tuple_

from ...database.connections import read_connection
from ...extensions import db
from .. import product_reads
from ..cards import CARD_COLUMNS, PRIMARY_IMAGE, literal_limit, read_cards
from ..models import Product, ProductImage
from ..search import FtsPlan, fts_plan, search_terms
from .filters import (
    DEFAULT_SORT,
    SORTS,
    ProductFilter,
    apply_filter,
    filter_params,
    filter_shape,
    order,
    sort_key,
)
from .page import ProductPage

RANK_AT_MOST = 5_000


def product_page(
    flt: ProductFilter,
    sort: str | None,
    page: int,
    per_page: int,
    known: tuple[int, bool] | None = None,
    after: tuple | None = None,
    skip: int | None = None,
    whole: bool = False,
) -> ProductPage:
    """One page of a listing and its total: card rows, or with `whole` whole products
    (product_reads.ProductRecord, every photo included) read in the same statement.

    A search uses the ranked full-text index where the database has one; when that finds
    nothing (say, a fragment from the middle of a word), the case-insensitive substring match
    over name, SKU and description answers instead. `known` is (total, ranked) of an earlier
    call with the same filter: the count is skipped and the same way of searching is used.
    `after` is the (sort value, id) of a row before this page (see `listing_anchor`), and
    `skip` the rows between it and the page; listings without a search only.
    """
    known_total = known[0] if known else None
    if flt.search:
        dialect = db.engine.dialect.name
        plan = fts_plan(dialect)
        terms = search_terms(flt.search)
        use_index = plan is not None and terms and (known is None or known[1])
        if use_index:
            unsearched = replace(flt, search=None)
            ranked = _page(unsearched, sort, page, per_page, known_total, plan, terms, whole)
            if known is not None or ranked.total:
                ranked.ranked = True
                return ranked
    if after is not None and not flt.search:
        return _page(flt, sort, page, per_page, known_total, None, [], whole, after, skip or 0)
    return _page(flt, sort, page, per_page, known_total, None, [], whole)


_PAGE_STATEMENTS: dict[tuple, Select] = {}


def _page(
    flt: ProductFilter,
    sort: str | None,
    page: int,
    per_page: int,
    known_total: int | None,
    plan: FtsPlan | None,
    terms: list[str],
    whole: bool,
    after: tuple | None = None,
    skip: int = 0,
) -> ProductPage:
    """The page's ids are picked in a subquery that reads only the (indexed) filter and sort
    columns, then only those rows are loaded with their primary image; the total is a window
    count in the same statement unless the caller knows it (cached per catalogue version)."""
    # Ranking reads every match; past a few thousand (one common word in a big catalogue) the
    # ranks barely differ, so newest first answers in milliseconds instead of 300 ms.
    small_enough = known_total is None or known_total <= RANK_AT_MOST
    by_rank = plan is not None and sort not in SORTS and small_enough
    sort_key = sort if sort in SORTS else None
    keyset = after is not None
    anchored = not flt.search and plan is None  # rows carry their sort value
    shape = (
        filter_shape(flt), sort_key, known_total is None, plan and plan.dialect, by_rank, keyset,
        whole,
    )  # fmt: skip
    stmt = None if flt.search else _PAGE_STATEMENTS.get(shape)
    if stmt is None:
        stmt = _page_statement(
            flt, sort, known_total is None, plan, by_rank, keyset, anchored, whole
        )
        if not flt.search:  # a substring search's term is part of its statement
            _PAGE_STATEMENTS[shape] = stmt
    params = filter_params(flt)
    offset = skip if keyset else (page - 1) * per_page
    # One row more in front, when there is one to skip anyway: it tells where this page
    # starts, so the next visit can read it without skipping anything.
    lead = 1 if anchored and offset > 0 else 0
    params.update(limit=per_page + lead, offset=offset - lead)
    if keyset:
        params.update(after_value=after[0], after_id=after[1])
    if plan is not None:
        params.update(plan.params(terms))
    if whole:  # one row per photo: each product's first row carries the extra columns
        rows, found = product_reads.records(read_connection().execute(stmt, params))
    else:
        rows = found = read_cards(stmt, params)
    total = known_total if known_total is not None else (rows[0].total if rows else 0)
    result = ProductPage(items=found[lead:], total=total, page=page, per_page=per_page)
    if anchored:
        if lead and rows:
            result.before = (rows[0].sort_value, rows[0].id)
        elif keyset and skip == 0:
            result.before = after
        if len(rows) > lead:
            result.last = (rows[-1].sort_value, rows[-1].id)
    return result


def _after(sort: str | None):
    """WHERE (sort value, id) comes after the bound row, in this sort's order."""
    column, ascending = sort_key(sort)
    row = tuple_(column, Product.id)
    bound = tuple_(
        bindparam("after_value", type_=column.type), bindparam("after_id", type_=Integer)
    )
    return row > bound if ascending else row < bound


def _page_statement(
    flt: ProductFilter,
    sort: str | None,
    count: bool,
    plan: FtsPlan | None,
    by_rank: bool,
    keyset: bool = False,
    anchored: bool = False,
    whole: bool = False,
) -> Select:
    ordering = (plan.rank, *SORTS[DEFAULT_SORT]) if by_rank else order(flt, sort)
    ids = apply_filter(select(Product.id), flt)
    if keyset:
        ids = ids.where(_after(sort))
    if plan is not None:
        ids = plan.apply(ids)
    if count:
        ids = ids.add_columns(func.count().over().label("total"))
    if by_rank:
        ids = ids.add_columns(plan.rank_value.label("rank"))
    ids = (
        ids.order_by(*ordering)
        .limit(literal_limit())
        .offset(bindparam("offset", type_=Integer))
        .subquery("page")
    )
    # The outer query sorts the page's few rows again; a rank travels out as a column.
    outer_order = (plan.outer_rank(ids.c.rank), *SORTS[DEFAULT_SORT]) if by_rank else ordering
    columns = [*(product_reads.WHOLE_COLUMNS if whole else CARD_COLUMNS)]
    if count:
        columns.append(ids.c.total)
    if anchored:  # where this and the next page start (ProductPage.before and .last)
        columns.append(sort_key(sort)[0].label("sort_value"))
    stmt = select(*columns).join(ids, Product.id == ids.c.id)
    if whole:  # every photo, a product's rows together, in gallery order
        return stmt.outerjoin(ProductImage, product_reads.WHOLE_IMAGES).order_by(
            *outer_order, *product_reads.GALLERY_ORDER
        )
    return stmt.outerjoin(ProductImage, PRIMARY_IMAGE).order_by(*outer_order)


_ANCHOR_STATEMENTS: dict[tuple, Select] = {}


def listing_anchor(
    flt: ProductFilter, sort: str | None, skip: int, after: tuple | None = None
) -> tuple | None:
    """(sort value, id) of the row `skip` rows into a listing (after `after`, if given).

    Deep pages start from such an anchor instead of skipping every row before them; only
    index columns are read. None past the end. Listings without a search only.
    """
    column, _ = sort_key(sort)
    shape = (filter_shape(flt), sort if sort in SORTS else None, after is not None)
    stmt = _ANCHOR_STATEMENTS.get(shape)
    if stmt is None:
        stmt = apply_filter(select(column, Product.id), flt)
        if after is not None:
            stmt = stmt.where(_after(sort))
        stmt = stmt.order_by(*order(flt, sort)).limit(1).offset(bindparam("offset", type_=Integer))
        _ANCHOR_STATEMENTS[shape] = stmt
    params = filter_params(flt)
    params["offset"] = skip
    if after is not None:
        params.update(after_value=after[0], after_id=after[1])
    row = read_connection().execute(stmt, params).first()
    return tuple(row) if row is not None else None
