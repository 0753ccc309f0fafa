"""Warm a new worker before it takes requests: templates, the category tree, a read connection.

Without it the first request of every new gunicorn worker (after a deploy, or each
`max_requests` recycle) compiled some thirty templates and opened the database first: over
half a second, paid by a shopper.
"""

from __future__ import annotations

import logging

from flask import Flask

log = logging.getLogger(__name__)


def warm_up(app: Flask) -> None:
    """Compile every page template and read the catalogue snapshot; never raises."""
    if "catalogue_cache" not in getattr(app, "extensions", {}):
        return  # not the shop (gunicorn also runs the benchmark's bare app)
    from .catalogue.version import catalogue_snapshot
    from .database.connections import open_read_connection

    try:
        env = app.jinja_env
        for name in env.list_templates(filter_func=lambda n: n.endswith(".html")):
            env.get_template(name)
        with app.app_context():
            catalogue_snapshot()
            open_read_connection(app)
    except Exception:
        # The database may be down while workers start: pages fail (the shop's error page,
        # /healthz 503) until it is back, then work without a restart.
        log.warning("worker warm-up incomplete", exc_info=True)
