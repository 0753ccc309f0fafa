"""Sign-in and sign-out: messages, redirects, sessions, throttling, cookies and logs."""

from __future__ import annotations

import logging
import time

import pytest
from sqlalchemy import select

from shop.accounts import services as accounts
from shop.accounts import staff_sessions
from shop.accounts.models import StaffSession
from shop.accounts.throttle import login_throttle
from shop.extensions import db
from shop.web.next_url import safe_next
from tests.helpers.a11y import assert_accessible, labels
from tests.helpers.clock import throttle_on_manual_clock
from tests.helpers.database import reset_database
from tests.helpers.factories import STAFF_PASSWORD
from tests.helpers.forms import csrf_token_from


def test_sign_in_page_has_labelled_fields(client):
    html = client.get("/login").get_data(as_text=True)
    found = labels(html)
    assert found["Email"] == "email"
    assert found["Password"] == "password"
    assert 'type="submit" value="Sign in"' in html
    assert_accessible(html)


def test_sign_in_then_dashboard_and_last_login(app, client, staff_user, login):
    response = login(client, staff_user)
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/"
    page = client.get("/admin/")
    assert page.status_code == 200
    assert "staff@example.com" in page.get_data(as_text=True)
    db.session.refresh(staff_user)
    assert staff_user.last_login_at is not None


def test_email_is_case_insensitive(client, staff_user):
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    data = {"email": " STAFF@Example.COM ", "password": STAFF_PASSWORD, "csrf_token": token}
    assert client.post("/login", data=data).status_code == 302


def test_unknown_email_and_wrong_password_get_the_same_answer(client, staff_user):
    answers = []
    attempts = [("nobody@example.com", STAFF_PASSWORD), (staff_user.email, "wrong" * 4)]
    for email, password in attempts:
        token = csrf_token_from(client.get("/login").get_data(as_text=True))
        response = client.post(
            "/login", data={"email": email, "password": password, "csrf_token": token}
        )
        assert response.status_code == 400
        html = response.get_data(as_text=True)
        assert "That email and password do not match an active account." in html
        answers.append(html.replace(email, "EMAIL"))
    assert answers[0] == answers[1] or all("do not match" in a for a in answers)
    assert client.get("/admin/").status_code == 302


def test_deactivated_account_cannot_sign_in(client, staff_user, login):
    staff_user.is_active_account = False
    db.session.commit()
    assert login(client, staff_user).status_code == 400


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "https://evil.example/",
        "http:evil.example",
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " //evil.example",
        "/\t/evil.example",
        "/%2F/evil.example",
        "%2F%2Fevil.example",
        "/%5Cevil.example",
        "\n//evil.example",
        "data:text/html,hi",
        "evil.example",
        "",
    ],
)
def test_next_is_refused_unless_local(client, staff_user, login, target):
    assert safe_next(target) is None
    response = login(client, staff_user, next=target)
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/"


@pytest.mark.parametrize("target", ["/admin/products/?page=2", "/admin/categories/", "/"])
def test_local_next_is_followed(client, staff_user, login, target):
    assert safe_next(target) == target
    response = login(client, staff_user, next=target)
    assert response.headers["Location"] == target


def test_anonymous_admin_request_round_trip(client, staff_user, login):
    response = client.get("/admin/products/?page=1&q=oak")
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith("/login?next=")
    page = client.get(location).get_data(as_text=True)
    assert 'name="next" type="hidden" value="/admin/products/?page=1&amp;q=oak"' in page
    assert login(client, staff_user, next="/admin/products/?page=1&q=oak").headers["Location"] == (
        "/admin/products/?page=1&q=oak"
    )


def test_sign_out_needs_post_and_ends_the_session(client, staff_user, login):
    login(client, staff_user)
    assert client.get("/logout").status_code == 405
    page = client.get("/admin/").get_data(as_text=True)
    assert 'value="Sign out"' in page or ">Sign out</button>" in page
    response = client.post("/logout", data={"csrf_token": csrf_token_from(page)})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 302


