"""Ranked full-text search structures: SQLite FTS5 and a PostgreSQL GIN index on a tsvector.

The same DDL is run by the migration (frozen copy there) and by create_all() for tests, so a
freshly built database and a migrated one search alike. SQLite's index is kept in step by
triggers and PostgreSQL's is an expression index, so every write path (services, bulk seeding,
plain SQL) keeps search current without extra code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Float,
    Integer,
    Select,
    String,
    bindparam,
    event,
    func,
    literal_column,
    or_,
    text,
)
from sqlalchemy.sql.elements import ColumnElement

from ..database.ddl import run_for_dialect
from .models import Product

# PostgreSQL: a stored generated column (migration 0006), so ranking reads the vector instead
# of re-parsing every matching product's text.
PG_DOCUMENT = "products.search_vector"
PG_VARIANT_DOCUMENT = "to_tsvector('simple'::regconfig, variant_skus)"
# The same expression as the index's, qualified as PG_DOCUMENT is (the planner matches it).
PG_VARIANT_MATCH = "to_tsvector('simple'::regconfig, products.variant_skus)"

# The FTS `sku` column holds the product's SKU and its published variants' SKUs
# (products.variant_skus, kept by variant_summary.py): one search finds either.
SQLITE_TRIGGERS = [
    "CREATE TRIGGER IF NOT EXISTS products_fts_ai AFTER INSERT ON products BEGIN "
    "INSERT INTO products_fts(rowid, name, sku, description) "
    "VALUES (new.id, new.name, new.sku || ' ' || new.variant_skus, new.description); END",
    "CREATE TRIGGER IF NOT EXISTS products_fts_ad AFTER DELETE ON products BEGIN "
    "INSERT INTO products_fts(products_fts, rowid, name, sku, description) VALUES "
    "('delete', old.id, old.name, old.sku || ' ' || old.variant_skus, old.description); END",
    "CREATE TRIGGER IF NOT EXISTS products_fts_au AFTER UPDATE OF name, sku, description, "
    "variant_skus ON products BEGIN "
    "INSERT INTO products_fts(products_fts, rowid, name, sku, description) VALUES "
    "('delete', old.id, old.name, old.sku || ' ' || old.variant_skus, old.description); "
    "INSERT INTO products_fts(rowid, name, sku, description) "
    "VALUES (new.id, new.name, new.sku || ' ' || new.variant_skus, new.description); END",
]
SQLITE_DDL = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS products_fts USING fts5("
    "name, sku, description, content='products', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2')",
    *SQLITE_TRIGGERS,
]
POSTGRESQL_DDL = [
    "ALTER TABLE products ADD COLUMN IF NOT EXISTS search_vector tsvector GENERATED ALWAYS AS "
    "(to_tsvector('simple'::regconfig, name || ' ' || sku || ' ' || description)) STORED",
    "CREATE INDEX IF NOT EXISTS ix_products_search_vector ON products USING gin (search_vector)",
    # Published variants' SKUs: a second GIN index, OR-ed with the first (a bitmap OR), so
    # that adding variants (migration 0018) did not rewrite every product's search vector.
    f"CREATE INDEX IF NOT EXISTS ix_products_search_variant_skus ON products USING gin "
    f"({PG_VARIANT_DOCUMENT})",
    # The staff list finds any part of a name or SKU (lower(column) LIKE '%...%'): trigram
    # indexes serve that at a million products (migrations 0012 and 0019). pg_trgm is a
    # trusted extension: the database's owner may create it.
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS ix_products_trgm_lower_name ON products "
    "USING gin (lower(name) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS ix_products_trgm_lower_sku ON products "
    "USING gin (lower(sku) gin_trgm_ops)",
    # A phrase's share of names decides between these indexes and a sort index's walk: a
    # larger sample keeps the planner's guess near the truth (migration 0019).
    "ALTER INDEX ix_products_trgm_lower_name ALTER COLUMN 1 SET STATISTICS 1000",
    "ALTER INDEX ix_products_trgm_lower_sku ALTER COLUMN 1 SET STATISTICS 1000",
]
# Objects these statements create, which the models do not describe (for migration checks).
SEARCH_OBJECT_PREFIXES = ("products_fts", "ix_products_search", "search_vector", "ix_products_trgm")

MAX_TERMS = 8


def search_terms(query: str) -> list[str]:
    """Words of a shopper's query, lower-cased, as the full-text index splits them."""
    return re.findall(r"\w+", query.lower())[:MAX_TERMS]


