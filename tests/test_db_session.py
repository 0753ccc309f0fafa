"""Storefront requests read in autocommit mode: no transaction left open, statements stay
prepared on PostgreSQL (psycopg drops them on every ROLLBACK)."""

from __future__ import annotations

from sqlalchemy import text

from shop.extensions import db
from tests.factories import make_category, make_product


def test_a_page_leaves_no_transaction_open(app, client):
    make_product("Teapot", category=make_category("Kitchen"))
    db.session.commit()
    assert client.get("/products/").status_code == 200
    assert not db.session().in_transaction()


def test_listing_statements_stay_prepared_on_postgresql(make_app, database_url):
    from tests.conftest import _reset_database

    app = make_app()
    with app.app_context():
        _reset_database(database_url)
        make_product("Teapot", category=make_category("Kitchen"))
        db.session.remove()
    client = app.test_client()
    for _ in range(8):  # as in production: each request has its own app context and session
        assert client.get("/products/").status_code == 200
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            # SQLite has no server-side prepared statements; the test above covers it.
            assert db.engine.dialect.name == "sqlite"
            return
        prepared = db.session.execute(  # the pool's one connection, which served the pages
            text("SELECT statement FROM pg_prepared_statements WHERE statement LIKE '%LIMIT%'")
        ).scalars()
        assert any("products.price_cents" in statement for statement in prepared)
        db.session.remove()


def test_a_write_after_a_page_is_still_atomic(app, client):
    product = make_product("Teapot", category=make_category("Kitchen"))
    db.session.commit()
    client.get("/products/")
    product.stock = 99
    db.session.flush()
    db.session.rollback()  # the page's autocommit mode must not have outlived the request
    db.session.expire_all()
    assert product.stock != 99
