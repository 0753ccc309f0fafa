"""What a product CSV would do to the catalogue (the dry run): products to create, to update
field by field, left as they are, and every bad row with its line and reason.

Rows are matched by SKU. Each cell is checked by the rules every door obeys (rules.py, the
slug rules, categories that exist), against the catalogue as it is now. An empty cell keeps
a product's value, except in `description`, where it means no description (the only column
that may be empty); a column the file does not have keeps every product's value. New products
need a name, a price and a category; the rest defaults as on the product form.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from slugify import slugify
from sqlalchemy import select, text

from ..dbtypes import cents_to_decimal, decimal_to_cents
from ..extensions import db
from .csv_export import restore
from .csv_read import CsvFile, read_csv
from .errors import CatalogueError
from .models import Category, Product, ProductSlugHistory
from .rules import check_product_fields
from .skus import VARIANT_HAS_SKU
from .slugs import SLUG_MAX
from .variant_models import ProductVariant
from .variant_summary import FROM_VARIANTS

MONEY = re.compile(r"^\d{1,7}(?:[.,]\d{1,2})?$")
WHOLE = re.compile(r"^\d{1,9}$")
TRUE = frozenset({"yes", "y", "true", "1"})
FALSE = frozenset({"no", "n", "false", "0"})
# SKUs looked up at a time. On PostgreSQL `sku IN (...)` may be planned on the trigram index
# of the staff search (a bitmap scan) instead of the unique one: 16 s instead of 4 ms for
# 1,000 SKUs at 100k products, and 0.6-2 s for 500 once psycopg prepared the statement or
# the table grew; so the dry run's look-ups are planned without bitmap scans
# (`_no_bitmap_scans`). The writes keep the defaults: forcing custom plans on them cost more.
LOOKUP_CHUNK = 500
# Product columns the import writes, in the order of the file's columns.
FIELDS = ("name", "slug", "category_id", "price_cents", "stock", "is_published", "is_featured",
          "description")  # fmt: skip
# The audit log's name for each (services.product_state's keys).
AUDIT_NAMES = {"name": "name", "slug": "slug", "category_id": "category", "price_cents": "price",
               "stock": "stock", "is_published": "published", "is_featured": "featured",
               "description": "description"}  # fmt: skip


@dataclass
class Create:
    line: int
    sku: str
    values: dict  # every column of FIELDS


@dataclass
class Update:
    line: int
    sku: str
    product_id: int
    version: int  # as read for the plan: the write happens only if it is still this
    old_slug: str
    values: dict  # every column of FIELDS, as after the update
    changes: dict  # {audit field name: [before, after]} of the fields that really change


@dataclass
class RowError:
    line: int
    sku: str
    reason: str


@dataclass
class ImportPlan:
    encoding: str
    delimiter: str
    rows: int = 0
    creates: list[Create] = field(default_factory=list)
    updates: list[Update] = field(default_factory=list)
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    category_names: dict[int, str] = field(default_factory=dict)

    def digest(self) -> str:
        """Names this exact plan: the same file against an unchanged catalogue gives the same
        digest; a product saved since the dry run (its version) gives another."""
        h = hashlib.sha256()
        for item in self.creates:
            h.update(repr(("c", item.sku, sorted(item.values.items()))).encode())
        for item in self.updates:
            h.update(
                repr(("u", item.product_id, item.version, sorted(item.values.items()))).encode()
            )
        h.update(repr(("e", len(self.errors))).encode())
        return h.hexdigest()


def chunks(items: list, size: int = LOOKUP_CHUNK) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _boolean(cell: str, column: str) -> bool:
    word = cell.strip().lower()
    if word in TRUE:
        return True
    if word in FALSE:
        return False
    raise CatalogueError(f"{column}: write yes or no, not {cell[:20]!r}.")


def _price_cents(cell: str) -> int:
    text = cell.strip()
    if not MONEY.match(text):
        raise CatalogueError(f"price: write an amount such as 12.50, not {cell[:20]!r}.")
    price = Decimal(text.replace(",", "."))
    try:
        check_product_fields({"price": price})
    except CatalogueError as error:
        raise CatalogueError(f"price: {error}") from None
    return decimal_to_cents(price)


def _stock(cell: str) -> int:
    text = cell.strip()
    if not WHOLE.match(text):
        raise CatalogueError(f"stock: write a whole number (0 or more), not {cell[:20]!r}.")
    return int(text)


def _check(column: str, value: str) -> str:
    try:
        check_product_fields({column: value})
    except CatalogueError as error:
        raise CatalogueError(f"{column}: {error}") from None
    return value


class _Planner:
    """One dry run: the file's rows read against the catalogue, slugs claimed as it goes."""

    def __init__(self, csv_file: CsvFile) -> None:
        self.file = csv_file
        self.plan = ImportPlan(csv_file.encoding, csv_file.delimiter)
        categories = db.session.execute(select(Category.id, Category.slug, Category.name)).all()
        self.category_ids = {row.slug: row.id for row in categories}
        self.plan.category_names = {row.id: row.name for row in categories}
        self.variant_skus: set[str] = set()  # of the file's SKUs, those variants hold
        self.claimed: set[str] = set()  # slugs this file gives or frees into the history

    def run(self) -> ImportPlan:
        rows = self._parse_rows()
        _no_bitmap_scans(True)
        try:
            return self._plan(rows)
        finally:
            _no_bitmap_scans(False)

    def _plan(self, rows) -> ImportPlan:
        existing = self._existing([sku for _, sku, _ in rows])
        self._taken = self._slugs_taken(rows, existing)
        news = []
        for line, sku, cells in rows:
            product = existing.get(sku)
            if product is None:
                news.append((line, sku, cells))
                continue
            try:
                self._update(line, sku, cells, product)
            except CatalogueError as error:
                self.plan.errors.append(RowError(line, sku, str(error)))
        # New products' slugs last: a slug an update gives up is not free for a new product
        # (its old URL answers 301 to the updated one).
        for line, sku, cells in news:
            try:
                self._create(line, sku, cells)
            except CatalogueError as error:
                self.plan.errors.append(RowError(line, sku, str(error)))
        self.plan.errors.sort(key=lambda e: e.line)
        return self.plan

    def _parse_rows(self) -> list[tuple[int, str, dict[str, str]]]:
        """(line, sku, {column: cell}) of the well-formed rows; the others become errors."""
        columns = self.file.columns
        first_line: dict[str, int] = {}
        rows = []
        for line, raw in self.file.records():
            self.plan.rows += 1
            cells = [restore(cell) for cell in raw]
            sku = cells[columns.index("sku")] if len(cells) > columns.index("sku") else ""
            if len(cells) != len(columns):
                reason = (f"This row has {len(cells)} cells; the first line names "
                          f"{len(columns)} columns.")  # fmt: skip
                self.plan.errors.append(RowError(line, sku, reason))
                continue
            try:
                _check("sku", sku)
            except CatalogueError as error:
                self.plan.errors.append(RowError(line, sku, str(error)))
                continue
            if sku in first_line:
                reason = f"The SKU {sku!r} is also on line {first_line[sku]}."
                self.plan.errors.append(RowError(line, sku, reason))
                continue
            first_line[sku] = line
            rows.append((line, sku, dict(zip(columns, cells, strict=True))))
        return rows

    def _existing(self, skus: list[str]) -> dict[str, dict]:
        columns = (Product.id, Product.sku, Product.version, Product.variant_count,
                   *(getattr(Product, f) for f in FIELDS))  # fmt: skip
        found = {}
        for chunk in chunks(skus):
            for row in db.session.execute(select(*columns).where(Product.sku.in_(chunk))):
                found[row.sku] = row._asdict()
            # A variant's SKU is not free for a new product (one namespace, skus.py).
            variants = select(ProductVariant.sku).where(ProductVariant.sku.in_(chunk))
            self.variant_skus.update(db.session.scalars(variants))
        return found

    def _slugs_taken(self, rows, existing: dict[str, dict]) -> dict[str, int | None]:
        """{slug: the product id it belongs to} for the slugs this file may give: the ones it
        names and the ones new products would get from their names."""
        wanted = set()
        for _, sku, cells in rows:
            if cells.get("slug", "").strip():
                wanted.add(slugify(cells["slug"], max_length=SLUG_MAX))
            elif sku not in existing and cells.get("name"):
                wanted.add(slugify(cells["name"], max_length=SLUG_MAX))
        wanted.discard("")
        # Each wanted slug is answered: its owner, or None when free (no query per row later).
        taken: dict[str, int | None] = dict.fromkeys(wanted)
        for chunk in chunks(sorted(wanted)):
            taken.update(
                db.session.execute(
                    select(Product.slug, Product.id).where(Product.slug.in_(chunk))
                ).all()
            )
            taken.update(db.session.execute(
                select(ProductSlugHistory.slug, ProductSlugHistory.product_id).where(
                    ProductSlugHistory.slug.in_(chunk))).all())  # fmt: skip
        return taken

    def _free(self, slug: str, product_id: int | None) -> bool:
        if slug in self.claimed:
            return False
        owner = self._taken.get(slug)
        if owner is None and slug not in self._taken:
            owner = self._look_up(slug)
        return owner is None or owner == product_id

    def _look_up(self, slug: str) -> int | None:
        owner = db.session.scalar(select(Product.id).where(Product.slug == slug))
        if owner is None:
            owner = db.session.scalar(
                select(ProductSlugHistory.product_id).where(ProductSlugHistory.slug == slug)
            )
        self._taken[slug] = owner
        return owner

    def _requested_slug(self, cell: str, product_id: int | None) -> str:
        slug = slugify(cell, max_length=SLUG_MAX)
        if not slug:
            raise CatalogueError("slug: use letters or digits in the slug.")
        if not self._free(slug, product_id):
            raise CatalogueError(f"slug: {slug!r} is already used; choose another.")
        return slug

    def _slug_from_name(self, name: str) -> str:
        base = slugify(name, max_length=SLUG_MAX) or "item"
        candidate, n = base, 2
        while not self._free(candidate, None):
            suffix = f"-{n}"
            candidate = base[: SLUG_MAX - len(suffix)] + suffix
            n += 1
        return candidate

    def _values(self, cells: dict[str, str], current: dict) -> tuple[dict, list[str]]:
        """The row's values over `current` (empty cells keep it), and what is wrong."""
        values = dict(current)
        problems = []
        readers = {
            "name": lambda cell: _check("name", cell),
            "category": self._category_id,
            "price": _price_cents,
            "stock": _stock,
            "published": lambda cell: _boolean(cell, "published"),
            "featured": lambda cell: _boolean(cell, "featured"),
        }
        target = {"category": "category_id", "price": "price_cents", "published": "is_published",
                  "featured": "is_featured"}  # fmt: skip
        for column, read in readers.items():
            cell = cells.get(column, "")
            if cell == "" or (column != "name" and not cell.strip()):
                continue
            try:
                values[target.get(column, column)] = read(cell)
            except CatalogueError as error:
                problems.append(str(error))
        if "description" in cells:
            try:
                values["description"] = _check("description", cells["description"])
            except CatalogueError as error:
                problems.append(str(error))
        return values, problems

    def _category_id(self, cell: str) -> int:
        category_id = self.category_ids.get(cell.strip())
        if category_id is None:
            raise CatalogueError(f"category: no category has the slug {cell.strip()[:60]!r}.")
        return category_id

    def _update(self, line: int, sku: str, cells: dict[str, str], product: dict) -> None:
        current = {f: product[f] for f in FIELDS}
        values, problems = self._values(cells, current)
        slug_cell = cells.get("slug", "")
        if slug_cell.strip() and slug_cell != current["slug"]:
            try:
                values["slug"] = self._requested_slug(slug_cell, product["id"])
            except CatalogueError as error:
                problems.append(str(error))
        if product["variant_count"] and any(
            values[f] != current[f] for f in ("price_cents", "stock")
        ):
            problems.append(FROM_VARIANTS)
        if problems:
            raise CatalogueError(" ".join(problems))
        if values == current:
            self.plan.unchanged += 1
            return
        if values["slug"] != current["slug"]:
            self.claimed.update((values["slug"], current["slug"]))
        changes = {
            AUDIT_NAMES[f]: [self._shown(f, current[f]), self._shown(f, values[f])]
            for f in FIELDS
            if values[f] != current[f]
        }
        self.plan.updates.append(
            Update(line, sku, product["id"], product["version"], current["slug"], values, changes)
        )

    def _create(self, line: int, sku: str, cells: dict[str, str]) -> None:
        defaults = {"name": None, "slug": None, "category_id": None, "price_cents": None,
                    "stock": 0, "is_published": False, "is_featured": False,
                    "description": ""}  # fmt: skip
        values, problems = self._values(cells, defaults)
        if sku in self.variant_skus:
            problems.insert(0, VARIANT_HAS_SKU)
        missing = [c for c in ("name", "price", "category") if not cells.get(c, "").strip()]
        if missing:
            problems.insert(0, f"A new product (no product has this SKU) needs {_words(missing)}.")
        if problems:
            raise CatalogueError(" ".join(problems))
        slug_cell = cells.get("slug", "")
        if slug_cell.strip():
            values["slug"] = self._requested_slug(slug_cell, None)
        else:
            values["slug"] = self._slug_from_name(values["name"])
        self.claimed.add(values["slug"])
        self.plan.creates.append(Create(line, sku, values))

    def _shown(self, column: str, value):
        """A value as the audit log and the review page show it (services.product_state)."""
        if column == "category_id":
            return self.plan.category_names.get(value)
        if column == "price_cents":
            return str(cents_to_decimal(value))
        return value


def _no_bitmap_scans(off: bool) -> None:
    """On PostgreSQL, the dry run's look-ups by SKU and slug take their unique indexes, never
    a trigram index, which only a bitmap scan can use (see LOOKUP_CHUNK); the setting lasts
    until the look-ups are done (at most until the transaction ends)."""
    if db.session.get_bind().dialect.name == "postgresql":
        value = "off" if off else "DEFAULT"
        db.session.execute(text(f"SET LOCAL enable_bitmapscan TO {value}"))


def _words(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def plan_import(data: bytes) -> ImportPlan:
    """The dry run of `data` against the catalogue now; FileRefused for an unreadable file."""
    return _Planner(read_csv(data)).run()
