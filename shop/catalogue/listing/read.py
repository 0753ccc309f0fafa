"""`listing_page()`: the one call a listing view makes, with its total and deep-page anchors.

The total comes from the per-category counts kept by triggers (counts.py) when a listing
filters by category and stock only; otherwise (price bounds, attributes, a search) it is
counted once per catalogue version and cached. Where listing pages start is remembered per
catalogue version as "the row before page N" (sort value, id), learnt from every page served
and, for every tenth page, found with one index-only query; a page then reads "the rows
after its anchor" and skips nothing, or at most nine pages, however deep it is.
"""

from __future__ import annotations

from ...caching import cache_get, cache_set
from ..version import category_tree, current_version
from .filters import ProductFilter, hash_filter
from .page import ProductPage
from .statements import listing_anchor, product_page

ANCHOR_EVERY = 10


def listing_page(
    flt: ProductFilter, sort: str | None, page: int, per_page: int, *, whole: bool = False
) -> ProductPage:
    """One page of the listing `flt` describes, in `sort` order, with its total: card rows,
    or with `whole` whole products with every photo (the API), in the same one statement."""
    listing = f"{current_version()}:{hash_filter(flt)}"
    key = f"total:{listing}"
    counted = _counted_total(flt)
    known = counted if counted is not None else cache_get(key)
    anchors = f"anchor:{listing}:{sort}:{per_page}"
    after = skip = None
    if page > 1 and known is not None and not flt.search and page <= _pages(known, per_page):
        after, skip = cache_get(f"{anchors}:{page}"), 0
        decade = (page - 1) // ANCHOR_EVERY
        if after is None and decade:
            after = _decade_anchor(anchors, flt, sort, per_page, decade)
            skip = (page - 1 - decade * ANCHOR_EVERY) * per_page
    result = product_page(flt, sort, page, per_page, known, after=after, skip=skip, whole=whole)
    if known is None and result.items:
        cache_set(key, (result.total, result.ranked))
    if result.before is not None and not (after is not None and skip == 0):
        cache_set(f"{anchors}:{page}", result.before)
    if result.last is not None and result.page < result.pages:
        cache_set(f"{anchors}:{page + 1}", result.last)
    return result


def _counted_total(flt: ProductFilter) -> tuple[int, bool] | None:
    """(total, ranked) from the category tree's product counts, for listings that filter by
    category and stock only; None when the rows must be counted."""
    if flt.search or flt.min_cents is not None or flt.max_cents is not None or flt.attributes:
        return None
    if flt.published is not True:  # the counts are of published products
        return None
    return category_tree().product_count(flt.category_ids, in_stock=flt.in_stock), False


def _pages(known: tuple[int, bool], per_page: int) -> int:
    return -(-known[0] // per_page)


def _decade_anchor(
    anchors: str, flt: ProductFilter, sort: str | None, per_page: int, decade: int
) -> tuple | None:
    """The row before page `decade * 10 + 1`: remembered, or found from the previous one (or
    from the start) with one index-only query."""
    first_page = decade * ANCHOR_EVERY + 1
    anchor = cache_get(f"{anchors}:{first_page}")
    if anchor is None:
        rows = ANCHOR_EVERY * per_page
        previous = cache_get(f"{anchors}:{first_page - ANCHOR_EVERY}") if decade > 1 else None
        if previous is not None:
            anchor = listing_anchor(flt, sort, rows - 1, previous)
        else:
            anchor = listing_anchor(flt, sort, decade * rows - 1)
        if anchor is not None:
            cache_set(f"{anchors}:{first_page}", anchor)
    return anchor