@dataclass(frozen=True)
class FtsPlan:
    """How to narrow and rank a product query by the full-text index of one database.

    The plan holds bind parameters, not a query: `params(terms)` gives their values, so one
    plan (and the statements built with it) serves every search.
    """

    join: Any | None  # a CTE of (id, rank) to join on Product.id
    where: ColumnElement | None
    rank_value: ColumnElement
    best_first_ascending: bool  # bm25: lower is better; ts_rank: higher is better
    dialect: str

    @property
    def rank(self) -> ColumnElement:
        """ORDER BY clause for the rank, best first."""
        return self.outer_rank(self.rank_value)

    def outer_rank(self, column) -> ColumnElement:
        return column.asc() if self.best_first_ascending else column.desc()

    def apply(self, stmt: Select) -> Select:
        if self.join is not None:
            stmt = stmt.join(self.join, self.join.c.id == Product.id)
        if self.where is not None:
            stmt = stmt.where(self.where)
        return stmt

    def params(self, terms: list[str]) -> dict[str, str]:
        """Prefix matching of every term."""
        if self.dialect == "sqlite":
            return {"match": " AND ".join(f'"{term}"*' for term in terms)}
        return {"tsquery": " & ".join(f"{term}:*" for term in terms)}


def _sqlite_plan() -> FtsPlan:
    # MATERIALIZED: the matches are found once, then products are looked up by id. As a
    # plain subquery SQLite may run the MATCH once per published product instead (650 ms
    # for one word over 10,000 products, against 4 ms).
    hits = (
        text(
            "SELECT rowid AS id, bm25(products_fts, 10.0, 8.0, 1.0) AS rank "
            "FROM products_fts WHERE products_fts MATCH :match"
        )
        .bindparams(bindparam("match", type_=String))
        .columns(id=Integer, rank=Float)
        .cte("fts")
        .prefix_with("MATERIALIZED")
    )
    return FtsPlan(
        join=hits, where=None, rank_value=hits.c.rank, best_first_ascending=True, dialect="sqlite"
    )


def _postgresql_plan() -> FtsPlan:
    document = literal_column(PG_DOCUMENT)
    # The query's words go into the SQL text (quoted by SQLAlchemy at execution): storefront
    # reads use generic plans (database/connections.py), which cannot know how many
    # products a word matches: one scanned the whole table for "oak" (600 ms instead of 5).
    query = func.to_tsquery(
        literal_column("'simple'::regconfig"),
        bindparam("tsquery", type_=String, literal_execute=True),
    )
    variant_document = literal_column(PG_VARIANT_MATCH)
    return FtsPlan(
        join=None,
        where=or_(document.op("@@")(query), variant_document.op("@@")(query)),
        rank_value=func.ts_rank(document, query),
        best_first_ascending=False,
        dialect="postgresql",
    )


_PLANS = {"sqlite": _sqlite_plan(), "postgresql": _postgresql_plan()}


def fts_plan(dialect: str) -> FtsPlan | None:
    """Best-first prefix search for this database; None where there is no full-text index."""
    return _PLANS.get(dialect)


def create_search_structures(target, connection, **kw) -> None:
    run_for_dialect(connection, {"sqlite": SQLITE_DDL, "postgresql": POSTGRESQL_DDL})


def init_search_ddl() -> None:
    """create_all() builds the search structures too (the migration does it for real DBs)."""
    table = Product.__table__
    if not event.contains(table, "after_create", create_search_structures):
        event.listen(table, "after_create", create_search_structures)
