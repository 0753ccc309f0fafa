"""The staff dashboard: counts, products needing attention, recent changes."""

from __future__ import annotations

from flask import render_template

from ..audit import queries as audit_queries
from ..catalogue import staff_queries
from . import bp


@bp.get("/")
def dashboard():
    return render_template(
        "admin/dashboard.html",
        counts=staff_queries.dashboard_counts(),
        attention=staff_queries.products_needing_attention(10),
        recent=audit_queries.recent_entries(12),
    )
