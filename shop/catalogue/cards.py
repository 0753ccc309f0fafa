"""What a product card shows, read as plain rows: its columns, its primary image, its LIMIT."""

from __future__ import annotations

from sqlalchemy import Integer, Row, Select, and_, bindparam
from sqlalchemy.sql.elements import BindParameter

from ..database.connections import read_connection
from .models import Product, ProductImage

# Only these columns (no ORM objects, no description), with the primary image joined in
# the same statement: listings show up to 96 cards.
CARD_COLUMNS = (
    Product.id,
    Product.name,
    Product.slug,
    Product.price_cents,
    Product.stock,
    Product.price_varies,  # variants with different prices: "from" before the price
    ProductImage.renditions.label("image_renditions"),
    ProductImage.alt_text.label("image_alt"),
)
PRIMARY_IMAGE = and_(ProductImage.product_id == Product.id, ProductImage.position == 0)
NEWEST_FIRST = (Product.created_at.desc(), Product.id.desc())


def literal_limit() -> BindParameter:
    """LIMIT as a literal in the SQL text (a handful of values: 4, 8, 24, 48, 96 and one
    more), so that generic plans fit it (see shop/database/connections.py)."""
    return bindparam("limit", type_=Integer, literal_execute=True)


def read_cards(stmt: Select, params: dict | None = None) -> list[Row]:
    """Run a statement of CARD_COLUMNS (plus extras) on the request's read connection."""
    return list(read_connection().execute(stmt, params or {}).all())