def test_cookie_copied_before_sign_out_is_refused(app, client, staff_user, login):
    login(client, staff_user)
    stolen = client.get_cookie("session").value
    page = client.get("/admin/").get_data(as_text=True)
    client.post("/logout", data={"csrf_token": csrf_token_from(page)})
    thief = app.test_client()
    thief.set_cookie("session", stolen)
    response = thief.get("/admin/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_deactivation_takes_effect_at_once(app, staff_client, staff_user, admin_user):
    assert staff_client.get("/admin/").status_code == 200
    accounts.set_active(staff_user.id, False, actor=admin_user)
    assert staff_client.get("/admin/").status_code == 302


def test_password_change_signs_out_other_sessions(app, staff_client, staff_user, admin_user):
    accounts.set_password(staff_user.id, "another long password", actor=admin_user)
    assert staff_client.get("/admin/").status_code == 302


def test_session_stores_the_token_not_the_id(staff_client, staff_user):
    with staff_client.session_transaction() as session:
        token = session["_user_id"]
    assert token != str(staff_user.id) and len(token) >= 40
    [row] = db.session.scalars(select(StaffSession).where(StaffSession.user_id == staff_user.id))
    assert row.token_hash == staff_sessions.token_hash(token)


def test_sign_out_ends_this_browser_only(app, client, staff_user, login):
    other = app.test_client()
    login(client, staff_user)
    login(other, staff_user)
    page = client.get("/admin/").get_data(as_text=True)
    client.post("/logout", data={"csrf_token": csrf_token_from(page)})
    assert client.get("/admin/").status_code == 302
    assert other.get("/admin/").status_code == 200


def test_sign_in_renews_the_session(client, staff_user, login):
    client.get("/login")
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    login(client, staff_user)
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session.permanent


@pytest.mark.parametrize("key, age", [("seen_at", 3 * 3600), ("signed_in_at", 13 * 3600)])
def test_idle_and_absolute_lifetimes(staff_client, key, age):
    with staff_client.session_transaction() as session:
        session[key] = int(time.time()) - age
    assert staff_client.get("/admin/").status_code == 302


def test_session_cookie_flags(client, staff_user, login):
    response = login(client, staff_user)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_production_cookies_are_secure(monkeypatch):
    from shop import create_app

    app = create_app(
        {"SHOP_CONFIG": "production", "SECRET_KEY": "x" * 40, "TRUSTED_HOSTS": ["shop.test"]}
    )
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True


def test_private_pages_are_not_cached(client, staff_user, login):
    assert client.get("/login").headers["Cache-Control"] == "no-store"
    login(client, staff_user)
    for url in ("/admin/", "/"):
        response = client.get(url)
        assert response.headers["Cache-Control"] == "no-store"
        assert response.headers["X-Frame-Options"] == "DENY"
        assert "script-src 'self'" in response.headers["Content-Security-Policy"]


WRONG = "not the password"


def _fail(client, email="staff@example.com", password=WRONG):
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    return client.post("/login", data={"email": email, "password": password, "csrf_token": token})


def test_failures_for_one_email_are_throttled_then_recover(make_app, database_url):
    app = make_app(LOGIN_THROTTLE_PER_EMAIL="3 per 15 minutes")
    clock = throttle_on_manual_clock(app)
    with app.app_context():
        reset_database(database_url)
        accounts.create_user("staff@example.com", STAFF_PASSWORD, "staff")
        client = app.test_client()
        assert [_fail(client).status_code for _ in range(3)] == [400, 400, 400]
        blocked = _fail(client)
        assert blocked.status_code == 429
        assert blocked.headers["Retry-After"] == "901"  # the window, and a second to be sure
        assert "Too many failed sign-ins. Try again in 901 seconds." in blocked.get_data(
            as_text=True
        )
        # Even the right password waits: the limit is checked before the password.
        assert _fail(client, password=STAFF_PASSWORD).status_code == 429
        # Another email from the same address is not held up by this one.
        assert _fail(client, email="other@example.com").status_code == 400
        clock.advance(15 * 60 - 1)
        still = _fail(client, password=STAFF_PASSWORD)
        assert (still.status_code, still.headers["Retry-After"]) == (429, "2")
        clock.advance(2)
        assert _fail(client, password=STAFF_PASSWORD).status_code == 302


def test_failures_from_one_address_are_throttled(make_app, database_url):
    app = make_app(LOGIN_THROTTLE_PER_ADDRESS="4 per 15 minutes")
    with app.app_context():
        reset_database(database_url)
        client = app.test_client()
        statuses = [_fail(client, email=f"user{n}@example.com").status_code for n in range(5)]
        assert statuses == [400, 400, 400, 400, 429]
        other = app.test_client()
        token = csrf_token_from(other.get("/login").get_data(as_text=True))
        response = other.post(
            "/login",
            data={"email": "x@example.com", "password": "y", "csrf_token": token},
            environ_overrides={"REMOTE_ADDR": "10.0.0.9"},
        )
        assert response.status_code == 400
        login_throttle.reset()
        assert _fail(client, email="again@example.com").status_code == 400


def test_throttle_counters_belong_to_one_app(make_app, database_url):
    """A new app (as every test makes) starts with no failures counted."""
    for _ in range(2):
        app = make_app(LOGIN_THROTTLE_PER_EMAIL="2 per 15 minutes")
        with app.app_context():
            reset_database(database_url)
            client = app.test_client()
            assert [_fail(client).status_code for _ in range(3)] == [400, 400, 429]


def test_password_never_logged(app, client, admin_user, login, caplog):
    secret = "a very secret passphrase 123"
    caplog.set_level(logging.DEBUG)
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    client.post("/login", data={"email": admin_user.email, "password": secret, "csrf_token": token})
    login(client, admin_user)
    page = client.get("/admin/users/new").get_data(as_text=True)
    client.post(
        "/admin/users/new",
        data={
            "email": "new@example.com",
            "password": secret,
            "role": "staff",
            "csrf_token": csrf_token_from(page),
        },
    )
    user = accounts.find_by_email("new@example.com")
    assert user is not None
    page = client.get(f"/admin/users/{user.id}").get_data(as_text=True)
    client.post(
        f"/admin/users/{user.id}/password",
        data={
            "password": secret + "!",
            "confirm": secret + "!",
            "csrf_token": csrf_token_from(page),
        },
    )
    logged = "\n".join(r.getMessage() + repr(r.args) for r in caplog.records)
    assert caplog.records, "expected some log records"
    assert secret not in logged
    assert secret not in caplog.text
