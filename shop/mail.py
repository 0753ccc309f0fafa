"""Outgoing email: one plain-text message to one address, through Flask-Mailman.

Which way a message goes is the MAIL_BACKEND setting (shop/config.py): SMTP to MAIL_SERVER,
the console in development and testing without one, or nowhere ("disabled", production
without a mail server), where callers must not offer what needs email at all.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, current_app
from flask_mailman import EmailMessage

from .extensions import mail


class MailDisabled(RuntimeError):
    """This shop has no way to send email (production without MAIL_SERVER)."""


@dataclass(frozen=True, slots=True)
class Message:
    """A plain-text email to one address; the sender is MAIL_DEFAULT_SENDER."""

    to: str
    subject: str
    body: str


def init_mail(app: Flask) -> None:
    mail.init_app(app)


def enabled() -> bool:
    """Whether this shop can send email at all."""
    return current_app.config["MAIL_BACKEND"] != "disabled"


def send(message: Message) -> None:
    """Send `message` now (inside an app context); SMTP failures raise (OSError and
    smtplib.SMTPException), so the caller can say the message did not go."""
    if not enabled():
        raise MailDisabled("Email is not configured: set MAIL_SERVER.")
    # One line each: a header with a line break in it would be refused anyway.
    subject = " ".join(message.subject.split())
    EmailMessage(subject, message.body, to=[message.to]).send()
