"""WEB, staff: the dashboard and the catalogue and account editors.

The whole area is guarded here, once: every view of `bp` (and of the nested `users` blueprint)
runs behind these checks, so a forgotten decorator cannot open a page.
"""

from __future__ import annotations

from flask import Blueprint, abort, redirect, request, url_for
from flask_login import current_user

from ..accounts.models import ROLES
from ..catalogue import schedule
from ..dbtypes import utcnow

bp = Blueprint("admin", __name__, url_prefix="/admin")
users_bp = Blueprint("users", __name__, url_prefix="/users")


@bp.before_request
def require_staff():
    if not current_user.is_authenticated:
        target = request.full_path if request.query_string else request.path
        return redirect(url_for("auth.login", next=target))
    if current_user.role not in ROLES:
        abort(403)
    if request.method == "GET":
        # Staff read the rows as stored: a moment that passed while no shopper came by
        # happens now, so a list or an edit page never shows it as still to come.
        schedule.catch_up(utcnow())
    return None


@users_bp.before_request
def require_admin():
    # Runs after require_staff (parent blueprints' hooks run first).
    if not current_user.is_admin:
        abort(403, description="Only admins manage staff accounts.")


def _attach_views() -> None:
    # The view modules attach their routes to the blueprints above when imported.
    from . import (  # noqa: F401
        account,
        attributes,
        bulk,
        categories,
        dashboard,
        integration_keys,
        product_csv,
        product_images,
        product_import,
        product_list,
        product_variants,
        products,
        users,
    )


_attach_views()
bp.register_blueprint(users_bp)
