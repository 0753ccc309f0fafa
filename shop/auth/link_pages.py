"""The page behind an emailed link (a reset or an invitation): choose a password, once, or be
told plainly why the link does not work."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import flash, redirect, render_template, url_for

from ..accounts.email_links import INACTIVE
from ..accounts.models import User
from ..accounts.services import AccountError
from ..accounts.tokens import LinkRefused
from ..web.forms import NewPasswordForm


@dataclass(frozen=True, slots=True)
class LinkPage:
    """What differs between the reset and the invitation pages."""

    title: str
    intro: str  # shown above the form; "{email}" is the account's address
    done: str  # flashed on the sign-in page afterwards
    holder: Callable[[str], User]  # the account a token is for; raises LinkRefused
    redeem: Callable[[str, str], User]  # (token, password): sets it; raises as above
    refusals: dict[str, str]  # LinkRefused reason -> what the person is told
    next_step: tuple[str, str]  # (label, endpoint) of the way on from a refused link


# 400 for a link that was never ours; 410 Gone for one that was and no longer works.
STATUS = {LinkRefused.INVALID: 400, LinkRefused.EXPIRED: 410, LinkRefused.USED: 410, INACTIVE: 410}
# The address of a link page holds its token: no Referer carries it to another page, and
# no cache keeps the page (web/sessions.py marks these paths no-store).
NO_REFERRER = {"Referrer-Policy": "no-referrer"}


def refused(page: LinkPage, error: LinkRefused):
    label, endpoint = page.next_step
    body = render_template(
        "auth/link_refused.html",
        title=page.title,
        message=page.refusals[error.reason],
        next_label=label,
        next_url=url_for(endpoint),
    )
    return body, STATUS[error.reason], NO_REFERRER


def choose_password(page: LinkPage, token: str):
    """GET: the form (or why the link does not work). POST: set the password and go on to
    sign in; the form again with its errors; or the refusal, if the link died meanwhile."""
    try:
        user = page.holder(token)
    except LinkRefused as error:
        return refused(page, error)
    form = NewPasswordForm()
    if form.validate_on_submit():
        try:
            page.redeem(token, form.password.data)
        except LinkRefused as error:
            return refused(page, error)
        except AccountError as error:
            form.password.errors = [*form.password.errors, str(error)]
        else:
            flash(page.done, "success")
            return redirect(url_for("auth.login"))
    status = 400 if form.is_submitted() else 200
    body = render_template(
        "auth/new_password.html",
        form=form,
        title=page.title,
        intro=page.intro.format(email=user.email),
        email=user.email,
    )
    return body, status, NO_REFERRER
