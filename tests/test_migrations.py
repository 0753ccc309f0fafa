"""Migrations: `db upgrade` builds the schema on an empty database and matches the models."""

from __future__ import annotations

import contextlib
import logging.config

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import insert, inspect, text
from sqlalchemy.exc import IntegrityError

from shop import create_app
from shop.catalogue.models import Category, Product
from shop.catalogue.search import SEARCH_OBJECT_PREFIXES
from shop.extensions import db
from tests.helpers.database import fresh_postgres_database


@pytest.fixture(autouse=True)
def _logging_left_alone(monkeypatch):
    """migrations/env.py applies alembic.ini's logging with fileConfig, which would disable
    every logger it does not name (the shop's among them) for the tests that run after these."""
    monkeypatch.setattr(logging.config, "fileConfig", lambda *args, **kwargs: None)


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


def test_category_counts_start_from_existing_products_and_stay_exact(empty_database_url):
    """0007 counts the products already there, then its triggers keep the counts."""
    app = create_app({"SHOP_CONFIG": "testing", "SQLALCHEMY_DATABASE_URI": empty_database_url})
    with app.app_context():
        upgrade(revision="0006_search_vector")
        categories = [{"id": 1, "name": "A", "slug": "a"}, {"id": 2, "name": "B", "slug": "b"}]
        products = [
            {"name": f"p{n}", "slug": f"p{n}", "sku": f"p{n}", "price_cents": 100,
             "stock": stock, "is_published": published, "category_id": category}
            for n, (category, stock, published) in enumerate(
                [(1, 3, True), (1, 0, True), (1, 5, False), (2, 1, True)]
            )
        ]  # fmt: skip
        with db.engine.begin() as conn:  # the tables as 0006 left them, defaults from models
            conn.execute(insert(Category), categories)
            conn.execute(insert(Product), products)
        upgrade()
        counts = "SELECT category_id, published, published_in_stock FROM category_counts"
        with db.engine.begin() as conn:
            assert sorted(conn.execute(text(counts))) == [(1, 2, 1), (2, 1, 1)]
            conn.execute(text("UPDATE products SET category_id = 2 WHERE slug = 'p0'"))
            conn.execute(text("UPDATE products SET is_published = TRUE WHERE slug = 'p2'"))
            assert sorted(conn.execute(text(counts))) == [(1, 2, 1), (2, 2, 2)]
        db.engine.dispose()


def test_image_counts_start_from_existing_photos_and_follow_every_write(empty_database_url):
    """0012 counts the photos already there; its triggers keep counting, then downgrade."""
    app = create_app({"SHOP_CONFIG": "testing", "SQLALCHEMY_DATABASE_URI": empty_database_url})
    image = (
        "INSERT INTO product_images (product_id, position, alt_text, width, height, renditions,"
        " digest, created_at) VALUES (:p, :pos, '', 10, 10, '[]', '', '2026-01-01 00:00:00')"
    )
    with app.app_context():
        upgrade(revision="0011_staff_sessions_and_keys")
        with db.engine.begin() as conn:
            conn.execute(text("INSERT INTO categories (id, name, slug, description, position,"
                              " is_published, created_at, updated_at) VALUES (1, 'A', 'a', '',"
                              " 0, TRUE, '2026-01-01', '2026-01-01')"))  # fmt: skip
            for n in range(3):
                conn.execute(
                    text(
                        "INSERT INTO products (id, name, slug, sku, description, price_cents,"
                        " stock, is_published, is_featured, category_id, created_at,"
                        " updated_at, version) VALUES (:n, :s, :s, :s, '', 100, 1, TRUE, FALSE,"
                        " 1, '2026-01-01', '2026-01-01', 1)"
                    ),
                    {"n": n + 1, "s": f"p{n}"},
                )
            conn.execute(text(image), [{"p": 1, "pos": 0}, {"p": 1, "pos": 1}, {"p": 2, "pos": 0}])
        upgrade()
        counts = "SELECT id, image_count FROM products ORDER BY id"
        with db.engine.begin() as conn:
            assert list(conn.execute(text(counts))) == [(1, 2), (2, 1), (3, 0)]
            conn.execute(text(image), [{"p": 3, "pos": 0}, {"p": 3, "pos": 1}, {"p": 2, "pos": 1}])
            conn.execute(text("DELETE FROM product_images WHERE product_id = 1 AND position = 1"))
            conn.execute(text("UPDATE product_images SET product_id = 1 WHERE product_id = 2"))
            assert list(conn.execute(text(counts))) == [(1, 3), (2, 0), (3, 2)]
            conn.execute(text("DELETE FROM products WHERE id = 3"))  # its photos cascade
            assert list(conn.execute(text(counts))) == [(1, 3), (2, 0)]
        downgrade(revision="0011_staff_sessions_and_keys")
        with db.engine.begin() as conn:
            conn.execute(text(image), [{"p": 2, "pos": 5}])  # no trigger left behind
            columns = {c["name"] for c in inspect(conn).get_columns("products")}
            assert "image_count" not in columns
        upgrade()
        with db.engine.begin() as conn:
            assert list(conn.execute(text(counts))) == [(1, 3), (2, 1)]
        db.engine.dispose()


