"""Ranked full-text search: SQLite FTS5 with triggers, PostgreSQL GIN on a tsvector.

Revision ID: 0004_full_text_search
Revises: 0003_catalogue_state
Create Date: 2026-11-22
"""

from alembic import op

revision = "0004_full_text_search"
down_revision = "0003_catalogue_state"
branch_labels = None
depends_on = None

SQLITE = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS products_fts USING fts5("
    "name, sku, description, content='products', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS products_fts_ai AFTER INSERT ON products BEGIN "
    "INSERT INTO products_fts(rowid, name, sku, description) "
    "VALUES (new.id, new.name, new.sku, new.description); END",
    "CREATE TRIGGER IF NOT EXISTS products_fts_ad AFTER DELETE ON products BEGIN "
    "INSERT INTO products_fts(products_fts, rowid, name, sku, description) "
    "VALUES ('delete', old.id, old.name, old.sku, old.description); END",
    "CREATE TRIGGER IF NOT EXISTS products_fts_au AFTER UPDATE OF name, sku, description "
    "ON products BEGIN "
    "INSERT INTO products_fts(products_fts, rowid, name, sku, description) "
    "VALUES ('delete', old.id, old.name, old.sku, old.description); "
    "INSERT INTO products_fts(rowid, name, sku, description) "
    "VALUES (new.id, new.name, new.sku, new.description); END",
    # Index the products that already exist.
    "INSERT INTO products_fts(products_fts) VALUES ('rebuild')",
]
POSTGRESQL = [
    "CREATE INDEX IF NOT EXISTS ix_products_search ON products USING gin "
    "(to_tsvector('simple'::regconfig, name || ' ' || sku || ' ' || description))",
]


def upgrade():
    dialect = op.get_bind().dialect.name
    for statement in {"sqlite": SQLITE, "postgresql": POSTGRESQL}.get(dialect, []):
        op.execute(statement)


def downgrade():
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for trigger in ("products_fts_ai", "products_fts_ad", "products_fts_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS products_fts")
    elif dialect == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_products_search")
