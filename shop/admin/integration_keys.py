"""Admin-only integration keys (under `admin.users`, guarded there): list, create (the key is
shown once), revoke."""

from __future__ import annotations

import logging

from flask import flash, redirect, render_template, url_for

from ..accounts import integration_keys
from ..dbtypes import utcnow
from . import users_bp as bp
from .common import actor, add_error
from .forms import IntegrationKeyForm

log = logging.getLogger(__name__)


@bp.get("/keys/")
def key_list():
    now = utcnow()
    keys = [(key, integration_keys.status(key, now)) for key in integration_keys.all_keys()]
    return render_template("admin/users/keys.html", keys=keys)


@bp.route("/keys/new", methods=["GET", "POST"])
def key_new():
    form = IntegrationKeyForm()
    if form.validate_on_submit():
        try:
            row, key = integration_keys.create(
                form.name.data, form.role.data, form.lifetime.data, actor=actor()
            )
        except integration_keys.IntegrationKeyError as exc:
            add_error(form, exc.field, str(exc))
        else:
            log.info("Integration key id=%s created by id=%s", row.id, row.created_by_id)
            # Shown on this page only: it is not stored, and the page is never cached.
            return render_template("admin/users/key_created.html", row=row, key=key), 201
    status = 400 if form.is_submitted() else 200
    return render_template("admin/users/key_new.html", form=form), status


@bp.post("/keys/<int:key_id>/revoke")
def key_revoke(key_id: int):
    row = integration_keys.revoke(key_id, actor=actor())
    if row is None:
        flash("There is no such key.", "error")
    else:
        flash(f"The key {row.name} is revoked; requests with it are refused.", "success")
    return redirect(url_for(".key_list"))
