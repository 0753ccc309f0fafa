"""Storefront requests read without a transaction (autocommit), saving two round trips.

A shopper's page only reads, and PostgreSQL's READ COMMITTED gives each statement its own
snapshot anyway, so BEGIN and COMMIT/ROLLBACK bought nothing but two round trips per request.
Worse, psycopg forgets its prepared statements on every ROLLBACK, which is how a session
ends: every request planned every statement again (1.5 ms of planning for a 1 ms listing
query). In autocommit mode psycopg's ROLLBACK on an idle connection is a no-op, so statements
stay prepared. The connection gets its normal isolation back when it returns to the pool.
"""

from __future__ import annotations

from flask import g

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
