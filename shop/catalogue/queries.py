"""Read side of the catalogue: one named query per storefront need, eager-loading what it shows."""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from sqlalchemy import (
    Integer,
    Row,
    Select,
    and_,
    bindparam,
    case,
    func,
    select,
    true,
    tuple_,
)
from sqlalchemy.orm import Session, joinedload
from sqlalchemy.sql.elements import BindParameter

from ..database.connections import read_connection
from ..extensions import db
from .models import (
    CatalogueState,
    Category,
    CategoryCount,
    Product,
    ProductImage,
    ProductSlugHistory,
)
from .search import FtsPlan, fts_plan, search_terms
from .tree import CategoryTree

SORTS = {
    "newest": (Product.created_at.desc(), Product.id.desc()),
    "price_asc": (Product.price_cents.asc(), Product.id.asc()),
    "price_desc": (Product.price_cents.desc(), Product.id.desc()),
    "name": (Product.name.asc(), Product.id.asc()),
}
DEFAULT_SORT = "newest"
RANK_AT_MOST = 5_000
# The column that orders each sort besides the id, and whether the order is ascending: a
# page can then start "after (value, id)" of an earlier row instead of skipping rows.
SORT_KEYS = {
    "newest": (Product.created_at, False),
    "price_asc": (Product.price_cents, True),
    "price_desc": (Product.price_cents, False),
    "name": (Product.name, True),
}


def _sort_key(sort: str | None) -> tuple:
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
        )
    )
    return hashlib.sha256(text.encode()).hexdigest()[:24]


