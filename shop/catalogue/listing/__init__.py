"""The storefront's listing read model: filters, sorts, one page of cards, totals, anchors.

Views build a `ProductFilter` and make one call, `listing_page()`; everything else (which
statement, how the total is known, where a deep page starts) happens in here.
"""

from .filters import DEFAULT_SORT, MAX_PRICE, MAX_SEARCH_LENGTH, SORTS, ProductFilter
from .page import ProductPage
from .read import listing_page

__all__ = [
    "DEFAULT_SORT",
    "MAX_PRICE",
    "MAX_SEARCH_LENGTH",
    "SORTS",
    "ProductFilter",
    "ProductPage",
    "listing_page",
]
