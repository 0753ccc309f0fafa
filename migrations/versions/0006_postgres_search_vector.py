"""PostgreSQL: the search vector becomes a stored generated column, indexed with GIN.

Ranking then reads each match's vector instead of parsing its text again (ts_rank over an
expression recomputed to_tsvector per row: 30 ms for 900 matches). SQLite is unchanged.

Revision ID: 0006_search_vector
Revises: 0005_covering_indexes
Create Date: 2026-11-22
"""

from alembic import op

revision = "0006_search_vector"
down_revision = "0005_covering_indexes"
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        "ALTER TABLE products ADD COLUMN IF NOT EXISTS search_vector tsvector GENERATED ALWAYS AS "
        "(to_tsvector('simple'::regconfig, name || ' ' || sku || ' ' || description)) STORED"
    )
    op.execute(
        "CREATE INDEX IF NOT EXISTS ix_products_search_vector ON products USING gin (search_vector)"
    )
    op.execute("DROP INDEX IF EXISTS ix_products_search")


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        "CREATE INDEX IF NOT EXISTS ix_products_search ON products USING gin "
        "(to_tsvector('simple'::regconfig, name || ' ' || sku || ' ' || description))"
    )
    op.execute("DROP INDEX IF EXISTS ix_products_search_vector")
    op.execute("ALTER TABLE products DROP COLUMN IF EXISTS search_vector")
