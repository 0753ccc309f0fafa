"""The catalogue as CSV for spreadsheets: every product matching a staff list's filter.

UTF-8 with a byte-order mark (so Excel reads accents right), comma-separated, CRLF line ends,
one header row. A cell that a spreadsheet would run as a formula (beginning with =, +, -, @,
a tab or a carriage return) gets a leading apostrophe, which spreadsheets show as text; the
import takes exactly that apostrophe off again, so a file exported and imported unchanged
changes nothing. Rows are read by id in chunks, so a million products stream in bounded
memory.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from sqlalchemy import select

from ..dbtypes import cents_to_decimal
from ..extensions import db
from .models import Category, Product
from .staff_list import StaffProductFilter

BOM = "\ufeff"
COLUMNS = ("sku", "name", "slug", "category", "price", "stock", "published", "featured",
           "description")  # fmt: skip
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
READ_CHUNK = 1000


def neutralise(cell: str) -> str:
    """A cell a spreadsheet would run as a formula, made text."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def restore(cell: str) -> str:
    """What `neutralise` made text, back as it was (the import's first step)."""
    if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS):
        return cell[1:]
    return cell


# Plain rows, not ORM objects: nothing piles up in the session while a million stream out.
_READ = (
    Product.id, Product.sku, Product.name, Product.slug, Product.category_id,
    Product.price_cents, Product.stock, Product.is_published, Product.is_featured,
    Product.description,
)  # fmt: skip


def _cells(row, category_slugs: dict[int, str]) -> list[str]:
    cells = [
        row.sku,
        row.name,
        row.slug,
        category_slugs.get(row.category_id, ""),
        f"{cents_to_decimal(row.price_cents):.2f}",
        str(row.stock),
        "yes" if row.is_published else "no",
        "yes" if row.is_featured else "no",
        row.description,
    ]
    return [neutralise(cell) for cell in cells]


def export_lines(flt: StaffProductFilter) -> Iterator[str]:
    """The CSV text, a chunk of rows at a time: the header with the BOM first."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    yield BOM + buffer.getvalue()
    category_slugs = dict(db.session.execute(select(Category.id, Category.slug)).all())
    conditions = flt.conditions()
    last_id = 0
    while True:
        stmt = (
            select(*_READ)
            .where(*conditions, Product.id > last_id)
            .order_by(Product.id)
            .limit(READ_CHUNK)
        )
        rows = db.session.execute(stmt).all()
        if not rows:
            return
        buffer.seek(0)
        buffer.truncate()
        writer.writerows(_cells(row, category_slugs) for row in rows)
        yield buffer.getvalue()
        last_id = rows[-1].id