@dataclass
class ProductPage:
    items: list[Row]  # CARD_COLUMNS
    total: int
    page: int
    per_page: int
    ranked: bool = False  # found by the full-text index (else by substring, or no search)
    # (sort value, id) of the row just before this page and of its last row: where this
    # page and the next one start, for listings without a search (see storefront views).
    before: tuple | None = None
    last: tuple | None = None
    pages: int = field(init=False)

    def __post_init__(self) -> None:
        self.pages = max(1, math.ceil(self.total / self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def first_index(self) -> int:
        return (self.page - 1) * self.per_page + 1 if self.items else 0

    @property
    def last_index(self) -> int:
        return (self.page - 1) * self.per_page + len(self.items)


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


# What a product card shows, and nothing else: listings read these plain columns (no ORM
# objects, no description), with the primary image joined in the same statement.
CARD_COLUMNS = (
    Product.id,
    Product.name,
    Product.slug,
    Product.price_cents,
    Product.stock,
    ProductImage.renditions.label("image_renditions"),
    ProductImage.alt_text.label("image_alt"),
)
PRIMARY_IMAGE = and_(ProductImage.product_id == Product.id, ProductImage.position == 0)


def _cards(stmt: Select, params: dict | None = None) -> list[Row]:
    """Run a statement of CARD_COLUMNS (plus extras) on the session's connection."""
    return list(read_connection().execute(stmt, params or {}).all())


def category_tree() -> CategoryTree:
    """Every category in one query; the tree object works out what shoppers may see."""
    return CategoryTree(db.session.execute(_TREE).all())


# Built once: a request that finds the version unchanged should cost one small read, not
# the construction of a statement as well.
_VERSION_AND_CATEGORIES = (
    select(CatalogueState.version, *TREE_COLUMNS)
    .select_from(CatalogueState)
    .outerjoin(Category, CatalogueState.version != bindparam("known_version"))
    .outerjoin(CategoryCount, CategoryCount.category_id == Category.id)
    .where(CatalogueState.id == 1)
)


def version_and_categories(known_version: int | None) -> tuple[int, list[tuple] | None]:
    """The catalogue version, with every category only if it differs from `known_version`.

    One statement: the categories are joined on "version changed", so an unchanged catalogue
    costs a one-row primary-key read. It runs on the session's connection without the ORM
    layer, which would only add work to a read of plain columns.
    """
    known = -1 if known_version is None else known_version
    connection = read_connection()
    rows = connection.execute(_VERSION_AND_CATEGORIES, {"known_version": known}).all()
    if not rows:  # no version row (a bare create_all): version 0, categories read directly
        return 0, [tuple(row) for row in connection.execute(_TREE)]
    version = rows[0][0]
    if version == known_version:
        return version, None
    return version, [tuple(row[1:]) for row in rows if row[1] is not None]


def _apply_filter(stmt: Select, flt: ProductFilter) -> Select:
    """Narrow `stmt` by the filter. Values are bind parameters (see `filter_params`), so a
    statement built once serves every filter of the same shape; only a substring search
    puts its term into the statement."""
    # Categories and prices go into the SQL text (literal_execute, quoted by SQLAlchemy at
    # execution): PostgreSQL runs generic plans here (config.py), and only the actual values
    # tell it whether a category is small, or a price range rare, enough for its own index
    # (3 ms instead of 70 ms for "over €1,000" among a million products).
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
        )
    return stmt


def filter_params(flt: ProductFilter) -> dict:
    """The bind parameter values `_apply_filter` expects."""
    params: dict = {}
    if flt.category_ids is not None:
        params["category_ids"] = list(flt.category_ids)
    if flt.hidden_category_ids:
        params["hidden_ids"] = sorted(flt.hidden_category_ids)
    if flt.min_cents is not None:
        params["min_cents"] = flt.min_cents
    if flt.max_cents is not None:
        params["max_cents"] = flt.max_cents
    return params


def _filter_shape(flt: ProductFilter) -> tuple:
    return (
        flt.category_ids is not None,
        bool(flt.hidden_category_ids),
        flt.min_cents is not None,
        flt.max_cents is not None,
        flt.in_stock,
    )


def _order(flt: ProductFilter, sort: str | None):
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


def product_page(
    flt: ProductFilter,
    sort: str | None,
    page: int,
    per_page: int,
    known: tuple[int, bool] | None = None,
    after: tuple | None = None,
    skip: int | None = None,
) -> ProductPage:
    """One page of a listing and its total.

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
            ranked = _page(unsearched, sort, page, per_page, known_total, plan, terms)
            if known is not None or ranked.total:
                ranked.ranked = True
                return ranked
    if after is not None and not flt.search:
        return _page(flt, sort, page, per_page, known_total, None, [], after, skip or 0)
    return _page(flt, sort, page, per_page, known_total, None, [])


# Listing statements by shape (which filters, sort, search plan, counted or not): building
# and cache-keying a statement of this size cost more than running it (about 1 ms a page).
_PAGE_STATEMENTS: dict[tuple, Select] = {}


def _page(
    flt: ProductFilter,
    sort: str | None,
    page: int,
    per_page: int,
    known_total: int | None,
    plan: FtsPlan | None,
    terms: list[str],
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
        _filter_shape(flt), sort_key, known_total is None, plan and plan.dialect, by_rank, keyset
    )  # fmt: skip
    stmt = None if flt.search else _PAGE_STATEMENTS.get(shape)
    if stmt is None:
        stmt = _page_statement(flt, sort, known_total is None, plan, by_rank, keyset, anchored)
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
    rows = _cards(stmt, params)
    total = known_total if known_total is not None else (rows[0].total if rows else 0)
    items = rows[lead:]
    result = ProductPage(items=items, total=total, page=page, per_page=per_page)
    if anchored:
        if lead and rows:
            result.before = (rows[0].sort_value, rows[0].id)
        elif keyset and skip == 0:
            result.before = after
        if items:
            result.last = (items[-1].sort_value, items[-1].id)
    return result


def _after(sort: str | None):
    """WHERE (sort value, id) comes after the bound row, in this sort's order."""
    column, ascending = _sort_key(sort)
    row = tuple_(column, Product.id)
    bound = tuple_(
        bindparam("after_value", type_=column.type), bindparam("after_id", type_=Integer)
    )
    return row > bound if ascending else row < bound


def _limit() -> BindParameter:
    """LIMIT as a literal in the SQL text (a handful of values: 4, 8, 24, 48, 96 and one more).
    A generic plan assumes a LIMIT parameter keeps a tenth of the rows: at a million products
    it joined "All products" to its images by hashing the whole table (400 ms, not 1 ms)."""
    return bindparam("limit", type_=Integer, literal_execute=True)


def _page_statement(
    flt: ProductFilter,
    sort: str | None,
    count: bool,
    plan: FtsPlan | None,
    by_rank: bool,
    keyset: bool = False,
    anchored: bool = False,
) -> Select:
    order = (plan.rank, *SORTS[DEFAULT_SORT]) if by_rank else _order(flt, sort)
    ids = _apply_filter(select(Product.id).where(Product.is_published == true()), flt)
    if keyset:
        ids = ids.where(_after(sort))
    if plan is not None:
        ids = plan.apply(ids)
    if count:
        ids = ids.add_columns(func.count().over().label("total"))
    if by_rank:
        ids = ids.add_columns(plan.rank_value.label("rank"))
    ids = (
        ids.order_by(*order)
        .limit(_limit())
        .offset(bindparam("offset", type_=Integer))
        .subquery("page")
    )
    # The outer query sorts the page's few rows again; a rank travels out as a column.
    outer_order = (plan.outer_rank(ids.c.rank), *SORTS[DEFAULT_SORT]) if by_rank else order
    columns = [*CARD_COLUMNS, ids.c.total] if count else [*CARD_COLUMNS]
    if anchored:  # where this and the next page start (ProductPage.before and .last)
        columns.append(_sort_key(sort)[0].label("sort_value"))
    return (
        select(*columns)
        .join(ids, Product.id == ids.c.id)
        .outerjoin(ProductImage, PRIMARY_IMAGE)
        .order_by(*outer_order)
    )


_ANCHOR_STATEMENTS: dict[tuple, Select] = {}


def listing_anchor(
    flt: ProductFilter, sort: str | None, skip: int, after: tuple | None = None
) -> tuple | None:
    """(sort value, id) of the row `skip` rows into a listing (after `after`, if given).

    Deep pages start from such an anchor instead of skipping every row before them; only
    index columns are read. None past the end. Listings without a search only.
    """
    column, _ = _sort_key(sort)
    shape = (_filter_shape(flt), sort if sort in SORTS else None, after is not None)
    stmt = _ANCHOR_STATEMENTS.get(shape)
    if stmt is None:
        stmt = _apply_filter(select(column, Product.id).where(Product.is_published == true()), flt)
        if after is not None:
            stmt = stmt.where(_after(sort))
        stmt = stmt.order_by(*_order(flt, sort)).limit(1).offset(bindparam("offset", type_=Integer))
        _ANCHOR_STATEMENTS[shape] = stmt
    params = filter_params(flt)
    params["offset"] = skip
    if after is not None:
        params.update(after_value=after[0], after_id=after[1])
    row = read_connection().execute(stmt, params).first()
    return tuple(row) if row is not None else None


# Built once, with bind parameters: these run on most pages.
_HIDDEN = Product.category_id.not_in(bindparam("hidden_ids", expanding=True))
_NEWEST = (
    select(*CARD_COLUMNS)
    .outerjoin(ProductImage, PRIMARY_IMAGE)
    .where(Product.is_published == true(), _HIDDEN)
    .order_by(*SORTS["newest"])
    .limit(_limit())
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
    .order_by(*SORTS["newest"])
    .limit(_limit())
)


def newest_products(hidden_category_ids: frozenset[int], limit: int) -> list[Row]:
    """Cards of the newest visible products."""
    return _cards(_NEWEST, {"hidden_ids": sorted(hidden_category_ids), "limit": limit})


def featured_products(hidden_category_ids: frozenset[int], limit: int) -> list[Row]:
    """Cards of the newest featured visible products."""
    return _cards(_FEATURED, {"hidden_ids": sorted(hidden_category_ids), "limit": limit})


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


def current_slug_for(old_slug: str) -> str | None:
    """The current slug of a product that used to be at `old_slug`."""
    stmt = (
        select(Product.slug)
        .join(ProductSlugHistory, ProductSlugHistory.product_id == Product.id)
        .where(ProductSlugHistory.slug == old_slug)
    )
    return read_connection().execute(stmt).scalar()


def related_products(product: Product, limit: int) -> list[Row]:
    """Cards of other published products of the same category, newest first."""
    params = {"category_id": product.category_id, "product_id": product.id, "limit": limit}
    return _cards(_RELATED, params)
