"""Fewer database round trips: autocommit reads on the storefront, pings only when idle.

Storefront requests read without a transaction (autocommit), saving two round trips, on a
plain pooled connection rather than through the ORM session (whose set-up and commit cost
a tenth of a listing page).
A shopper's page only reads, and PostgreSQL's READ COMMITTED gives each statement its own
snapshot anyway, so BEGIN and COMMIT/ROLLBACK bought nothing but two round trips per request.
Worse, psycopg forgets its prepared statements on every ROLLBACK, which is how a session
ends: every request planned every statement again (1.5 ms of planning for a 1 ms listing
query). In autocommit mode psycopg's ROLLBACK on an idle connection is a no-op, so statements
stay prepared.

Generic plans, on the storefront's read connections only (PostgreSQL). This is the one place
that explains them; the code that depends on them points here.

- Why: psycopg prepares the statements a connection runs often, and PostgreSQL would still
  plan each run again until it trusts a generic plan: planning (1.5-2 ms) took longer than
  running a listing query. `plan_cache_mode=force_generic_plan` plans a prepared statement
  once per connection.
- The price: a generic plan cannot see the values. It assumes a LIMIT parameter keeps a tenth
  of the rows (at a million products "All products" hashed the whole table to join images:
  400 ms, not 1 ms); it cannot tell a small category or a rare price range, which deserve
  their own index (3 ms instead of 70 ms for "over €1,000"), nor how many products a
  search word matches (a whole-table scan for "oak": 600 ms instead of 5). So every value
  that decides a storefront plan goes into the SQL text (`literal_execute`): category ids,
  price bounds, LIMIT and search words; tests check that they stay literals.
- Where: only the storefront's autocommit read connections (`begin_autocommit_reads`). They
  come from an Engine of their own, made from the app's URL and SQLALCHEMY_ENGINE_OPTIONS
  (`jit=off` and `statement_timeout` from config.py included) plus the setting, sent when a
  connection is opened: no round trip per request. Everything else (staff pages, the CLI,
  signed-in or test requests that read through the ORM session, `db.engine`) keeps
  PostgreSQL's default (`auto`), so a new query with a bound LIMIT or a selective parameter
  there is planned for its values. A new storefront query must inline such values.
- Its pool has the app pool's settings; a pool opens only as many connections as are in
  use at once, so a sync gunicorn worker keeps one read connection, plus one in the app's
  pool once it has served anything else (warm-up, health checks, staff pages).
- It is an engine of its own: listeners on `db.engine` do not hear storefront reads, while
  listeners on the `Engine` class (the query count) hear both; listen on
  `app.extensions[READ_ENGINE]` for storefront statements alone. It is disposed with
  `db.engine`, and idle connections in both pools are pinged (`init_connection_checks`).

SQLite caches no plans: there the read engine is `db.engine` in autocommit mode, on the same
pool, and a connection gets its normal isolation back when it returns to the pool.
"""

from __future__ import annotations

import time

from flask import Flask, current_app, g
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DisconnectionError

from ..extensions import db

READ_ENGINE = "shop.read_engine"

# Sent when a storefront read connection is opened (see the module docstring).
GENERIC_PLANS = "-c plan_cache_mode=force_generic_plan"


def begin_autocommit_reads() -> None:
    """before_request (storefront): check out this request's autocommit read connection."""
    if db.session.registry.has() and db.session().in_transaction():
        return  # a signed-in user was loaded, or a test holds a transaction: read through it
    g.read_connection = current_app.extensions[READ_ENGINE].connect()


def end_autocommit_reads(exc: BaseException | None) -> None:
    """teardown_request: hand the connection back at once (also when tests keep the app
    context open across requests)."""
    connection = g.pop("read_connection", None)
    if connection is not None:
        connection.close()


def read_connection() -> Connection:
    """The connection catalogue reads run on: the storefront request's autocommit one, else
    (staff pages, the CLI, tests) the ORM session's, inside its transaction."""
    connection = g.get("read_connection")
    return connection if connection is not None else db.session.connection()


def _read_engine(app: Flask, engine: Engine) -> Engine:
    """The storefront's read engine: on PostgreSQL its own, with generic plans (module doc)."""
    if engine.dialect.name != "postgresql":
        # The same pool; connections switch to autocommit on checkout and back on return.
        return engine.execution_options(isolation_level="AUTOCOMMIT")
    options = dict(app.config["SQLALCHEMY_ENGINE_OPTIONS"])
    options.pop("url", None)
    connect_args = dict(options.get("connect_args") or {})
    connect_args["options"] = f"{connect_args.get('options', '')} {GENERIC_PLANS}".strip()
    echo = app.config.get("SQLALCHEMY_ECHO", False)
    options.setdefault("echo", echo)
    options.setdefault("echo_pool", echo)
    options.update(connect_args=connect_args, isolation_level="AUTOCOMMIT")
    reads = create_engine(engine.url, **options)

    def dispose_with_app_engine(disposed: Engine) -> None:
        reads.dispose()

    event.listen(engine, "engine_disposed", dispose_with_app_engine)
    return reads


def open_read_connection(app: Flask) -> None:
    """Open one storefront read connection and return it to its pool (worker warm-up), so
    the first shopper does not pay for connecting."""
    with app.extensions[READ_ENGINE].connect():
        pass


def _checkin(dbapi_connection, record) -> None:
    record.info["idle_since"] = time.monotonic()


def init_connection_checks(app: Flask) -> None:
    """Create the storefront's read engine, and check a pooled connection before use only if
    it sat idle a while (DB restarts).

    SQLAlchemy's pool_pre_ping checks on every checkout: one more round trip per request,
    which under load cost as much as a page's query. A connection that was returned less
    than SHOP_DB_PING_AFTER_IDLE seconds ago was working then; one idle for longer (say,
    through a PostgreSQL restart) is pinged, and replaced if the ping fails.
    """
    threshold = float(app.config["SHOP_DB_PING_AFTER_IDLE"])
    reads = app.extensions[READ_ENGINE] = _read_engine(app, db.engine)
    engines = list(db.engines.values())
    if reads.pool is not db.engine.pool:  # PostgreSQL: the read engine's own pool
        engines.append(reads)
    for engine in engines:
        dialect = engine.dialect

        def checkout(dbapi_connection, record, proxy, dialect=dialect) -> None:
            since = record.info.pop("idle_since", None)
            if since is None or time.monotonic() - since < threshold:
                return  # a new connection, or one in use moments ago
            try:
                alive = dialect.do_ping(dbapi_connection)
            except Exception as error:
                raise DisconnectionError("pooled connection died while idle") from error
            if alive is False:
                raise DisconnectionError("pooled connection died while idle")

        event.listen(engine, "checkout", checkout)
        event.listen(engine, "checkin", _checkin)
