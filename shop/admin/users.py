"""Admin-only account pages (the `admin.users` blueprint, guarded in __init__): list, create,
invite (and re-send), role, password, deactivate and reactivate."""

from __future__ import annotations

import logging
from collections.abc import Callable

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from ..accounts import api_tokens, email_links, staff_sessions
from ..accounts import services as accounts
from ..accounts.models import User
from ..audit import queries as audit_queries
from ..web import account_mail
from ..web.forms import ButtonForm, NewPasswordForm
from ..web.sessions import lifetimes
from . import users_bp as bp
from .common import actor, add_error, get_or_404, plural
from .forms import InviteForm, RoleForm, UserCreateForm

log = logging.getLogger(__name__)


def _render_list(invite_form: InviteForm | None = None, status: int = 200):
    return (
        render_template(
            "admin/users/list.html",
            users=accounts.all_users(),
            invite_form=invite_form or InviteForm(formdata=None),
            mail_available=account_mail.available(),
        ),
        status,
    )


@bp.get("/")
def user_list():
    return _render_list()


NO_MAIL = (
    "This shop cannot send email (MAIL_SERVER is not set), so it cannot send invitations. "
    "Create the account with a password instead."
)


@bp.post("/invite")
def user_invite():
    """Make an account that waits for its holder to choose a password, and email them the
    link. Should the mail fail, the account stays waiting and the invitation can be re-sent."""
    form = InviteForm()
    if not form.validate_on_submit():
        return _render_list(form, 400)
    if not account_mail.available():
        form.form_errors.append(NO_MAIL)
        return _render_list(form, 409)
    try:
        link = email_links.invite(form.email.data, form.role.data, actor=actor())
    except accounts.AccountError as exc:
        add_error(form, exc.field, str(exc))
        return _render_list(form, 400)
    log.info("Invitation made by id=%s", current_user.id)
    _send_invitation(link, form.role.data)
    return redirect(url_for(".user_list"))


@bp.post("/<int:user_id>/invite")
def user_reinvite(user_id: int):
    """Send a waiting account a new invitation; the links sent before stop working."""
    user = get_or_404(accounts.get_user(user_id))
    if not account_mail.available():
        flash(NO_MAIL, "error")
        return redirect(url_for(".user_list"))
    try:
        link = email_links.reinvite(user.id, actor=actor())
    except accounts.AccountError as exc:
        flash(str(exc), "error")
    else:
        _send_invitation(link, user.role)
    return redirect(url_for(".user_list"))


def _send_invitation(link: email_links.Link, role: str) -> None:
    if account_mail.send_now(account_mail.invitation(link, role, actor())):
        flash(f"Invitation sent to {link.email}.", "success")
    else:
        flash(
            f"The invitation to {link.email} could not be sent: the mail server did not take "
            f"it. The account waits for its invitation; try re-sending it in a moment.",
            "error",
        )


@bp.route("/new", methods=["GET", "POST"])
def user_new():
    form = UserCreateForm()
    if form.validate_on_submit():
        try:
            user = accounts.create_user(
                form.email.data, form.password.data, form.role.data, actor=actor()
            )
        except accounts.AccountError as exc:
            add_error(form, exc.field, str(exc))
        else:
            log.info("Account id=%s created by id=%s", user.id, current_user.id)
            flash(f"Created the {user.role} account {user.email}.", "success")
            return redirect(url_for(".user_edit", user_id=user.id))
    status = 400 if form.is_submitted() else 200
    return render_template("admin/users/new.html", form=form), status


def _render_edit(user: User, role_form=None, password_form=None, status=200):
    return (
        render_template(
            "admin/users/edit.html",
            user=user,
            role_form=role_form or RoleForm(data={"role": user.role}),
            password_form=password_form or NewPasswordForm(formdata=None),
            button_form=ButtonForm(),
            history=audit_queries.entries_for("user", user.id),
            sessions=staff_sessions.standing(user.id, lifetimes()),
            families=api_tokens.standing_families(user.id),
        ),
        status,
    )


@bp.get("/<int:user_id>")
def user_edit(user_id: int):
    return _render_edit(get_or_404(accounts.get_user(user_id)))


def _account_form(user_id: int, form, field: str, change: Callable[[User], str]):
    """POST of one form on the account page: `change(user)` returns the message to flash;
    a refused change shows the page again with the error next to `field`."""
    user = get_or_404(accounts.get_user(user_id))
    if form.validate_on_submit():
        try:
            message = change(user)
        except accounts.AccountError as exc:
            add_error(form, field, str(exc))
        else:
            flash(message, "success")
            return redirect(url_for(".user_edit", user_id=user.id))
    return _render_edit(user, status=400, **{f"{field}_form": form})


@bp.post("/<int:user_id>/role")
def user_role(user_id: int):
    form = RoleForm()

    def change(user: User) -> str:
        accounts.set_role(user.id, form.role.data, actor=actor())
        return f"{user.email} is now {user.role}."

    return _account_form(user_id, form, "role", change)


@bp.post("/<int:user_id>/password")
def user_password(user_id: int):
    form = NewPasswordForm()

    def change(user: User) -> str:
        # Setting one's own password keeps this browser signed in and ends the others.
        keep = current_user.browser_session_id if user.id == current_user.id else None
        accounts.set_password(user.id, form.password.data, actor=actor(), keep_session_id=keep)
        log.info("Password of id=%s set by id=%s", user.id, current_user.id)
        return f"New password set for {user.email}; their other sessions are signed out."

    return _account_form(user_id, form, "password", change)


def _set_active(user_id: int, active: bool):
    user = get_or_404(accounts.get_user(user_id))
    try:
        accounts.set_active(user.id, active, actor=actor())
    except accounts.AccountError as exc:
        flash(str(exc), "error")
        return _render_edit(user, status=409)
    word = "reactivated" if active else "deactivated and signed out"
    flash(f"{user.email} is {word}.", "success")
    return redirect(url_for(".user_edit", user_id=user.id))


@bp.post("/<int:user_id>/deactivate")
def user_deactivate(user_id: int):
    return _set_active(user_id, False)


@bp.post("/<int:user_id>/activate")
def user_activate(user_id: int):
    return _set_active(user_id, True)


@bp.post("/<int:user_id>/sign-out")
def user_sign_out(user_id: int):
    """End the account's browser sessions (but this one, for one's own) and API tokens: a
    lost laptop, a phone left signed in."""
    user = get_or_404(accounts.get_user(user_id))
    keep = current_user.browser_session_id if user.id == current_user.id else None
    sessions, families = accounts.sign_out_everywhere(user.id, actor=actor(), keep_session_id=keep)
    flash(
        f"Ended {plural(sessions, 'browser session')} and {plural(families, 'API sign-in')} "
        f"of {user.email}.",
        "success",
    )
    return redirect(url_for(".user_edit", user_id=user.id))
