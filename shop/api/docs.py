"""GET /api/docs: the OpenAPI document as a readable page (server-rendered: no script, no CDN)."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template

bp = Blueprint("api_reference", __name__)

METHODS = ("get", "post", "put", "patch", "delete")


@bp.get("/api/docs")
def reference():
    document = current_app.extensions["shop_api"].spec.to_dict()
    return render_template("api/docs.html", doc=document, methods=METHODS)