def test_search_structures_after_migrations_are_those_create_all_makes(app, tmp_path):
    """The hand-made search structures (search.py) are the ones the migrations leave: FTS5
    with its triggers on SQLite, the search vector and trigram indexes on PostgreSQL."""
    if db.engine.dialect.name == "sqlite":
        query = text(
            "SELECT name, type FROM sqlite_master WHERE name LIKE 'products_fts%' ORDER BY name"
        )
    else:
        query = text(
            "SELECT indexname, indexdef FROM pg_indexes WHERE indexname LIKE 'ix_products_trgm%'"
            " OR indexname LIKE 'ix_products_search%' ORDER BY indexname"
        )
    made = db.session.execute(query).all()
    with contextlib.ExitStack() as stack:
        if db.engine.dialect.name == "sqlite":
            url = f"sqlite:///{tmp_path / 'migrated.sqlite3'}"
        else:
            url = stack.enter_context(fresh_postgres_database("shop_migrations"))
        migrated_app = create_app({"SHOP_CONFIG": "testing", "SQLALCHEMY_DATABASE_URI": url})
        with migrated_app.app_context():
            upgrade()
            migrated = db.session.execute(query).all()
            statistics = None
            if db.engine.dialect.name == "postgresql":
                statistics = db.session.execute(
                    text(
                        "SELECT attstattarget FROM pg_attribute WHERE attrelid = "
                        "'ix_products_trgm_lower_name'::regclass"
                    )
                ).scalar_one()
            db.session.remove()
            db.engine.dispose()
    assert migrated == made
    names = [name for name, _ in made]
    if statistics is None:
        assert "products_fts" in names and "products_fts_au" in names
    else:
        assert names == [
            "ix_products_search_variant_skus",
            "ix_products_search_vector",
            "ix_products_trgm_lower_name",
            "ix_products_trgm_lower_sku",
        ]
        assert statistics == 1000


def test_variants_upgrade_keeps_every_product_as_it_was_and_downgrades(empty_database_url):
    """0018 adds variants: existing products read as products without variants (their own
    SKU, price and stock), the new tables take rows, and downgrade removes them cleanly."""
    app = create_app({"SHOP_CONFIG": "testing", "SQLALCHEMY_DATABASE_URI": empty_database_url})
    product_row = (
        "INSERT INTO products (id, name, slug, sku, description, price_cents, stock,"
        " is_published, is_featured, category_id, created_at, updated_at, version)"
        " VALUES (:n, :s, :s, :s, '', :price, :stock, TRUE, FALSE, 1, '2026-01-01',"
        " '2026-01-01', 1)"
    )
    columns = "SELECT id, sku, price_cents, stock, variant_count, price_varies FROM products"
    with app.app_context():
        upgrade(revision="0016_product_schedule")
        with db.engine.begin() as conn:
            conn.execute(text("INSERT INTO categories (id, name, slug, description, position,"
                              " is_published, created_at, updated_at) VALUES (1, 'A', 'a', '',"
                              " 0, TRUE, '2026-01-01', '2026-01-01')"))  # fmt: skip
            conn.execute(
                text(product_row),
                [{"n": 1, "s": "p1", "price": 1250, "stock": 3},
                 {"n": 2, "s": "p2", "price": 990, "stock": 0}],
            )  # fmt: skip
        upgrade(revision="0018_variants")
        with db.engine.begin() as conn:
            rows = sorted(tuple(r) for r in conn.execute(text(columns + " ORDER BY id")))
            assert rows == [(1, "p1", 1250, 3, 0, False), (2, "p2", 990, 0, 0, False)]
            conn.execute(text("INSERT INTO product_options (id, product_id, name, position)"
                              " VALUES (1, 1, 'Colour', 0)"))  # fmt: skip
            conn.execute(text("INSERT INTO product_option_values (id, option_id, value, position)"
                              " VALUES (1, 1, 'Red', 0)"))  # fmt: skip
            conn.execute(text(
                "INSERT INTO product_variants (product_id, sku, combination, price_cents, stock,"
                " is_published, position, created_at, updated_at, version) VALUES (1, 'p1-red',"
                " '1', 1250, 1, TRUE, 0, '2026-01-01', '2026-01-01', 1)"
            ))  # fmt: skip
        downgrade(revision="0016_product_schedule")
        with db.engine.begin() as conn:
            tables = set(inspect(conn).get_table_names())
            assert "product_variants" not in tables and "product_options" not in tables
            names = {c["name"] for c in inspect(conn).get_columns("products")}
            assert not {"variant_count", "price_varies"} & names
            assert conn.execute(text("SELECT count(*) FROM products")).scalar() == 2
            # Search still follows the products after the round trip (triggers kept).
            conn.execute(text("UPDATE products SET name = 'Renamed' WHERE id = 2"))
        upgrade()
        with db.engine.begin() as conn:
            assert [tuple(r) for r in conn.execute(text(columns + " ORDER BY id"))][1] == (
                2, "p2", 990, 0, 0, False
            )  # fmt: skip
        db.engine.dispose()


