"""Storefront pages: thin views that parse arguments, call one query each and render."""

from __future__ import annotations

from flask import Blueprint, abort, g, redirect, render_template, request, url_for
from flask_login import current_user

from ..caching import cache_get, cache_set
from ..catalogue import queries
from ..catalogue.queries import hash_filter
from ..catalogue.version import SNAPSHOT_ENVIRON, category_tree, current_version
from ..database.connections import begin_autocommit_reads, end_autocommit_reads
from .listing_args import PER_PAGE_CHOICES, SORT_LABELS, ListingArgs, parse_listing_args
from .page_cache import finish_page, mark_cacheable

bp = Blueprint("storefront", __name__)

HOME_PRODUCTS = 8
RELATED_PRODUCTS = 4


@bp.before_app_request
def forget_request_state() -> None:
    # `g` outlives a request when tests keep an app context open; the snapshot is per request
    # (the page cache may have read it already, just before Flask took the request).
    g.pop("catalogue_snapshot", None)
    if SNAPSHOT_ENVIRON in request.environ:
        g.catalogue_snapshot = request.environ[SNAPSHOT_ENVIRON]


bp.before_request(begin_autocommit_reads)  # first: the snapshot below may read already
bp.before_request(mark_cacheable)
bp.teardown_request(end_autocommit_reads)
bp.after_request(finish_page)


# Where listing pages start is remembered per catalogue version: as "the row before page N"
# (sort value, id), learnt from every page served and, for every tenth page, found with one
# index-only query. A page then reads "the rows after its anchor" and skips nothing, or at
# most nine pages when only the tenth-page anchor is known, however deep it is.
ANCHOR_EVERY = 10


def _listing_page(args: ListingArgs, flt: queries.ProductFilter) -> queries.ProductPage:
    """The page of products. The listing's total comes from the per-category counts, or,
    with price bounds or a search, is counted once per catalogue version."""
    listing = f"{current_version()}:{hash_filter(flt)}"
    key = f"total:{listing}"
    counted = _counted_total(flt)
    known = counted if counted is not None else cache_get(key)
    anchors = f"anchor:{listing}:{args.sort}:{args.per_page}"
    after = skip = None
    if args.page > 1 and known is not None and not flt.search and args.page <= _pages(known, args):
        after, skip = cache_get(f"{anchors}:{args.page}"), 0
        decade = (args.page - 1) // ANCHOR_EVERY
        if after is None and decade:
            after = _decade_anchor(anchors, args, flt, decade)
            skip = (args.page - 1 - decade * ANCHOR_EVERY) * args.per_page
    page = queries.product_page(
        flt, args.sort, args.page, args.per_page, known, after=after, skip=skip
    )
    if known is None and page.items:
        cache_set(key, (page.total, page.ranked))
    if page.before is not None and not (after is not None and skip == 0):
        cache_set(f"{anchors}:{args.page}", page.before)
    if page.last is not None and page.page < page.pages:
        cache_set(f"{anchors}:{args.page + 1}", page.last)
    return page


def _counted_total(flt: queries.ProductFilter) -> tuple[int, bool] | None:
    """(total, ranked) from the category tree's product counts, for listings that filter by
    category and stock only; None when the rows must be counted."""
    if flt.search or flt.min_cents is not None or flt.max_cents is not None:
        return None
    return category_tree().product_count(flt.category_ids, in_stock=flt.in_stock), False


def _pages(known: tuple[int, bool], args: ListingArgs) -> int:
    return -(-known[0] // args.per_page)


def _decade_anchor(anchors: str, args: ListingArgs, flt: queries.ProductFilter, decade: int):
    """The row before page `decade * 10 + 1`: remembered, or found from the previous one (or
    from the start) with one index-only query."""
    first_page = decade * ANCHOR_EVERY + 1
    anchor = cache_get(f"{anchors}:{first_page}")
    if anchor is None:
        rows = ANCHOR_EVERY * args.per_page
        previous = cache_get(f"{anchors}:{first_page - ANCHOR_EVERY}") if decade > 1 else None
        if previous is not None:
            anchor = queries.listing_anchor(flt, args.sort, rows - 1, previous)
        else:
            anchor = queries.listing_anchor(flt, args.sort, decade * rows - 1)
        if anchor is not None:
            cache_set(f"{anchors}:{first_page}", anchor)
    return anchor


def _render_listing(template: str, args: ListingArgs, flt: queries.ProductFilter, **context):
    page = _listing_page(args, flt)
    if args.page > 1 and not page.items:
        abort(404, description="There is no such page in this list.")
    return render_template(
        template,
        args=args,
        page=page,
        sort_labels=SORT_LABELS,
        per_page_choices=PER_PAGE_CHOICES,
        **context,
    )


@bp.get("/")
def home():
    tree = category_tree()
    return render_template(
        "storefront/home.html",
        tree=tree,
        featured=queries.featured_products(tree.hidden_ids, HOME_PRODUCTS),
        newest=queries.newest_products(tree.hidden_ids, HOME_PRODUCTS),
    )


@bp.get("/products/")
def product_list():
    args = parse_listing_args(request.args)
    tree = category_tree()
    flt = queries.ProductFilter(
        hidden_category_ids=tree.hidden_ids,
        min_cents=args.min_cents,
        max_cents=args.max_cents,
        in_stock=args.in_stock,
    )
    return _render_listing("storefront/product_list.html", args, flt)


@bp.get("/category/<slug>/")
def category_detail(slug: str):
    tree = category_tree()
    category = tree.by_slug(slug)
    if category is None:
        abort(404)
    args = parse_listing_args(request.args)
    flt = queries.ProductFilter(
        category_ids=tree.subtree_ids(category),
        min_cents=args.min_cents,
        max_cents=args.max_cents,
        in_stock=args.in_stock,
    )
    return _render_listing(
        "storefront/category.html",
        args,
        flt,
        category=category,
        ancestors=tree.ancestors(category),
    )


@bp.get("/product/<slug>")
def product_detail(slug: str):
    tree = category_tree()
    # Signed-in staff may preview a product before it is published.
    product = queries.product_by_slug(slug, include_unpublished=current_user.is_authenticated)
    if product is None:
        current = queries.current_slug_for(slug)
        if current is None:
            abort(404)
        return redirect(url_for(".product_detail", slug=current), code=301)
    category = tree.get(product.category_id)
    if category is None:  # its category is hidden, so the product is too
        abort(404)
    return render_template(
        "storefront/product.html",
        product=product,
        category=category,
        ancestors=[*tree.ancestors(category), category],
        related=queries.related_products(product, RELATED_PRODUCTS),
    )


@bp.get("/search")
def search():
    args = parse_listing_args(request.args)
    tree = category_tree()
    if not args.q:
        return render_template("storefront/search.html", args=args, page=None)
    flt = queries.ProductFilter(
        hidden_category_ids=tree.hidden_ids,
        min_cents=args.min_cents,
        max_cents=args.max_cents,
        in_stock=args.in_stock,
        search=args.q,
    )
    return _render_listing("storefront/search.html", args, flt)
