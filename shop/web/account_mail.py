"""The emails that carry account links (invitations, password resets): their words, their
links, and when they go out. Shared by the auth and admin pages."""

from __future__ import annotations

import logging
import smtplib
from datetime import timedelta
from functools import partial

from flask import Flask, Response, after_this_request, current_app, render_template, url_for

from .. import mail
from ..accounts.email_links import Link
from ..accounts.models import User
from ..accounts.tokens import Purpose, account_links

log = logging.getLogger(__name__)

INVITATION_ENDPOINT = "auth.invitation_accept"
RESET_ENDPOINT = "auth.password_reset_form"


def available() -> bool:
    """Whether this shop can send email (production without MAIL_SERVER cannot)."""
    return mail.enabled()


def link_url(endpoint: str, token: str) -> str:
    """The absolute address of a link page: on SHOP_BASE_URL when set (production requires
    it with a mail server: a link must not follow a request's Host header), otherwise on
    the address of the request that sends it."""
    base = current_app.config["SHOP_BASE_URL"]
    if base:
        return base + url_for(endpoint, token=token)
    return url_for(endpoint, token=token, _external=True)


def _lifetime_words(lifetime: timedelta) -> str:
    hours = int(lifetime.total_seconds()) // 3600
    if hours >= 48:
        return f"{hours // 24} days"
    return "an hour" if hours == 1 else f"{hours} hours"


def invitation(link: Link, role: str, inviter: User) -> mail.Message:
    shop_name = current_app.config["SHOP_NAME"]
    body = render_template(
        "mail/invitation.txt",
        shop_name=shop_name,
        email=link.email,
        role=role,
        inviter=inviter.email,
        url=link_url(INVITATION_ENDPOINT, link.token),
        lifetime=_lifetime_words(account_links.lifetime(Purpose.INVITATION)),
    )
    return mail.Message(link.email, f"You are invited to {shop_name}'s staff area", body)


def password_reset(link: Link) -> mail.Message:
    shop_name = current_app.config["SHOP_NAME"]
    body = render_template(
        "mail/password_reset.txt",
        shop_name=shop_name,
        email=link.email,
        url=link_url(RESET_ENDPOINT, link.token),
        lifetime=_lifetime_words(account_links.lifetime(Purpose.RESET)),
    )
    return mail.Message(link.email, f"Reset your {shop_name} password", body)


def send_now(message: mail.Message) -> bool:
    """Send while the request waits; False (and logged) when the mail server refused or
    could not be reached, so the page can say so."""
    try:
        mail.send(message)
    except (OSError, smtplib.SMTPException, mail.MailDisabled):
        log.exception("Email %r could not be sent", message.subject)
        return False
    return True


def send_after_response(message: mail.Message) -> None:
    """Send once the response has gone out: the answer to "reset my password" then takes
    the same time whether or not an account gets a message (no SMTP exchange to time)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]

    @after_this_request
    def queue(response: Response) -> Response:
        response.call_on_close(partial(_send_later, app, message))
        return response


def _send_later(app: Flask, message: mail.Message) -> None:
    # The request's context is gone by now; a failure can only be logged.
    with app.app_context():
        send_now(message)
