"""Published products per category, kept exact by database triggers.

A listing's total is the sum of its categories' counts, read with the category tree: no
listing counts its rows after a catalogue change (at a million products that took 0.3 s for
one category and 0.9 s for all products, in every process, after every edit). Triggers, not
the services, keep the counts, so bulk inserts (seed-demo), deletes and any future write
path cannot miss them. PostgreSQL uses statement-level triggers with transition tables: one
aggregate per statement, and no pile of row versions when a bulk insert touches the same
few counters a million times. SQLite has row triggers only, which update in place.

On PostgreSQL a write that changes a count holds that category's counter row until it
commits. One statement locks the counters in category order, so statements never deadlock
each other; a transaction that writes products in several statements (none does today: staff
edits are one product, seed-demo one INSERT per batch) may, and must then retry.
"""

from __future__ import annotations

from sqlalchemy import Connection, event, text

from ..database.ddl import run_for_dialect
from ..database.transaction import unit_of_work
from ..extensions import db
from .version import bump_version, note_change

# Deltas of (published, published and in stock) per category, from a statement's rows.
_PG_DELTAS = {
    "insert": "SELECT category_id, count(*) AS n, count(*) FILTER (WHERE stock > 0) AS s "
    "FROM new_rows WHERE is_published GROUP BY category_id",
    "delete": "SELECT category_id, -count(*) AS n, -count(*) FILTER (WHERE stock > 0) AS s "
    "FROM old_rows WHERE is_published GROUP BY category_id",
}
_PG_DELTAS["update"] = f"{_PG_DELTAS['insert']} UNION ALL {_PG_DELTAS['delete']}"


def _pg_function(operation: str) -> str:
    # Built from the constants above only, never from input.
    return f"""
CREATE OR REPLACE FUNCTION shop_count_products_{operation}() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO category_counts AS c (category_id, published, published_in_stock)
  SELECT category_id, sum(n), sum(s) FROM ({_PG_DELTAS[operation]}) AS deltas
  GROUP BY category_id HAVING sum(n) <> 0 OR sum(s) <> 0
  ORDER BY category_id
  ON CONFLICT (category_id) DO UPDATE SET
    published = c.published + EXCLUDED.published,
    published_in_stock = c.published_in_stock + EXCLUDED.published_in_stock;
  RETURN NULL;
END $$"""  # noqa: S608


_PG_TRANSITIONS = {
    "insert": "REFERENCING NEW TABLE AS new_rows",
    "update": "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
    "delete": "REFERENCING OLD TABLE AS old_rows",
}

POSTGRESQL_DDL = [
    statement
    for operation, transitions in _PG_TRANSITIONS.items()
    for statement in (
        _pg_function(operation),
        f"DROP TRIGGER IF EXISTS products_count_{operation} ON products",
        f"CREATE TRIGGER products_count_{operation} AFTER {operation.upper()} ON products "
        f"{transitions} FOR EACH STATEMENT EXECUTE FUNCTION shop_count_products_{operation}()",
    )
]

_SQLITE_ADD = """
  INSERT OR IGNORE INTO category_counts (category_id, published, published_in_stock)
    SELECT NEW.category_id, 0, 0 WHERE NEW.is_published;
  UPDATE category_counts SET published = published + 1,
    published_in_stock = published_in_stock + (NEW.stock > 0)
    WHERE category_id = NEW.category_id AND NEW.is_published;"""
_SQLITE_REMOVE = """
  UPDATE category_counts SET published = published - 1,
    published_in_stock = published_in_stock - (OLD.stock > 0)
    WHERE category_id = OLD.category_id AND OLD.is_published;"""

SQLITE_DDL = [
    f"CREATE TRIGGER IF NOT EXISTS products_count_insert AFTER INSERT ON products "
    f"BEGIN {_SQLITE_ADD} END",
    "CREATE TRIGGER IF NOT EXISTS products_count_update "
    "AFTER UPDATE OF is_published, category_id, stock ON products "
    f"BEGIN {_SQLITE_REMOVE} {_SQLITE_ADD} END",
    f"CREATE TRIGGER IF NOT EXISTS products_count_delete AFTER DELETE ON products "
    f"BEGIN {_SQLITE_REMOVE} END",
]

DROP_DDL = {
    "postgresql": [
        statement
        for operation in _PG_TRANSITIONS
        for statement in (
            f"DROP TRIGGER IF EXISTS products_count_{operation} ON products",
            f"DROP FUNCTION IF EXISTS shop_count_products_{operation}()",
        )
    ],
    "sqlite": [f"DROP TRIGGER IF EXISTS products_count_{op}" for op in _PG_TRANSITIONS],
}

# Every published product counted afresh (the migration's starting point, and `recount`).
COUNTS_SQL = "SELECT category_id, published, published_in_stock FROM category_counts"
RECOUNT_SQL = (
    "INSERT INTO category_counts (category_id, published, published_in_stock) "
    "SELECT category_id, count(*), sum(CASE WHEN stock > 0 THEN 1 ELSE 0 END) "
    "FROM products WHERE is_published GROUP BY category_id"
)


def recount(connection: Connection) -> int:
    """Count every category's published products afresh, in the caller's transaction;
    returns how many categories had wrong counts (none, unless rows changed with the
    triggers disabled: a restore, a TRUNCATE, a bulk load with triggers off)."""

    def kept() -> dict[int, tuple[int, int]]:
        rows = connection.execute(text(COUNTS_SQL))
        return {cid: (n, s) for cid, n, s in rows if (n, s) != (0, 0)}

    before = kept()
    connection.execute(text("DELETE FROM category_counts"))
    connection.execute(text(RECOUNT_SQL))
    after = kept()
    return sum(before.get(cid) != after.get(cid) for cid in before.keys() | after.keys())


def create_count_triggers(target, connection, **kw) -> None:
    run_for_dialect(connection, {"sqlite": SQLITE_DDL, "postgresql": POSTGRESQL_DDL})


def init_count_ddl() -> None:
    """create_all() adds the triggers once every table exists (migration 0007 does it for
    real databases)."""
    if not event.contains(db.metadata, "after_create", create_count_triggers):
        event.listen(db.metadata, "after_create", create_count_triggers)


def repair_counts() -> int:
    """Count every category afresh and bump the catalogue version, so pages and caches pick
    up the new totals (`manage.py catalogue-recount`); returns how many counts were wrong."""
    with unit_of_work():
        wrong = recount(db.session.connection())
        bump_version(db.session.connection())
        note_change(db.session())
    return wrong
