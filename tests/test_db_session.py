"""Storefront requests read in autocommit mode: no transaction left open, statements stay
prepared on PostgreSQL (psycopg drops them on every ROLLBACK)."""

from __future__ import annotations

import time

from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from shop import create_app
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


def _pooled_backend_pid(app) -> int:
    with app.app_context():
        pid = db.session.execute(text("SELECT pg_backend_pid()")).scalar()
        db.session.remove()
    return pid


def test_a_connection_that_died_while_idle_is_replaced(postgres_run_database, tmp_path):
    from tests.conftest import _reset_database, postgres_url

    url = postgres_run_database.replace("postgresql://", "postgresql+psycopg://", 1)
    app = create_app(
        {
            "SHOP_CONFIG": "testing",
            "SQLALCHEMY_DATABASE_URI": url,
            "SHOP_CATALOGUE_SIGNAL_FILE": str(tmp_path / "catalogue.signal"),
            "SHOP_DB_PING_AFTER_IDLE": 0.2,
        }
    )
    with app.app_context():
        _reset_database(url)
        make_product("Teapot", category=make_category("Kitchen"))
        db.session.remove()
    pid = _pooled_backend_pid(app)
    admin = create_engine(postgres_url(), poolclass=NullPool)
    with admin.connect() as conn:  # as a server restart would
        conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    admin.dispose()
    time.sleep(0.3)
    try:
        assert app.test_client().get("/products/").status_code == 200
        assert _pooled_backend_pid(app) != pid
    finally:
        with app.app_context():
            db.engine.dispose()


def test_a_busy_connection_is_not_pinged(make_app, database_url):
    from tests.conftest import _reset_database

    app = make_app(SHOP_DB_PING_AFTER_IDLE=60)
    with app.app_context():
        _reset_database(database_url)
        db.session.remove()
    pings = []
    with app.app_context():
        engine = db.engine
    original = engine.dialect.do_ping
    engine.dialect.do_ping = lambda conn: pings.append(conn) or original(conn)
    try:
        for _ in range(5):
            assert app.test_client().get("/products/").status_code == 200
    finally:
        engine.dialect.do_ping = original
    assert pings == []


def test_values_that_decide_a_plan_are_in_the_sql_text(app, client):
    """PostgreSQL keeps generic plans for prepared statements; categories, prices and search
    words must be literals in the SQL, or the plan cannot know how selective they are."""
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    category = make_category("Kitchen")
    make_product("Oak Board", category=category, price="12.00")
    db.session.commit()
    statements: list[str] = []

    def capture(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(Engine, "before_cursor_execute", capture)
    try:
        client.get(f"/category/{category.slug}/?min_price=10&max_price=20")
        client.get("/search?q=oak")
    finally:
        event.remove(Engine, "before_cursor_execute", capture)
    sql = "\n".join(statements)
    assert f"category_id IN ({category.id})" in sql
    assert "price_cents >= 1000" in sql and "price_cents <= 2000" in sql
    if db.engine.dialect.name == "postgresql":
        assert "to_tsquery('simple'::regconfig, 'oak:*')" in sql
        mode = db.session.execute(text("SHOW plan_cache_mode")).scalar()
        assert mode == "force_generic_plan"