def test_attributes_upgrade_keeps_every_product_and_downgrade_removes_only_attributes(
    empty_database_url,
):
    """0017 adds three tables beside an existing catalogue; its downgrade drops only them."""
    app = create_app({"SHOP_CONFIG": "testing", "SQLALCHEMY_DATABASE_URI": empty_database_url})
    products = "SELECT id, name, version FROM products ORDER BY id"
    with app.app_context():
        upgrade(revision="0016_product_schedule")
        with db.engine.begin() as conn:
            conn.execute(text("INSERT INTO categories (id, name, slug, description, position,"
                              " is_published, created_at, updated_at) VALUES (1, 'A', 'a', '',"
                              " 0, TRUE, '2026-01-01', '2026-01-01')"))  # fmt: skip
            for n in range(1, 4):
                conn.execute(
                    text(
                        "INSERT INTO products (id, name, slug, sku, description, price_cents,"
                        " stock, is_published, is_featured, category_id, created_at,"
                        " updated_at, version) VALUES (:n, :s, :s, :s, '', 100, 1, TRUE, FALSE,"
                        " 1, '2026-01-01', '2026-01-01', 1)"
                    ),
                    {"n": n, "s": f"p{n}"},
                )
        upgrade(revision="0017_attributes")
        with db.engine.begin() as conn:
            assert list(conn.execute(text(products))) == [(1, "p1", 1), (2, "p2", 1), (3, "p3", 1)]
            conn.execute(text("INSERT INTO attributes (id, category_id, name, kind, unit, position,"
                              " is_filter, created_at, updated_at) VALUES (1, 1, 'Width', 'number',"
                              " 'cm', 0, TRUE, '2026-01-01', '2026-01-01')"))  # fmt: skip
            conn.execute(
                text(
                    "INSERT INTO product_attribute_values (product_id, attribute_id,"
                    " number_milli) VALUES (1, 1, 80500)"
                )
            )
            indexes = {i["name"] for i in inspect(conn).get_indexes("product_attribute_values")}
            assert {f"ix_attribute_values_{k}" for k in ("choice", "number", "flag")} <= indexes
        with pytest.raises(IntegrityError), db.engine.begin() as conn:  # one value, not two
            conn.execute(
                text(
                    "INSERT INTO product_attribute_values (product_id, attribute_id,"
                    " number_milli, flag) VALUES (2, 1, 1, TRUE)"
                )
            )
        with db.engine.begin() as conn:  # a product's values go with it
            conn.execute(text("DELETE FROM products WHERE id = 1"))
            count = "SELECT COUNT(*) FROM product_attribute_values"
            assert conn.execute(text(count)).scalar() == 0
        downgrade(revision="0016_product_schedule")
        with db.engine.begin() as conn:
            tables = set(inspect(conn).get_table_names())
            assert not tables & {"attributes", "attribute_choices", "product_attribute_values"}
            assert list(conn.execute(text(products))) == [(2, "p2", 1), (3, "p3", 1)]
        upgrade()
        db.engine.dispose()
