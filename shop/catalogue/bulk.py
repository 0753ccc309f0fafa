"""Bulk changes to many products: what a change will do, and doing it in chunks.

The staff list's bulk actions come here (a CSV import, one transaction for a whole file, has
its own fast path in csv_apply.py). The products are named with the version each had when the
person saw what would change (`snapshot`); one that someone saved since is reported, never
overwritten. Each chunk is one transaction: its products' rows, one audit entry per changed
product, and one move of the catalogue version (every cache), not one per product.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import TYPE_CHECKING

from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from ..audit import services as audit
from ..database.transaction import unit_of_work
from ..dbtypes import decimal_to_cents, utcnow
from ..extensions import db
from ..images import MediaStorage, StagedWrites
from . import schedule
from .errors import CatalogueError
from .models import Category, Product
from .photos import schedule_file_removal
from .rules import PRICE_MAX, STOCK_MAX
from .services import product_state
from .variant_summary import FROM_VARIANTS
from .version import bump_version, note_change

if TYPE_CHECKING:
    from ..accounts.models import User

CHUNK_SIZE = 500
MAX_PRODUCTS = 1_000_000
PERCENT_LIMITS = (Decimal("-99.99"), Decimal("1000"))
CENT = Decimal("0.01")
# The stated rounding rule, shown wherever a price change is described.
ROUNDING_RULE = "rounded half up to the cent, never below 0.01"

KINDS = {
    "publish": "Publish",
    "unpublish": "Unpublish",
    "move": "Move to a category",
    "stock": "Set stock",
    "price_amount": "Change price by an amount",
    "price_percent": "Change price by a percentage",
    "delete": "Delete",
}


@dataclass(frozen=True)
class BulkChange:
    """One change for every chosen product. `value` is a category id (move), a stock (stock),
    an amount in the shop's currency (price_amount) or a percentage (price_percent)."""

    kind: str
    value: int | Decimal | None = None

    def check(self) -> None:
        """CatalogueError (field "value") when the change cannot be made as given."""
        if self.kind not in KINDS:
            raise CatalogueError("Choose an action.", field="kind")
        value = self.value
        if self.kind == "move":
            if not isinstance(value, int) or db.session.get(Category, value) is None:
                raise CatalogueError("Choose an existing category.", field="value")
        elif self.kind == "stock":
            if isinstance(value, bool) or not isinstance(value, int):
                raise CatalogueError("Enter a whole number.", field="value")
            if not 0 <= value <= STOCK_MAX:
                raise CatalogueError(f"Stock is from 0 to {STOCK_MAX}.", field="value")
        elif self.kind in ("price_amount", "price_percent"):
            if not isinstance(value, Decimal) or not value.is_finite():
                raise CatalogueError("Enter a number.", field="value")
            if value == 0:
                raise CatalogueError("Enter an amount other than 0.", field="value")
            if value.as_tuple().exponent < -2:
                raise CatalogueError("Use at most 2 decimals.", field="value")
            if self.kind == "price_amount" and abs(value) > PRICE_MAX:
                raise CatalogueError(f"An amount is at most {PRICE_MAX}.", field="value")
            low, high = PERCENT_LIMITS
            if self.kind == "price_percent" and not low <= value <= high:
                raise CatalogueError(f"A percentage is from {low} to {high}.", field="value")

    def describe(self, count: int, category_name: str | None = None) -> str:
        """What will happen, in a sentence: "312 products: price +8 %, rounded half up to
        the cent, never below 0.01"."""
        if self.kind == "move":
            what = f"move to {category_name}"
        elif self.kind == "stock":
            what = f"stock set to {self.value}"
        elif self.kind == "price_amount":
            what = f"price {self.value:+.2f}, never below 0.01"
        elif self.kind == "price_percent":
            what = f"price {_signed(self.value)} %, {ROUNDING_RULE}"
        else:
            what = {
                "publish": "publish",
                "unpublish": "unpublish (taken off the shop)",
                "delete": "delete, with their photos (this cannot be undone)",
            }[self.kind]
        return f"{count} product{'' if count == 1 else 's'}: {what}"

    def outcome(self, product: Product) -> dict[str, object] | str:
        """The fields this change gives `product` ({} when it already has them), or why it
        cannot have them."""
        if self.kind in ("publish", "unpublish"):
            # Publishing or unpublishing by hand also ends a wait (schedule.reconcile): a
            # scheduled product is changed even when its flag already reads as wanted.
            published = self.kind == "publish"
            if product.is_published == published and not schedule.waits_ended(product, published):
                return {}
            return {"is_published": published}
        if self.kind == "move":
            return {} if product.category_id == self.value else {"category_id": self.value}
        if self.kind in ("stock", "price_amount", "price_percent") and product.variant_count:
            return FROM_VARIANTS  # its price and stock are its variants' summaries
        if self.kind == "stock":
            return {} if product.stock == self.value else {"stock": self.value}
        if self.kind in ("price_amount", "price_percent"):
            price = new_price(product.price, self)
            if price > PRICE_MAX:
                return f"The price would be {price}, above {PRICE_MAX}."
            return {} if price == product.price else {"price": price}
        return {"delete": True}


