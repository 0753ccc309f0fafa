"""Migrations: `db upgrade` builds the schema on an empty database and matches the models."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade
from sqlalchemy import inspect

from shop import create_app
from shop.catalogue.search import SEARCH_OBJECT_PREFIXES
from shop.extensions import db
from tests.conftest import fresh_postgres_database


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.sqlite3'}"
        return
    with fresh_postgres_database("shop_migrations") as url:
        yield url


def test_upgrade_on_empty_database_matches_models(empty_database_url):
    app = create_app({"SHOP_CONFIG": "testing", "SQLALCHEMY_DATABASE_URI": empty_database_url})
    with app.app_context():
        upgrade()
        tables = set(inspect(db.engine).get_table_names())
        assert {"products", "categories", "product_images", "users", "audit_log"} <= tables
        with db.engine.connect() as conn:
            context = MigrationContext.configure(
                conn,
                opts={
                    "compare_type": True,
                    "render_as_batch": True,
                    # Search structures are hand-made per database (migration 0004).
                    "include_name": lambda name, *_: (
                        not (name or "").startswith(SEARCH_OBJECT_PREFIXES)
                    ),
                },
            )
            differences = compare_metadata(context, db.metadata)
        db.engine.dispose()
    assert differences == []
