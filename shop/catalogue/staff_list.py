"""The staff product list at any size: filters, sorts and keyset pages, in two or three statements.

Pages are found by keyset (the sort value and id of the row a page starts after), never by
OFFSET, so the millionth row costs what the first does; every sort has an index that starts
with its key. The list shows how many products match up to COUNT_CAP and "more than" beyond,
since an exact count of a big match would read all of it on every page; bulk actions count
exactly, once, on their confirmation page.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, func, literal, select, tuple_
from sqlalchemy.orm import InstrumentedAttribute, joinedload
from sqlalchemy.sql.elements import ColumnElement

from ..audit.models import AuditEntry
from ..extensions import db
from .models import Product
from .rules import LOW_STOCK

COUNT_CAP = 500
PAGE_SIZES = (25, 50, 100, 200)
DEFAULT_PAGE_SIZE = 50


@dataclass(frozen=True)
class Sort:
    label: str
    column: InstrumentedAttribute
    descending: bool
    kind: type  # of the column's values, checked in page links


SORTS = {
    "updated": Sort("Recently changed", Product.updated_at, True, datetime),
    "newest": Sort("Newest first", Product.created_at, True, datetime),
    "name": Sort("Name: A to Z", Product.name, False, str),
    "sku": Sort("SKU", Product.sku, False, str),
    "price_asc": Sort("Price: low to high", Product.price_cents, False, int),
    "price_desc": Sort("Price: high to low", Product.price_cents, True, int),
    "stock": Sort("Stock: lowest first", Product.stock, False, int),
}
DEFAULT_SORT = "updated"

STATUSES = {"published": "Published", "draft": "Draft", "scheduled": "Scheduled"}
STOCK_LEVELS = {"in": "In stock", "out": "Out of stock", "low": "Low stock"}


@dataclass(frozen=True)
class StaffProductFilter:
    """Which products a staff list (and a bulk action over "all matching") covers."""

    search: str = ""
    category_ids: tuple[int, ...] | None = None  # a category and everything under it
    status: str = ""  # "" or a STATUSES key
    stock: str = ""  # "" or a STOCK_LEVELS key
    no_photo: bool = False
    changed_by: int | None = None  # a user id: products with an audit entry of theirs

    def conditions(self) -> list[ColumnElement[bool]]:
        where: list[ColumnElement[bool]] = []
        if self.search:
            # lower() LIKE on both databases. On PostgreSQL trigram indexes on lower(name) and
            # lower(sku) find a rare term (migration 0019); a common one is checked on each
            # entry of a sort index, where lower() LIKE costs a third of ILIKE.
            pattern = func.lower(literal("%" + _escape_like(self.search) + "%"))
            where.append(
                func.lower(Product.name).like(pattern, escape="\\")
                | func.lower(Product.sku).like(pattern, escape="\\")
            )
        if self.category_ids is not None:
            where.append(Product.category_id.in_(self.category_ids))
        if self.status == "scheduled":
            # Drafts waiting for their moment (the partial index ix_products_publish_at).
            where.append(Product.publish_at.is_not(None))
        elif self.status:
            where.append(Product.is_published.is_(self.status == "published"))
        if self.stock == "in":
            where.append(Product.stock > 0)
        elif self.stock == "out":
            where.append(Product.stock <= 0)
        elif self.stock == "low":
            where.append(Product.stock.between(1, LOW_STOCK))
        if self.no_photo:
            where.append(Product.image_count == 0)
        if self.changed_by is not None:
            where.append(
                Product.id.in_(
                    select(AuditEntry.entity_id).where(
                        AuditEntry.user_id == self.changed_by,
                        AuditEntry.entity_type == "product",
                    )
                )
            )
        return where

    def statement(self) -> Select:
        """The matching product ids (for counts and bulk actions)."""
        return select(Product.id).where(*self.conditions())


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class BadCursor(ValueError):
    """A page link that does not belong to this list (edited by hand, or another sort)."""


@dataclass(frozen=True)
class Cursor:
    """Where a page starts: after (or, going back, before) the row with this sort value."""

    sort: str
    value: object
    id: int
    backwards: bool = False

    def encode(self) -> str:
        value = self.value.isoformat() if isinstance(self.value, datetime) else self.value
        raw = json.dumps([self.sort, value, self.id], separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @classmethod
    def decode(cls, token: str, sort: str, backwards: bool = False) -> Cursor:
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
            sort_name, value, row_id = json.loads(raw)
        except (ValueError, TypeError, binascii.Error) as error:
            raise BadCursor("not a page link of this list") from error
        if sort_name != sort or not isinstance(row_id, int) or isinstance(row_id, bool):
            raise BadCursor("a page link of another sort")
        column_type = SORTS[sort].kind
        try:
            if column_type is datetime:
                value = datetime.fromisoformat(value)
                if value.tzinfo is None:
                    raise ValueError("naive")
            elif not isinstance(value, column_type) or isinstance(value, bool):
                raise ValueError(type(value).__name__)
        except (TypeError, ValueError) as error:
            raise BadCursor("a page link with a value of the wrong kind") from error
        return cls(sort, value, row_id, backwards)


@dataclass
class StaffProductPage:
    items: list[Product]
    matching: int  # up to COUNT_CAP + 1, which means more than COUNT_CAP
    next_cursor: Cursor | None
    prev_cursor: Cursor | None

    @property
    def matching_more(self) -> bool:
        return self.matching > COUNT_CAP


def staff_product_page(
    flt: StaffProductFilter, sort: str, per_page: int, cursor: Cursor | None = None
) -> StaffProductPage:
    """One page of the list and the (capped) number matching: two statements for the first
    page, three for a later one.

    Each id statement asks for up to COUNT_CAP + 1 matching ids in the page's order, not
    just a page of them. Asked for a page, PostgreSQL walks the sort's index hoping to meet
    matches soon, which for a rare filter ("changed by me", drafts without a photo) means
    probing most of the table; asked for a thousand, it collects the rare matches first and
    sorts them, and still walks the index for common ones, meeting a thousand soon. The
    first statement is the count as well, and the first page is its head.
    """
    conditions = flt.conditions()
    spec = SORTS[sort]
    # Going back reads the rows before the cursor in reverse order, then turns them round.
    descending = spec.descending != bool(cursor and cursor.backwards)
    key = tuple_(spec.column, Product.id)
    order = (spec.column.desc(), Product.id.desc()) if descending else (spec.column, Product.id)
    first = select(Product.id).where(*conditions).order_by(*order).limit(COUNT_CAP + 1)
    hits = db.session.scalars(first).all()
    if cursor is None:
        page_ids = hits[: per_page + 1]  # one more: is there a next page?
    elif hits:
        start = tuple_(_bind(spec.column, cursor.value), _bind(Product.id, cursor.id))
        after = first.where(key < start if descending else key > start)
        page_ids = db.session.scalars(after).all()[: per_page + 1]
    else:
        page_ids = []
    if not page_ids:
        return StaffProductPage([], len(hits), None, None)
    stmt = (
        select(Product)
        .where(Product.id.in_(page_ids))
        .options(joinedload(Product.category), joinedload(Product.primary_image))
        .order_by(*order)
    )
    rows = db.session.scalars(stmt).all()
    if not rows:
        return StaffProductPage([], len(hits), None, None)
    items = list(rows[:per_page])
    more = len(rows) > per_page
    if cursor is not None and cursor.backwards:
        items.reverse()
        has_next, has_prev = True, more
    else:
        has_next, has_prev = more, cursor is not None

    def at(product: Product, backwards: bool) -> Cursor:
        return Cursor(sort, getattr(product, spec.column.key), product.id, backwards)

    return StaffProductPage(
        items=items,
        matching=len(hits),
        next_cursor=at(items[-1], False) if has_next else None,
        prev_cursor=at(items[0], True) if has_prev else None,
    )


def _bind(column: InstrumentedAttribute, value: object) -> ColumnElement:
    """A literal typed as its column, so UTCDateTime stores it the way the column holds it."""
    return literal(value, type_=column.type)