def _signed(value: Decimal) -> str:
    text = f"{value.normalize():f}"
    return text if text.startswith("-") else f"+{text}"


def new_price(price: Decimal, change: BulkChange) -> Decimal:
    """The price after an amount or percentage change: rounded half up to the cent (a
    percentage of a price in cents rarely lands on one), never below 0.01."""
    if change.kind == "price_amount":
        result = price + change.value
    else:
        result = (price * (100 + change.value) / 100).quantize(CENT, rounding=ROUND_HALF_UP)
    return max(result, CENT)


def parse_change(kind: str, raw: str | None) -> BulkChange:
    """A change from a form's text ("8", "-2.50", a category id); CatalogueError when the
    text is not a value of the kind's type."""
    raw = (raw or "").strip().replace(",", ".") if kind.startswith("price") else raw
    try:
        if kind in ("move", "stock"):
            value = int(raw) if raw and raw.strip().lstrip("-").isdigit() else None
            if value is None:
                raise ValueError(raw)
        elif kind in ("price_amount", "price_percent"):
            value = Decimal(raw.rstrip("%").strip())
        else:
            value = None
    except (ValueError, InvalidOperation, AttributeError):
        message = "Choose a category." if kind == "move" else "Enter a number."
        raise CatalogueError(message, field="value") from None
    change = BulkChange(kind, value)
    change.check()
    return change


def snapshot(ids: Iterable[int]) -> dict[int, int]:
    """The version of each of these products now (the ones that exist), in id order: what a
    bulk change is confirmed against."""
    wanted = sorted(set(ids))
    versions: dict[int, int] = {}
    for start in range(0, len(wanted), 5000):
        chunk = wanted[start : start + 5000]
        rows = db.session.execute(
            select(Product.id, Product.version).where(Product.id.in_(chunk))
        ).all()
        versions.update(dict(rows))
    return dict(sorted(versions.items()))


@dataclass
class BulkOutcome:
    changed: int = 0
    unchanged: int = 0  # already as asked
    conflicts: list[tuple[int, str]] = field(default_factory=list)  # saved by someone since
    refused: list[tuple[int, str, str]] = field(default_factory=list)  # (id, name, why)
    gone: int = 0  # deleted since
    chunks: int = 0


def apply_bulk(
    change: BulkChange,
    versions: dict[int, int],
    *,
    actor: User | None = None,
    storage: MediaStorage | None = None,
    chunk_size: int | None = None,
    progress: Callable[[int, int, BulkOutcome], None] | None = None,
) -> BulkOutcome:
    """Make `change` to the products of `versions` (id -> the version the person saw), in
    chunks of `chunk_size`, each its own transaction; `progress(done, total, outcome)` after
    each. A chunk that fails rolls back alone and the error is raised: earlier chunks stay
    done."""
    outcome = BulkOutcome()
    steps = iter_bulk(
        change, versions, actor=actor, storage=storage, chunk_size=chunk_size, outcome=outcome
    )
    for done, total in steps:
        if progress is not None:
            progress(done, total, outcome)
    return outcome


def iter_bulk(
    change: BulkChange,
    versions: dict[int, int],
    *,
    actor: User | None = None,
    storage: MediaStorage | None = None,
    chunk_size: int | None = None,
    outcome: BulkOutcome,
) -> Iterator[tuple[int, int]]:
    """apply_bulk one chunk per step: yields (products done, total) after each chunk's
    commit, adding to `outcome` as it goes (a streamed progress page iterates this)."""
    change.check()
    if change.kind == "delete" and storage is None:
        raise ValueError("deleting products needs the media storage, for their photo files")
    chunk_size = chunk_size or CHUNK_SIZE
    ids = list(versions)
    if len(ids) > MAX_PRODUCTS:
        raise CatalogueError(f"At most {MAX_PRODUCTS} products at once.", field="ids")
    for start in range(0, len(ids), chunk_size):
        chunk = ids[start : start + chunk_size]
        _apply_chunk(change, chunk, versions, actor, storage, outcome)
        outcome.chunks += 1
        yield min(start + chunk_size, len(ids)), len(ids)


