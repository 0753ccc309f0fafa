"""Fewer database round trips: autocommit reads on the storefront, pings only when idle.

Storefront requests read without a transaction (autocommit), saving two round trips.
A shopper's page only reads, and PostgreSQL's READ COMMITTED gives each statement its own
snapshot anyway, so BEGIN and COMMIT/ROLLBACK bought nothing but two round trips per request.
Worse, psycopg forgets its prepared statements on every ROLLBACK, which is how a session
ends: every request planned every statement again (1.5 ms of planning for a 1 ms listing
query). In autocommit mode psycopg's ROLLBACK on an idle connection is a no-op, so statements
stay prepared. The connection gets its normal isolation back when it returns to the pool.
"""

from __future__ import annotations

import time

from flask import Flask, g
from sqlalchemy import event
from sqlalchemy.exc import DisconnectionError

from .extensions import db


def begin_autocommit_reads() -> None:
    """before_request (storefront): the session's connection runs in autocommit mode."""
    session = db.session()
    if not session.in_transaction():  # tests may share a session already in a transaction
        session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
        g.autocommit_reads = True


def end_autocommit_reads(exc: BaseException | None) -> None:
    """teardown_request: hand the connection back at once (also when tests keep the app
    context, and with it the session, open across requests)."""
    if g.pop("autocommit_reads", False):
        db.session.commit()  # nothing to commit: it ends the session's transaction


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
