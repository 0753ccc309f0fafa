"""One page of a listing and where it sits in the whole (staff lists use it too)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any


@dataclass
class ProductPage:
    items: list[Any]  # card rows (CARD_COLUMNS) on the storefront, products in the staff list
    total: int
    page: int
    per_page: int
    ranked: bool = False  # found by the full-text index (else by substring, or no search)
    # (sort value, id) of the row just before this page and of its last row: where this
    # page and the next one start, for listings without a search (see read.py).
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
