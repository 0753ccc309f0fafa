"""`/healthz`: 200 when the database answers, 503 when it does not (for load balancers)."""

from __future__ import annotations

import logging

from flask import Blueprint
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from ..database.transaction import discard
from ..extensions import db

bp = Blueprint("health", __name__)
log = logging.getLogger(__name__)


@bp.get("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        log.warning("health check: database unreachable", exc_info=True)
        discard()
        return {"status": "unavailable", "database": "down"}, 503
    return {"status": "ok", "database": "ok"}, 200