def _apply_chunk(
    change: BulkChange,
    chunk: Sequence[int],
    versions: dict[int, int],
    actor: User | None,
    storage: MediaStorage | None,
    outcome: BulkOutcome,
) -> None:
    # A save that lands between this chunk's read and its write makes _update_rows match
    # fewer rows than it sent; the chunk rolls back, is read again, and that product is then
    # reported.
    for attempt in range(3):
        result = BulkOutcome()
        try:
            _write_chunk(change, chunk, versions, actor, storage, result)
        except StaleDataError:
            if attempt == 2:
                raise
            continue
        outcome.changed += result.changed
        outcome.unchanged += result.unchanged
        outcome.conflicts += result.conflicts
        outcome.refused += result.refused
        outcome.gone += result.gone
        return


# The audit log's name for each field a bulk change sets (services.product_state's keys).
AUDIT_FIELDS = {"is_published": "published", "category_id": "category", "stock": "stock",
                "price": "price"}  # fmt: skip


def _write_chunk(change, chunk, versions, actor, storage, result: BulkOutcome) -> None:
    staged = StagedWrites(storage) if change.kind == "delete" else None
    with unit_of_work(staged), db.session.no_autoflush:
        stmt = select(Product).where(Product.id.in_(chunk))
        if change.kind == "delete":
            stmt = stmt.options(selectinload(Product.images))
        products = {p.id: p for p in db.session.scalars(stmt)}
        # Held for the chunk: product_state names categories by session.get, which the
        # identity map answers only while something holds them (else a query per product).
        categories = list(db.session.scalars(select(Category)))
        names = {category.id: category.name for category in categories}
        rows: list[dict] = []
        column: str | None = None
        for product_id in chunk:
            product = products.get(product_id)
            if product is None:
                result.gone += 1
                continue
            if product.version != versions[product_id]:
                result.conflicts.append((product.id, product.name))
                continue
            fields = change.outcome(product)
            if isinstance(fields, str):
                result.refused.append((product.id, product.name, fields))
            elif not fields:
                result.unchanged += 1
            elif change.kind == "delete":
                state = audit.diff(product_state(product), {})
                audit.record(actor, "delete", "product", product.id, product.name, state)
                schedule_file_removal(list(product.images), staged)
                rows.append({"b_id": product.id, "b_version": product.version})
                column = None
                result.changed += 1
            else:
                ((field, value),) = fields.items()
                before = getattr(product, field)
                shown = (names.get(before), names.get(value)) if field == "category_id" else (
                    before, value)  # fmt: skip
                # Logged as the form and the publish buttons log each change.
                action = change.kind if change.kind in ("publish", "unpublish") else "update"
                name = AUDIT_FIELDS[field]
                changes = audit.diff({name: shown[0]}, {name: shown[1]})
                if field == "is_published":
                    changes.update(_ended_waits(product, value))
                audit.record(actor, action, "product", product.id, product.name, changes)
                column = "price_cents" if field == "price" else field
                stored = decimal_to_cents(value) if field == "price" else value
                rows.append({"b_id": product.id, "b_version": product.version, "b_value": stored})
                result.changed += 1
        if rows:
            _update_rows(column, rows)
        # The chunk's audit entries (the rows and the catalogue version went in _update_rows).
        db.session.flush()


def _ended_waits(product: Product, published: bool) -> dict[str, list]:
    """The scheduled moments a hand-made publish (or unpublish) clears, as audit changes."""
    cleared = schedule.reconcile_values(published)
    # Named as services.product_state names them.
    before = {name.replace("_", " "): getattr(product, name) for name in cleared}
    return audit.diff(before, dict.fromkeys(before))


def _update_rows(column: str | None, rows: list[dict]) -> None:
    """One UPDATE (or, without a column, DELETE) sent for many rows (executemany), each only
    if its version is still the one read: a save in between makes the counts differ, and the
    chunk starts again. Photos and old slugs go with a deleted product (ON DELETE CASCADE)."""
    table = Product.__table__
    same = (table.c.id == bindparam("b_id"), table.c.version == bindparam("b_version"))
    if column is None:
        stmt = delete(table).where(*same)
    else:
        values = {column: bindparam("b_value"), "version": table.c.version + 1,
                  "updated_at": utcnow()}  # fmt: skip
        if column == "is_published":  # every row of a chunk is published, or every one not
            values.update(schedule.reconcile_values(rows[0]["b_value"]))
        stmt = update(table).where(*same).values(values)
    matched = db.session.execute(stmt, rows).rowcount
    if matched != len(rows):
        raise StaleDataError(f"{len(rows) - matched} of {len(rows)} products saved meanwhile")
    # The ORM did not make this change: the version moves here, and the products loaded for
    # the chunk are read again if anyone looks.
    bump_version(db.session.connection())
    note_change(db.session())
    db.session.expire_all()
