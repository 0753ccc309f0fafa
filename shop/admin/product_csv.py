"""The staff list's products as a CSV download: every product its filter matches, streamed."""

from __future__ import annotations

from flask import Response, request, stream_with_context

from ..catalogue import csv_export, staff_queries
from ..dbtypes import utcnow
from . import bp
from .common import actor
from .product_list import ListState


@bp.get("/products/export.csv")
def product_export():
    tree = staff_queries.staff_category_tree(with_counts=False)
    state = ListState.from_args(request.args, tree)
    lines = csv_export.export_lines(state.product_filter(tree, actor().id))
    response = Response(stream_with_context(lines), mimetype="text/csv")
    stamp = utcnow().strftime("%Y-%m-%d-%H%M")
    response.headers["Content-Disposition"] = f'attachment; filename="products-{stamp}.csv"'
    # Nginx passes the rows on as they are read, instead of holding a million in a buffer.
    response.headers["X-Accel-Buffering"] = "no"
    return response
