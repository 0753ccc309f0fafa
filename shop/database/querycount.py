"""Counts the SQL statements each request runs and reports them in `X-Query-Count`."""

from __future__ import annotations

from flask import Flask, Response, g, has_app_context
from sqlalchemy import event
from sqlalchemy.engine import Engine


def _count_statement(conn, cursor, statement, parameters, context, executemany) -> None:
    if has_app_context():
        g.query_count = g.get("query_count", 0) + 1


def current_query_count() -> int:
    return g.get("query_count", 0)


def init_query_count(app: Flask) -> None:
    # One listener for every engine: tests build many apps, each with its own engine.
    if not event.contains(Engine, "before_cursor_execute", _count_statement):
        event.listen(Engine, "before_cursor_execute", _count_statement)

    @app.before_request
    def reset_query_count() -> None:
        # Tests may run several requests inside one app context; count each on its own.
        g.query_count = 0

    if app.config["SHOP_QUERY_COUNT_HEADER"]:

        @app.after_request
        def add_query_count_header(response: Response) -> Response:
            # The page cache adds what it ran before Flask took the request (adopt_visit).
            response.headers["X-Query-Count"] = str(current_query_count())
            return response
