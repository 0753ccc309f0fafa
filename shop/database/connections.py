"""Fewer database round trips: autocommit reads on the storefront, pings only when idle.

Storefront requests read without a transaction (autocommit), saving two round trips, on a
plain pooled connection rather than through the ORM session (whose set-up and commit cost
a tenth of a listing page).
A shopper's page only reads, and PostgreSQL's READ COMMITTED gives each statement its own
snapshot anyway, so BEGIN and COMMIT/ROLLBACK bought nothing but two round trips per request.
Worse, psycopg forgets its prepared statements on every ROLLBACK, which is how a session
ends: every request planned every statement again (1.5 ms of planning for a 1 ms listing
query). In autocommit mode psycopg's ROLLBACK on an idle connection is a no-op, so statements
stay prepared. The connection gets its normal isolation back when it returns to the pool.
"""

from __future__ import annotations

import time

from flask import Flask, current_app, g
from sqlalchemy import event
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DisconnectionError

from ..extensions import db

READ_ENGINE = "shop.read_engine"


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


def _checkin(dbapi_connection, record) -> None:
    record.info["idle_since"] = time.monotonic()


def init_connection_checks(app: Flask) -> None:
    """Check a pooled connection before use only if it sat idle a while (DB restarts).

    SQLAlchemy's pool_pre_ping checks on every checkout: one more round trip per request,
    which under load cost as much as a page's query. A connection that was returned less
    than SHOP_DB_PING_AFTER_IDLE seconds ago was working then; one idle for longer (say,
    through a PostgreSQL restart) is pinged, and replaced if the ping fails.
    """
    threshold = float(app.config["SHOP_DB_PING_AFTER_IDLE"])
    # The same pool; connections switch to autocommit on checkout and back on return.
    app.extensions[READ_ENGINE] = db.engine.execution_options(isolation_level="AUTOCOMMIT")
    for engine in db.engines.values():
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

        event.listen(engine, "checkin", _checkin)
        event.listen(engine, "checkout", checkout)
