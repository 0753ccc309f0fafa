"""Signed-in sessions: the user loader, idle and absolute lifetimes, and no-store caching.

The session cookie holds the browser session's secret token (shop/accounts/staff_sessions.py;
never the account's id), the time of sign-in and the time last seen; the loader refuses a
session that was ended (sign-out, "end session", new password, deactivation) or is past
either lifetime.
"""

from __future__ import annotations

import time
from datetime import timedelta

from flask import Flask, Request, Response, current_app, g, request, session
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from flask_login import current_user, login_user, logout_user

from ..accounts import staff_sessions
from ..accounts.models import User
from ..extensions import login_manager

# Only write the cookie again when last-seen moved by this much (fewer Set-Cookie headers).
SEEN_RESOLUTION = 60
PRIVATE_PREFIXES = ("/admin", "/login", "/logout", "/password-reset", "/invitation/")


def _session_expired(now: float) -> bool:
    signed_in, seen = session.get("signed_in_at"), session.get("seen_at")
    if not isinstance(signed_in, int) or not isinstance(seen, int):
        return True
    idle = current_app.permanent_session_lifetime.total_seconds()
    return now - signed_in > current_app.config["SHOP_SESSION_MAX_AGE"] or now - seen > idle


def lifetimes() -> staff_sessions.Lifetimes:
    """The sessions' lifetimes; the stored last-seen time lags by up to SEEN_RESOLUTION."""
    config = current_app.config
    return staff_sessions.Lifetimes(
        absolute=timedelta(seconds=config["SHOP_SESSION_MAX_AGE"]),
        idle=current_app.permanent_session_lifetime + timedelta(seconds=SEEN_RESOLUTION),
    )


def load_user(token: str) -> User | None:
    if _session_expired(time.time()):
        return None
    return staff_sessions.signed_in_user(token, lifetimes())


def start_session(user: User) -> None:
    """A brand-new session for `user`: whatever the old cookie held is dropped (no fixation),
    and the account's other browsers stay signed in."""
    session.clear()
    _forget_request_state()  # a CSRF token made before belongs to the old session
    agent = request.headers.get("User-Agent", "")
    user.browser_session_token = staff_sessions.start(user.id, _address(), agent)
    login_user(user)
    session.permanent = True
    now = int(time.time())
    session["signed_in_at"] = now
    session["seen_at"] = now


def end_session() -> None:
    """Sign this browser out: its session ends, the account's other sessions stay."""
    if current_user.is_authenticated and current_user.browser_session_id is not None:
        staff_sessions.sign_out(current_user.browser_session_id)
    logout_user()
    session.clear()
    _forget_request_state()


def _address() -> str:
    return request.remote_addr or ""


def _forget_request_state() -> None:
    g.pop("_login_user", None)
    g.pop(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"), None)


def _touch_session() -> None:
    # `g` outlives a request when an app context is kept open (tests, scripts): never reuse
    # the user loaded for an earlier request.
    _forget_request_state()
    if "_user_id" not in session:
        # Nobody is signed in. Flask-Login would find that out by hashing the client's address
        # and agent (session protection) and looking for a remember-me cookie, which the shop
        # never issues; say so directly, as its own anonymous path does.
        g._login_user = login_manager.anonymous_user()
        return
    if request.endpoint in ("static", "media.media_file"):
        return
    if not current_user.is_authenticated:
        # Token rotated, account deactivated or session too old: forget the cookie entirely.
        session.clear()
        return
    now = int(time.time())
    if now - session.get("seen_at", 0) >= SEEN_RESOLUTION:
        session["seen_at"] = now
        # The admin's list of sessions says when and from where each was last used: written
        # at most once a minute per browser, like the cookie.
        staff_sessions.seen(current_user.browser_session_id, _address())


def _no_store(response: Response) -> Response:
    private = request.path.startswith(PRIVATE_PREFIXES) or (
        "_user_id" in session and request.endpoint not in ("static", "media.media_file")
    )
    if private:
        response.headers["Cache-Control"] = "no-store"
    return response


class SessionCookies(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, without building a signer for requests that carry no
    session cookie (nearly every shopper's): Flask makes one per request either way."""

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        if app.secret_key and not request.cookies.get(self.get_cookie_name(app)):
            return self.session_class()
        return super().open_session(app, request)


def init_login(app: Flask) -> None:
    app.session_interface = SessionCookies()
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.session_protection = "basic"
    login_manager.user_loader(load_user)
    app.before_request(_touch_session)
    app.after_request(_no_store)
