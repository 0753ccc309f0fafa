"""Sign-in and sign-out pages."""

from __future__ import annotations

import logging

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.exceptions import TooManyRequests

from ..accounts import services as accounts
from ..accounts.throttle import login_throttle
from ..web.next_url import safe_next
from ..web.sessions import end_session, start_session
from .forms import LoginForm

bp = Blueprint("auth", __name__)
log = logging.getLogger(__name__)

BAD_CREDENTIALS = "That email and password do not match an active account."


def _after_login_url(form: LoginForm | None = None) -> str:
    raw = form.next.data if form is not None else request.args.get("next")
    return safe_next(raw) or url_for("admin.dashboard")


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if request.method == "GET":
        if current_user.is_authenticated:
            return redirect(_after_login_url())
        form.next.data = safe_next(request.args.get("next")) or ""
        return render_template("auth/login.html", form=form)
    if not form.validate():
        return render_template("auth/login.html", form=form), 400
    email, address = form.email.data, request.remote_addr or ""
    wait = login_throttle.attempt(email, address)
    if wait is not None:
        log.warning("Sign-in throttled from %s", address)
        raise TooManyRequests(
            description=f"Too many failed sign-ins. Try again in {wait} seconds.", retry_after=wait
        )
    user = accounts.authenticate(email, form.password.data)
    if user is None:
        log.info("Sign-in failed from %s", address)
        form.form_errors.append(BAD_CREDENTIALS)
        form.password.data = ""
        return render_template("auth/login.html", form=form), 400
    login_throttle.succeeded(email, address)
    target = _after_login_url(form)
    start_session(user)
    log.info("Signed in user id=%s", user.id)
    flash("You are signed in.", "success")
    return redirect(target)


@bp.post("/logout")
def logout():
    # CSRF is checked for every POST by CSRFProtect before this runs. Only this browser is
    # signed out; the account's other sessions are ended from the admin's session list.
    end_session()
    flash("You have signed out.", "success")
    return redirect(url_for("storefront.home"))
