"""Password reset by email: ask for a link (the same answer for any address, throttled), then
choose a new password through it."""

from __future__ import annotations

import logging

from flask import render_template, request
from werkzeug.exceptions import TooManyRequests

from ..accounts import email_links
from ..accounts.throttle import reset_throttle
from ..accounts.tokens import LinkRefused
from ..web import account_mail
from .forms import PasswordResetRequestForm
from .link_pages import LinkPage, choose_password
from .views import bp

log = logging.getLogger(__name__)

RESET_PAGE = LinkPage(
    title="Choose a new password",
    intro="Choose a new password for {email}. Every browser signed in to this account "
    "will be signed out.",
    done="Your new password is set. Sign in with it.",
    holder=email_links.reset_user,
    redeem=email_links.reset_password,
    refusals={
        LinkRefused.INVALID: "This reset link is not valid. Check that the whole link was "
        "copied from the email, or ask for a new one.",
        LinkRefused.EXPIRED: "This reset link has expired: a link works for an hour. Ask "
        "for a new one.",
        LinkRefused.USED: "This reset link has already been used, or the password changed "
        "since it was sent. Ask for a new one if you still need it.",
        email_links.INACTIVE: "This account is deactivated. An admin can reactivate it.",
    },
    next_step=("Ask for a new link", "auth.password_reset_request"),
)


@bp.route("/password-reset", methods=["GET", "POST"])
def password_reset_request():
    if not account_mail.available():
        return render_template("auth/password_reset.html", form=None)
    form = PasswordResetRequestForm()
    if request.method == "GET":
        return render_template("auth/password_reset.html", form=form)
    if not form.validate():
        return render_template("auth/password_reset.html", form=form), 400
    email, address = form.email.data, request.remote_addr or ""
    wait = reset_throttle.attempt(email, address)
    if wait is not None:
        log.warning("Password-reset requests throttled from %s", address)
        raise TooManyRequests(
            description=f"Too many password-reset requests. Try again in {wait} seconds.",
            retry_after=wait,
        )
    link = email_links.reset_link_for(email)
    if link is not None:
        # After the response: the answer takes as long whether or not a message goes.
        account_mail.send_after_response(account_mail.password_reset(link))
    log.info("Password reset asked for from %s", address)  # never which address, or whether
    return render_template("auth/password_reset_sent.html")


@bp.route("/password-reset/<token>", methods=["GET", "POST"])
def password_reset_form(token: str):
    return choose_password(RESET_PAGE, token)
