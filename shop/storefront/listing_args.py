"""Parses and validates the query arguments of storefront listings (page, sort, filters, search)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from werkzeug.datastructures import MultiDict

from ..catalogue.listing import MAX_PRICE, MAX_SEARCH_LENGTH, SORTS
from ..dbtypes import parse_money
from ..web.args import parse_page

PER_PAGE_CHOICES = (24, 48, 96)

SORT_LABELS = {
    "newest": "Newest first",
    "price_asc": "Price: low to high",
    "price_desc": "Price: high to low",
    "name": "Name: A to Z",
}
assert set(SORT_LABELS) == set(SORTS)


@dataclass(frozen=True)
class ListingArgs:
    page: int = 1
    per_page: int = PER_PAGE_CHOICES[0]
    sort: str | None = None
    min_price: Decimal | None = None
    max_price: Decimal | None = None
    in_stock: bool = False
    q: str = ""

    @property
    def min_cents(self) -> int | None:
        return None if self.min_price is None else int(self.min_price * 100)

    @property
    def max_cents(self) -> int | None:
        return None if self.max_price is None else int(self.max_price * 100)

    @property
    def is_filtered(self) -> bool:
        return self.min_price is not None or self.max_price is not None or self.in_stock


def _price(raw: str | None) -> Decimal | None:
    """A price bound, or None when absent or not a sensible amount (ignored, not an error)."""
    value = parse_money(raw)
    if value is None or value < 0 or value > MAX_PRICE:
        return None
    return value.quantize(Decimal("0.01"))


def parse_listing_args(args: MultiDict) -> ListingArgs:
    per_page_raw = args.get("per_page", "")
    per_page = int(per_page_raw) if per_page_raw in {str(n) for n in PER_PAGE_CHOICES} else 24
    sort = args.get("sort")
    return ListingArgs(
        page=parse_page(args.get("page")),
        per_page=per_page,
        sort=sort if sort in SORTS else None,
        min_price=_price(args.get("min_price")),
        max_price=_price(args.get("max_price")),
        in_stock=args.get("in_stock") in {"1", "on", "true"},
        q=" ".join(args.get("q", "").split())[:MAX_SEARCH_LENGTH],
    )
