"""The signed-in staff member's own account: their browser sessions and API token families,
each of which they can end (a lost phone, a leaked token)."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from ..accounts import api_tokens, staff_sessions
from ..web.sessions import lifetimes
from . import bp
from .common import actor, plural

# (CSRFProtect checks every POST below before the view runs.)


@bp.get("/account/")
def account():
    return render_template(
        "admin/account.html",
        sessions=staff_sessions.standing(current_user.id, lifetimes()),
        families=api_tokens.standing_families(current_user.id),
        this_session=current_user.browser_session_id,
    )


@bp.post("/account/sessions/<int:session_id>/end")
def account_session_end(session_id: int):
    if session_id == current_user.browser_session_id:
        flash("To end this session, sign out.", "error")
    elif staff_sessions.end_one(current_user, session_id, actor=actor()):
        flash("That session is signed out.", "success")
    else:
        flash("That session had already ended.", "error")
    return redirect(url_for(".account"))


@bp.post("/account/sessions/end-others")
def account_sessions_end_others():
    keep = current_user.browser_session_id
    ended = staff_sessions.end_others(current_user, actor=actor(), keep_session_id=keep)
    flash(f"Signed out {plural(ended, 'other session')}.", "success")
    return redirect(url_for(".account"))


@bp.post("/account/tokens/<string(length=32):family_id>/end")
def account_tokens_end(family_id: str):
    if api_tokens.end_families(current_user, actor=actor(), family_id=family_id):
        flash("Those API tokens are revoked.", "success")
    else:
        flash("Those API tokens had already ended.", "error")
    return redirect(url_for(".account"))


@bp.post("/account/tokens/end-all")
def account_tokens_end_all():
    ended = api_tokens.end_families(current_user, actor=actor())
    flash(f"Revoked {plural(ended, 'API sign-in')}.", "success")
    return redirect(url_for(".account"))
