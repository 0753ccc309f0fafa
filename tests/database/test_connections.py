"""Storefront requests read in autocommit mode: no transaction left open, statements stay
prepared on PostgreSQL (psycopg drops them on every ROLLBACK), with generic plans there and
nowhere else (shop/database/connections.py)."""

from __future__ import annotations

import time

from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from shop import create_app
from shop.database.connections import (
    READ_ENGINE,
    begin_autocommit_reads,
    end_autocommit_reads,
    read_connection,
)
from shop.extensions import db
from tests.helpers.database import postgres_url, reset_database
from tests.helpers.factories import make_category, make_product


def test_a_page_leaves_no_transaction_open(app, client):
    make_product("Teapot", category=make_category("Kitchen"))
    db.session.commit()
    assert client.get("/products/").status_code == 200
    assert not db.session().in_transaction()


def test_listing_statements_stay_prepared_on_postgresql(make_app, database_url):
    app = make_app()
    with app.app_context():
        reset_database(database_url)
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
    # The read pool's one connection, which served the pages.
    with app.extensions[READ_ENGINE].connect() as conn:
        prepared = conn.execute(
            text("SELECT statement FROM pg_prepared_statements WHERE statement LIKE '%LIMIT%'")
        ).scalars()
        assert any("products.price_cents" in statement for statement in prepared)


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


def _read_backend_pid(app) -> int:
    """The storefront read pool's connection (its own pool on PostgreSQL)."""
    with app.extensions[READ_ENGINE].connect() as conn:
        return conn.execute(text("SELECT pg_backend_pid()")).scalar()


def test_a_connection_that_died_while_idle_is_replaced(postgres_run_database, tmp_path):
    url = postgres_run_database.replace("postgresql://", "postgresql+psycopg://", 1)
    app = create_app(
        {
            "SHOP_CONFIG": "testing",
            "SQLALCHEMY_DATABASE_URI": url,
            "SHOP_CATALOGUE_SIGNAL_FILE": str(tmp_path / "catalogue.signal"),
            "SHOP_DB_PING_AFTER_IDLE": 0,  # every checkout counts as after an idle spell
        }
    )
    with app.app_context():
        reset_database(url)
        make_product("Teapot", category=make_category("Kitchen"))
        db.session.remove()
    pid, read_pid = _pooled_backend_pid(app), _read_backend_pid(app)
    assert read_pid != pid  # two pools, both checked
    admin = create_engine(postgres_url(), poolclass=NullPool)
    with admin.connect() as conn:  # as a server restart would
        for backend in (pid, read_pid):  # waiting (up to 5 s) until each backend has gone
            ended = conn.execute(text("SELECT pg_terminate_backend(:pid, 5000)"), {"pid": backend})
            assert ended.scalar()
    admin.dispose()
    try:
        assert app.test_client().get("/products/").status_code == 200
        assert _read_backend_pid(app) != read_pid
        assert _pooled_backend_pid(app) != pid
    finally:
        with app.app_context():
            db.engine.dispose()


def test_a_busy_connection_is_not_pinged(make_app, database_url):
    app = make_app(SHOP_DB_PING_AFTER_IDLE=60)
    with app.app_context():
        reset_database(database_url)
        db.session.remove()
    pings = []
    with app.app_context():
        dialects = {id(e.dialect): e.dialect for e in (db.engine, app.extensions[READ_ENGINE])}

    def counting(original):
        return lambda conn: pings.append(conn) or original(conn)

    for dialect in dialects.values():
        dialect.do_ping = counting(dialect.do_ping)
    try:
        for _ in range(5):
            assert app.test_client().get("/products/").status_code == 200
    finally:
        for dialect in dialects.values():
            del dialect.do_ping  # the class's method again
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


def _show(conn, setting: str) -> str:
    return conn.execute(text(f"SHOW {setting}")).scalar()


def test_generic_plans_only_on_storefront_reads(make_app, database_url):
    """Storefront reads plan prepared statements once (force_generic_plan); staff pages, the
    CLI and tests holding a transaction read through the ORM session, which keeps PostgreSQL's
    default, as does anything else on db.engine. jit and statement_timeout apply to both."""
    app = make_app(PG_STATEMENT_TIMEOUT_MS=4321)
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            # SQLite caches no plans: the read engine is the app's, in autocommit mode.
            assert app.extensions[READ_ENGINE].pool is db.engine.pool
            return
        assert app.extensions[READ_ENGINE].pool is not db.engine.pool
        staff = read_connection()  # no storefront request: the session's (staff, CLI)
        assert staff.in_transaction()
        assert _show(staff, "plan_cache_mode") == "auto"
        assert (_show(staff, "jit"), _show(staff, "statement_timeout")) == ("off", "4321ms")
        with db.engine.connect() as conn:
            assert _show(conn, "plan_cache_mode") == "auto"
        db.session.remove()
    with app.test_request_context("/products/"):
        begin_autocommit_reads()  # as the storefront's before_request does
        try:
            shop = read_connection()
            assert not shop.in_transaction()  # autocommit
            assert _show(shop, "plan_cache_mode") == "force_generic_plan"
            assert (_show(shop, "jit"), _show(shop, "statement_timeout")) == ("off", "4321ms")
        finally:
            end_autocommit_reads(None)
    with app.test_request_context("/products/"):
        db.session.execute(text("SELECT 1"))  # a transaction is open: read through it
        begin_autocommit_reads()
        try:
            assert read_connection().in_transaction()
            assert _show(read_connection(), "plan_cache_mode") == "auto"
        finally:
            end_autocommit_reads(None)
            db.session.remove()


def test_the_query_count_hears_every_storefront_statement_once(app, client):
    """X-Query-Count listens on the Engine class, so it hears the read engine's statements
    (on PostgreSQL an engine of its own) and the session's, each once."""
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    make_product("Teapot", category=make_category("Kitchen"))
    db.session.commit()
    seen: list[str] = []

    def on_class(conn, cursor, statement, *args):
        seen.append(statement)

    event.listen(Engine, "before_cursor_execute", on_class)
    try:
        response = client.get("/products/")
    finally:
        event.remove(Engine, "before_cursor_execute", on_class)
    assert response.status_code == 200
    count = int(response.headers["X-Query-Count"])
    assert count > 0
    assert len(seen) == count


def test_the_read_engine_is_disposed_with_the_app_engine(make_app, database_url):
    """Tests build many apps and dispose db.engine: the read pool's connections go with it."""
    app = make_app()
    with app.app_context():
        reset_database(database_url)
        db.session.remove()
    assert app.test_client().get("/products/").status_code == 200
    reads = app.extensions[READ_ENGINE]
    if database_url.startswith("sqlite"):
        return  # one pool, which the fixture disposes
    pid = _read_backend_pid(app)
    assert reads.pool.checkedin() == 1
    with app.app_context():
        db.engine.dispose()
    assert reads.pool.checkedin() == 0
    admin = create_engine(postgres_url(), poolclass=NullPool)
    try:
        for _ in range(250):  # the server ends the backend moments after the client closes
            with admin.connect() as conn:
                alive = conn.execute(
                    text("SELECT count(*) FROM pg_stat_activity WHERE pid = :pid"), {"pid": pid}
                ).scalar()
            if not alive:
                break
            time.sleep(0.02)
    finally:
        admin.dispose()
    assert alive == 0
